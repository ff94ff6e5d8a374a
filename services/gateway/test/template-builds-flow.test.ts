// E2B's whole template build flow through the gateway with plain HTTP, as its SDK's
// Template.build runs it: POST /v3/templates, GET …/files/{hash}, PUT the tar.gz to the link
// (no API key), POST /v2/templates/{id}/builds/{buildID} with the spec, then the status polled
// with logsOffset until ready. The build's log (each entry naming its step) through the status
// and through GET …/logs windows; builds that fail in a step, naming it. Every answer is checked
// against E2B's API description (test-support/e2b-schema.ts).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, test } from "@jest/globals";
// The gateway does not depend on `tar`; master (which reads the archives) does.
import { create as createTar } from "tar";
import { e2bCall, expectGatewayError, storedSandboxRow, useTestGateway } from "./support.js";

const ctx = useTestGateway();

interface Entry {
  timestamp: string;
  level: string;
  message: string;
  step?: string;
}

/** A gzip'd tar of `files` (path → content), made with the `tar` package as E2B's SDK makes it. */
async function tarGz(files: Record<string, string>): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "cubicle-gw-files-"));
  try {
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    return await createTar({ cwd: dir, gzip: true, portable: true }, ["app"]).concat();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const call = (method: string, path: string, operation: string, status: number, body?: unknown) => e2bCall(ctx.api, method, path, operation, status, body);
const requestBuild = async (name: string) => (await call("POST", "/v3/templates", "/v3/templates", 202, { name })).body as { templateID: string; buildID: string };
const filesOf = (id: string, hash: string) => call("GET", `/templates/${id}/files/${hash}`, "/templates/{templateID}/files/{hash}", 201);
async function startBuild(id: string, buildID: string, spec: unknown) {
  // E2B's description gives this 202 no body (the gateway's carries the build's status): its status only.
  const r = await ctx.api.post(`/v2/templates/${id}/builds/${buildID}`, spec);
  expect({ status: r.status, error: r.body?.error_code }).toEqual({ status: 202, error: undefined });
}
const logs = (id: string, buildID: string, query = "", status = 200) =>
  call("GET", `/templates/${id}/builds/${buildID}/logs${query}`, "/templates/{templateID}/builds/{buildID}/logs", status);

/**
 * Polls the status as E2B's SDK does (`logsOffset` = entries seen so far) until ready or
 * error, each answer valid against E2B's TemplateBuildInfo; answers the last status and
 * every entry seen, in order.
 */
async function follow(id: string, buildID: string): Promise<{ last: any; entries: Entry[] }> {
  const entries: Entry[] = [];
  for (let polls = 0; polls < 400; polls++) {
    const r = await call("GET", `/templates/${id}/builds/${buildID}/status?logsOffset=${entries.length}`, "/templates/{templateID}/builds/{buildID}/status", 200);
    expect(r.body.logs).toEqual(r.body.logEntries.map((e: Entry) => e.message));
    entries.push(...r.body.logEntries);
    if (r.body.status === "ready" || r.body.status === "error") return { last: r.body, entries };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`build ${buildID} did not finish`);
}

const PHASES = ["base", "1", "2", "finalize"];
const SPEC = (filesHash: string) => ({
  fromImage: "alpine:3.20",
  steps: [
    { type: "RUN", args: ["echo hi"] },
    { type: "COPY", args: ["app/", "/app"], filesHash },
  ],
  startCmd: "python3 /app/main.py",
  readyCmd: "sleep 1",
});

let flow: { templateID: string; buildID: string; hash: string; last: any; entries: Entry[] };

beforeAll(async () => {
  const { templateID, buildID } = await requestBuild("flow-app");
  const hash = "f".repeat(8) + "0123456789abcdef".repeat(3) + "01234567";
  const link = (await filesOf(templateID, hash)).body;
  expect(link).toEqual({ present: false, url: expect.stringMatching(new RegExp(`^${ctx.gateway.url}/uploads/[A-Za-z0-9_-]{43}$`)) });
  const archive = await tarGz({ "app/main.py": "print('hello from cubicle')\n", "app/lib/util.py": "X = 1\n".repeat(100) });
  // No API key: the link's token is the credential.
  const put = await fetch(link.url, { method: "PUT", body: archive, headers: { "content-type": "application/octet-stream" } });
  expect({ status: put.status, body: await put.json() }).toEqual({ status: 201, body: { hash, bytes: archive.length } });
  expect((await filesOf(templateID, hash)).body).toEqual({ present: true });
  await startBuild(templateID, buildID, SPEC(hash));
  flow = { templateID, buildID, hash, ...(await follow(templateID, buildID)) };
});

describe("a build from E2B's spec, through plain HTTP", () => {
  test("ends ready; its log walks base, one step per spec step, finalize, in order, each line in its step", async () => {
    expect(flow.last).toMatchObject({ templateID: flow.templateID, buildID: flow.buildID, status: "ready" });
    expect(flow.last.reason).toBeUndefined();
    const step = (message: string | RegExp) => flow.entries.find((e) => (typeof message === "string" ? e.message === message : message.test(e.message)))?.step;
    expect(step("pulling alpine:3.20")).toBe("base");
    expect(step("RUN echo hi")).toBe("1");
    expect(step("COPY app/ /app")).toBe("2");
    expect(step("  app/main.py (28 bytes)")).toBe("2");
    expect(step("  app/lib/util.py (600 bytes)")).toBe("2");
    expect(step(/^copied 2 files, .* to \/app$/)).toBe("2");
    expect(step("start command: python3 /app/main.py")).toBe("finalize");
    expect(step("ready command: sleep 1")).toBe("finalize");
    const order = flow.entries.map((e) => PHASES.indexOf(e.step ?? "")).filter((i) => i >= 0);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  test("every entry names its step, the last one ('build finished: template is ready') too", async () => {
    expect(flow.entries.at(-1)).toMatchObject({ message: "build finished: template is ready", step: "finalize" });
    expect(flow.entries.filter((e) => !PHASES.includes(e.step ?? ""))).toEqual([]);
  });

  test("the SDK's polling saw the whole log exactly once: the same as one read of the status", async () => {
    const whole = await call("GET", `/templates/${flow.templateID}/builds/${flow.buildID}/status`, "/templates/{templateID}/builds/{buildID}/status", 200);
    expect(flow.entries).toEqual(whole.body.logEntries);
  });

  test("the template is ready on its build: by name and id, and a sandbox (POST /sandboxes and /v2/sandboxes) starts that build", async () => {
    expect((await call("GET", "/templates/flow-app", "/templates/{templateID}", 200)).body).toMatchObject({ templateID: flow.templateID, buildID: flow.buildID, buildStatus: "ready" });
    for (const path of ["/sandboxes", "/v2/sandboxes"]) {
      const r = await call("POST", path, "/sandboxes", 201, { templateID: "flow-app" });
      expect(r.body).toMatchObject({ templateID: flow.templateID, buildID: flow.buildID });
      expect((await storedSandboxRow(ctx.db, r.body.sandboxID)).template_id).toBe(flow.templateID);
      expect((await ctx.master.api.get(`/sandboxes/${r.body.sandboxID}`)).body.buildId).toBe(flow.buildID);
    }
  });

  test("built again under the same name: the same template, a new build, and the file set is already present", async () => {
    const again = await requestBuild("flow-app");
    expect(again.templateID).toBe(flow.templateID);
    expect((await filesOf(again.templateID, flow.hash)).body).toEqual({ present: true });
    await startBuild(again.templateID, again.buildID, SPEC(flow.hash));
    expect((await follow(again.templateID, again.buildID)).last.status).toBe("ready");
  });
});

describe("GET /templates/{ref}/builds/{buildID}/logs (E2B's TemplateBuildLogsResponse)", () => {
  const window = async (query: string) => (await logs(flow.templateID, flow.buildID, query)).body.logs as Entry[];
  const at = (e: Entry) => Date.parse(e.timestamp);

  test("no query → the whole log, oldest first, as the status gives it; limit cuts it (0 → none)", async () => {
    const all = await window("");
    expect(all).toEqual(flow.entries);
    expect(await window("?limit=3")).toEqual(all.slice(0, 3));
    expect(await window("?limit=0")).toEqual([]);
    expect(await window("?direction=forward&limit=100")).toEqual(all);
  });

  test("forward from a cursor (ms): the entries at or after it, oldest first; backward: at or before it, newest first", async () => {
    const all = await window("");
    const middle = at(all[Math.floor(all.length / 2)]!);
    expect(await window(`?cursor=${middle}`)).toEqual(all.filter((e) => at(e) >= middle));
    expect(await window(`?cursor=${middle}&direction=backward`)).toEqual(all.filter((e) => at(e) <= middle).reverse());
    expect(await window("?direction=backward&limit=3")).toEqual(all.slice(-3).reverse());
    expect(await window(`?cursor=${at(all.at(-1)!) + 1}`)).toEqual([]);
    expect(await window(`?cursor=${at(all[0]!) - 1}&direction=backward`)).toEqual([]);
    // Paging forward as a client does: each page's last time + 1 as the next cursor.
    const paged: Entry[] = [];
    for (let cursor = 0, page = 0; page < 100; page++) {
      const next = await window(`?cursor=${cursor}&limit=4`);
      if (next.length === 0) break;
      paged.push(...next.filter((e) => at(e) < at(next.at(-1)!)));
      cursor = at(next.at(-1)!);
      if (next.every((e) => at(e) === cursor)) {
        paged.push(...next);
        cursor++;
      }
    }
    expect(paged).toEqual(all);
  });

  test("level is the lowest level returned; source is accepted (a build's log is kept with it)", async () => {
    const all = await window("");
    expect(await window("?level=debug")).toEqual(all);
    expect(await window("?level=info")).toEqual(all.filter((e) => e.level !== "debug"));
    expect(await window("?level=error")).toEqual(all.filter((e) => e.level === "error"));
    for (const source of ["temporary", "persistent"]) expect(await window(`?source=${source}`)).toEqual(all);
  });

  test("a bad query → 400 invalid_request; an unknown build (or template id) → 404 build_not_found; an unknown name → 404 template_not_found", async () => {
    for (const query of ["?limit=101", "?limit=-1", "?limit=x", "?cursor=-5", "?cursor=1.5", "?direction=sideways", "?level=loud", "?source=elsewhere"]) {
      expectGatewayError(await logs(flow.templateID, flow.buildID, query, 400), 400, "invalid_request");
    }
    expectGatewayError(await logs(flow.templateID, "00000000-0000-4000-8000-000000000000", "", 404), 404, "build_not_found");
    expectGatewayError(await logs("flow-nobody", flow.buildID, "", 404), 404, "template_not_found");
    // An id is not looked up first: no template of that id has the build.
    expectGatewayError(await logs(`tpl-${"0".repeat(24)}`, flow.buildID, "", 404), 404, "build_not_found");
  });
});

describe("a build that fails names the step", () => {
  test.each([
    ["a RUN that exits 1", "flow-run-fails", { fromImage: "alpine:3.20", steps: [{ type: "RUN", args: ["echo building"] }, { type: "RUN", args: ["exit 1"] }] }, "step 2: RUN exit 1 exited with code 1", "2"],
    ["a RUN whose last '&&' part is false", "flow-false", { fromImage: "alpine:3.20", steps: [{ type: "RUN", args: ["make && false"] }] }, "step 1: RUN make && false exited with code 1", "1"],
    ["a COPY of files never uploaded", "flow-no-files", { fromImage: "alpine:3.20", steps: [{ type: "COPY", args: ["app/", "/app"], filesHash: "e".repeat(64) }] }, /^step 1: COPY app\/: the files \(hash eeeeeeeeeeee…\) were never uploaded$/, "1"],
    ["an image tagged 'fail'", "flow-bad-base", { fromImage: "alpine:fail", steps: [{ type: "RUN", args: ["echo never"] }] }, /alpine:fail/, "base"],
  ])("%s → status error, reason {message, step}; the first build's name is free again", async (_what, name, spec, message, step) => {
    const { templateID, buildID } = await requestBuild(name);
    await startBuild(templateID, buildID, spec);
    const { last, entries } = await follow(templateID, buildID);
    expect(last).toMatchObject({ status: "error", reason: { message: typeof message === "string" ? message : expect.stringMatching(message), step } });
    expect(entries.at(-1)).toMatchObject({ level: "error" });
    expect(entries.some((e) => e.step === step)).toBe(true);
    expectGatewayError(await ctx.api.get(`/templates/lookup?name=${name}`), 404, "template_not_found");
    expect((await requestBuild(name)).templateID).not.toBe(templateID);
  });
});
