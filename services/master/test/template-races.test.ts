// Concurrent writes to one template: a rename racing a delete, and renames racing each
// other, with lookups running alongside so the name cache is filled while they happen.
import { describe, expect, test } from "@jest/globals";
import { expectErrorShape, useTestMaster, waitForStatus } from "./support.js";

// A generous statement timeout: on the embedded database, one backend serves every connection
// in turn, and four renames queued on one row behind a flood of lookups can outlast the default
// 3 s on a busy machine (a 503). This file is about what races leave behind, not about timeouts
// (slow-database.test.ts is).
const ctx = useTestMaster({ truncate: "each", env: { DB_STATEMENT_TIMEOUT_MS: "30000" } });
const api = () => ctx.master.api;

async function readyTemplate(name: string): Promise<string> {
  const r = await api().post("/templates", { displayName: name, image: "alpine:3.20" });
  expect(r.status).toBe(202);
  await waitForStatus(api(), r.body.templateId, ["ready"]);
  return r.body.templateId as string;
}

const rename = (templateId: string, displayName: string | null) => api().post("/display-name", { templateId, displayName });

describe("a rename racing a delete", () => {
  test("answers 200 or 404 template_not_found, never a 5xx; the template and its names are gone after", async () => {
    for (let round = 0; round < 25; round++) {
      const id = await readyTemplate(`race-del-${round}`);
      const [renamed, deleted] = await Promise.all([rename(id, `race-del-new-${round}`), api().delete(`/templates/${id}`)]);
      expect(deleted.status).toBe(204);
      if (renamed.status !== 200) expectErrorShape(renamed, 404, "template_not_found");
      for (const name of [`race-del-${round}`, `race-del-new-${round}`]) {
        expectErrorShape(await api().get(`/lookup?name=${name}`), 404, "template_not_found");
      }
    }
  });
});

describe("renames racing each other", () => {
  test("after many rounds of concurrent renames, a cached lookup of every name the template ever had finds only its current one", async () => {
    const id = await readyTemplate("spin-0");
    const everHad = new Set(["spin-0"]);
    for (let round = 1; round <= 30; round++) {
      const targets = [1, 2, 3, 4].map((i) => `spin-${round}-${i}`);
      targets.forEach((t) => everHad.add(t));
      // Cached lookups of every name in play, over and over while the renames run: each
      // fills the cache with whatever the database says at that moment.
      let renaming = true;
      const looker = (async () => {
        while (renaming) await Promise.all(targets.map((n) => api().get(`/lookup?name=${n}`)));
      })();
      const renames = await Promise.all(targets.map((t) => rename(id, t)));
      renaming = false;
      await looker;
      for (const r of renames) expect(r.status).toBe(200);
    }
    const current = (await api().get(`/templates/${id}`)).body.displayName as string;
    expect(everHad.has(current)).toBe(true);
    for (const name of everHad) {
      const r = await api().get(`/lookup?name=${name}`);
      if (name === current) expect(r.body).toMatchObject({ templateId: id, displayName: current });
      else expectErrorShape(r, 404, "template_not_found");
    }
  });

  test("two templates renamed to one name at once: one gets it, the other 409 name_taken", async () => {
    for (let round = 0; round < 10; round++) {
      const [a, b] = await Promise.all([readyTemplate(`pair-a-${round}`), readyTemplate(`pair-b-${round}`)]);
      const results = await Promise.all([rename(a, `pair-${round}`), rename(b, `PAIR-${round}`)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results[0]!.status === 200 ? a : b;
      expect((await api().get(`/lookup?name=pair-${round}`)).body.templateId).toBe(winner);
    }
  });
});
