// Masters that crash, stop or run side by side: builds held in the database under a lease
// must neither be left `building` for good nor run twice.
import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import {
  eventually,
  getTemplate,
  startMasterProcess,
  stopAllServices,
  truncateTables,
  waitForStatus,
  type BuildBody,
  type JsonClient,
  type MasterProcess,
  type TemplateBody,
} from "./support.js";

beforeEach(async () => {
  await truncateTables();
});

afterEach(async () => {
  await stopAllServices();
});

interface Created {
  templateId: string;
  buildId: string;
  name: string;
  image: string;
}

async function create(api: JsonClient, name: string, image: string): Promise<Created> {
  const r = await api.post("/templates", { displayName: name, image });
  expect({ status: r.status, body: r.body }).toMatchObject({ status: 202, body: { displayName: name, status: "building" } });
  return { templateId: r.body.templateId, buildId: r.body.buildId, name, image };
}

/**
 * Waits until some template's build is running, in phase `phase` when one is named (in any
 * when not); returns that build.
 */
async function waitForRunningBuild(api: JsonClient, templates: Created[], phase?: string, timeoutMs = 10_000): Promise<{ template: Created; build: BuildBody }> {
  return eventually(
    async () => {
      for (const template of templates) {
        const build = (await getTemplate(api, template.templateId)).builds[0];
        if (build?.status === "building" && build.phase !== null && (phase === undefined || build.phase === phase)) return { template, build };
      }
      return undefined;
    },
    timeoutMs,
    phase === undefined ? "a build to be running" : `a build to be in phase '${phase}'`,
  );
}

/**
 * The phase pause of a master whose builds are interrupted: a build it is seen running still
 * has seconds to go when it is stopped, however slow the machine (a master started after it
 * may take short phases again).
 */
const LONG_PHASE_MS = "3000";

const messages = (build: BuildBody | undefined) => (build?.logs ?? []).map((l) => l.message);

/** Adds the masters' output to a failing assertion's message. */
async function withOutput<T>(masters: (MasterProcess | undefined)[], body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    const outputs = masters.filter((m) => m !== undefined).map((m, i) => `--- master ${i + 1} (port ${m.port}) output ---\n${m.output() || "(none)"}`);
    if (err instanceof Error) err.message += `\n${outputs.join("\n")}`;
    throw err;
  }
}

describe("restarting masters", () => {
  test("a master killed mid-build and started again leaves no template building", async () => {
    const env = { BUILD_LEASE_MS: "1500", BUILD_SWEEP_MS: "100" };
    const first = await startMasterProcess({ ...env, BUILD_PHASE_DELAY_MS: LONG_PHASE_MS });
    const templates = [
      await create(first.api, "restart-alpha", "alpine:3.20"),
      await create(first.api, "restart-beta", "debian:12"),
      await create(first.api, "restart-doomed", "alpine:fail"),
    ];
    const [alpha, beta, doomed] = templates as [Created, Created, Created];

    const interrupted = await waitForRunningBuild(first.api, templates, "building");
    expect(await first.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });

    const second = await startMasterProcess({ ...env, BUILD_PHASE_DELAY_MS: "400" });
    await withOutput([first, second], async () => {
      const finished = await eventually(
        async () => {
          const all = await Promise.all(templates.map((t) => getTemplate(second.api, t.templateId)));
          return all.every((t: TemplateBody) => t.status !== "building") ? all : undefined;
        },
        15_000,
        "every template to leave 'building' after the restart",
      );
      const byId = new Map(finished.map((t: TemplateBody) => [t.templateId, t]));
      const final = (c: Created) => byId.get(c.templateId) as TemplateBody;

      for (const ok of [alpha, beta]) {
        expect({ name: ok.name, status: final(ok).status, build: final(ok).builds[0]?.status }).toEqual({ name: ok.name, status: "ready", build: "ready" });
        const found = await second.api.get(`/lookup?name=${ok.name}`);
        expect({ status: found.status, templateId: found.body?.templateId }).toEqual({ status: 200, templateId: ok.templateId });
      }

      const doomedBuild = final(doomed).builds[0];
      expect({ status: final(doomed).status, displayName: final(doomed).displayName, build: doomedBuild?.status }).toEqual({
        status: "failed",
        displayName: null,
        build: "failed",
      });
      expect(doomedBuild?.reason).toMatch(/fail/);
      expect((await second.api.get(`/lookup?name=${doomed.name}`)).status).toBe(404);
      const again = await second.api.post("/templates", { displayName: doomed.name, image: "alpine:3.20" });
      expect({ status: again.status, displayName: again.body?.displayName }).toEqual({ status: 202, displayName: doomed.name });

      // The build seen mid-phase when the first master died was taken over and resumed, not restarted.
      const resumed = final(interrupted.template).builds[0];
      expect(resumed?.buildId).toBe(interrupted.build.buildId);
      expect(messages(resumed).some((m) => /^resuming in phase (building|distributing)$/.test(m))).toBe(true);
    });
  });

  test("a master stopped gracefully hands its builds back and the next one resumes them at once", async () => {
    // A lease far longer than the test: only the hand-back on SIGTERM can let the next master resume quickly.
    const env = { BUILD_LEASE_MS: "60000", BUILD_SWEEP_MS: "100" };
    const first = await startMasterProcess({ ...env, BUILD_PHASE_DELAY_MS: LONG_PHASE_MS });
    const template = await create(first.api, "graceful-one", "alpine:3.20");
    await waitForRunningBuild(first.api, [template], "building");

    const stopped = Date.now();
    expect(await first.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopped).toBeLessThan(5_000);

    const second = await startMasterProcess({ ...env, BUILD_PHASE_DELAY_MS: "500" });
    await withOutput([first, second], async () => {
      const resumedFrom = Date.now();
      const done = await waitForStatus(second.api, template.templateId, ["ready", "failed"], 5_000);
      expect(Date.now() - resumedFrom).toBeLessThan(5_000);
      expect({ status: done.status, builds: done.builds.map((b: BuildBody) => [b.buildId, b.status]) }).toEqual({
        status: "ready",
        builds: [[template.buildId, "ready"]],
      });
      const log = messages(done.builds[0]);
      expect(log.some((m) => /^resuming in phase (building|distributing)$/.test(m))).toBe(true);
      // Resumed, not started over: pulling ran once only.
      expect(log.filter((m) => m.startsWith("pulling ")).length).toBe(1);
    });
  });

  test("a build interrupted BUILD_MAX_ATTEMPTS times is failed, not resumed forever", async () => {
    // The second master gives the build up at its claim: it runs no phase of it.
    const env = { BUILD_PHASE_DELAY_MS: LONG_PHASE_MS, BUILD_LEASE_MS: "1000", BUILD_SWEEP_MS: "100", BUILD_MAX_ATTEMPTS: "1" };
    const first = await startMasterProcess(env);
    const template = await create(first.api, "given-up", "alpine:3.20");
    await waitForRunningBuild(first.api, [template]);
    await first.stop("SIGKILL");

    const second = await startMasterProcess(env);
    await withOutput([first, second], async () => {
      const done = await waitForStatus(second.api, template.templateId, ["ready", "failed"], 10_000);
      const build = done.builds[0];
      expect({ status: done.status, displayName: done.displayName, builds: done.builds.length, build: build?.status }).toEqual({
        status: "failed",
        displayName: null,
        builds: 1,
        build: "failed",
      });
      expect(build?.reason).toMatch(/interrupted/);
      expect(messages(build).some((m) => m.startsWith("resuming"))).toBe(false);

      expect((await second.api.get(`/lookup?name=${template.name}`)).status).toBe(404);
      const again = await create(second.api, template.name, "alpine:3.20");
      const found = await second.api.get(`/lookup?name=${template.name}`);
      expect({ status: found.status, templateId: found.body?.templateId }).toEqual({ status: 200, templateId: again.templateId });
    });
  });

  test("two masters on one database run each build exactly once", async () => {
    const env = { BUILD_PHASE_DELAY_MS: "150", BUILD_SWEEP_MS: "50", MASTER_TOKEN: "e2e-token-0123456789abcdef" };
    const masters = await Promise.all([startMasterProcess(env), startMasterProcess(env)]);
    await withOutput(masters, async () => {
      const created: Created[] = [];
      for (let i = 0; i < 6; i++) {
        created.push(await create(masters[i % 2]!.api, `twin-${i}`, `alpine:3.${20 + i}`));
      }
      for (const [i, c] of created.entries()) {
        // Read each through the master that did not create it: both see the same database.
        const done = await waitForStatus(masters[(i + 1) % 2]!.api, c.templateId, ["ready", "failed"], 10_000);
        expect({ name: c.name, status: done.status, builds: done.builds.length }).toEqual({ name: c.name, status: "ready", builds: 1 });
        const log = messages(done.builds[0]);
        const count = (re: RegExp) => log.filter((m) => re.test(m)).length;
        expect({
          name: c.name,
          pulling: count(new RegExp(`^pulling ${c.image.replace(".", "\\.")}$`)),
          building: count(/^building the root filesystem$/),
          distributing: count(/^distributing the snapshot to nodes$/),
          finished: count(/^build finished/),
          resumed: count(/^resuming/),
        }).toEqual({ name: c.name, pulling: 1, building: 1, distributing: 1, finished: 1, resumed: 0 });
      }
      // Without the token the API refuses, with it both masters answer.
      expect((await fetch(`${masters[0]!.url}/templates/${created[0]!.templateId}`)).status).toBe(401);
    });
  });
});
