// `cubicle templates …`, `names check` and `lookup` against a real gateway, master and
// PostgreSQL: builds followed as plain lines, tables and --json, errors with the API's message,
// error code and request id, and the exit code of each class of failure. Runs that do not
// depend on each other go concurrently (each is a Node process).
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { API_KEY, useTestGateway } from "../../../services/gateway/test/support.js";
import { cubicle, expectExit, tempHome } from "./support.js";

const ctx = useTestGateway();
const home = tempHome();
afterAll(() => home.remove());

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z {2}/;
const REQUEST_ID = "request id [0-9a-f-]{36}";
let env: Record<string, string>;
const run = (...args: string[]) => cubicle(args, { home: home.home, env });
const template = async (ref: string) => (await ctx.api.get(`/templates/${ref}`)).body;

beforeAll(() => {
  env = { CUBICLE_API_URL: ctx.gateway.url, CUBICLE_API_KEY: API_KEY };
});

describe("templates create", () => {
  test("--wait on a pipe: one plain line per phase and log entry (time, step, message), then the ids; exit 0", async () => {
    const r = expectExit(await run("templates", "create", "--name", "my-app", "--image", "alpine:3.20", "--cpu", "1", "--memory", "256", "--wait"), 0);
    const progress = r.stdout.split("\n").filter((l) => ISO_TIME.test(l));
    const steps = progress.map((l) => l.split(/ {2,}/)[1]);
    expect(steps.filter((s) => s !== "status")).toEqual(expect.arrayContaining(["pulling", "building", "distributing"]));
    expect(progress.find((l) => / pulling {2,}/.test(l))).toMatch(/pulling alpine:3\.20$/);
    expect(r.stdout).not.toMatch(/\x1b\[/); // no terminal codes in a pipe
    expect(r.stdout).toMatch(/^template: +tpl-[0-9a-z]+\nname: +my-app\nbuild: +[0-9a-f-]{36}\nstatus: +ready\n$/m);
  });

  test("a build that fails exits 1 with its reason on stderr; with --json the answer is on stdout and the progress on stderr", async () => {
    const [plain, json] = await Promise.all([
      run("templates", "create", "--name", "broken", "--image", "alpine:fail", "--wait"),
      run("--json", "templates", "create", "--image", "alpine:fail", "--wait"),
    ]);
    expect(expectExit(plain, 1).stderr).toMatch(/^error: build [0-9a-f-]{36} failed in building: building alpine:fail failed: the simulated builder always fails images tagged 'fail'$/m);
    expect(expectExit(json, 1).json()).toMatchObject({ templateID: expect.stringMatching(/^tpl-/), buildStatus: "error", reason: { message: expect.stringContaining("alpine:fail"), step: "building" } });
    const stderr = json.stderr.trimEnd().split("\n");
    expect(stderr.length).toBeGreaterThan(3);
    expect(stderr.slice(0, -1).every((l) => ISO_TIME.test(l))).toBe(true);
    expect(JSON.parse(stderr.at(-1)!)).toEqual({ error: { message: expect.stringContaining("failed in building"), code: "build_failed", exitCode: 1 } });
  });

  test("--json without --wait prints the API's answer alone; bad flags and the API's 400 exit 2 (as JSON with --json)", async () => {
    const [created, unknown, notNumber, badName] = await Promise.all([
      run("templates", "create", "--image", "alpine:3.20", "--json"),
      run("templates", "ls", "--bogus", "--json"),
      run("templates", "create", "--image", "alpine:3.20", "--cpu", "lots"),
      run("templates", "create", "--name", "no spaces", "--image", "alpine:3.20"),
    ]);
    expect(expectExit(created, 0).json()).toMatchObject({ templateID: expect.stringMatching(/^tpl-/), buildID: expect.any(String), names: [] });
    expect(expectExit(unknown, 2).stdout).toBe("");
    expect(JSON.parse(unknown.stderr)).toEqual({ error: { message: "unknown option '--bogus'", code: "usage", exitCode: 2 } });
    expect(expectExit(notNumber, 2).stderr).toMatch(/option '--cpu <n>' argument 'lots' is invalid/);
    expect(expectExit(badName, 2).stderr).toMatch(new RegExp(`^error: .+ \\(invalid_name, ${REQUEST_ID}\\)$`, "m"));
  });
});

describe("templates ls, get, tags", () => {
  test("ls: a table of NAME ID STATUS BUILDS SPAWNS PUBLIC CREATED; --json: the SDK's page; --name searches; --all pages", async () => {
    const [table, search, all] = await Promise.all([run("templates", "ls"), run("templates", "ls", "--json", "--name", "MY-"), run("templates", "ls", "--json", "--all", "--limit", "1")]);
    const [head, ...rows] = expectExit(table, 0).stdout.trimEnd().split("\n");
    expect(head!.split(/\s+/)).toEqual(["NAME", "ID", "STATUS", "BUILDS", "SPAWNS", "PUBLIC", "CREATED"]);
    const mine = rows.find((l) => l.startsWith("my-app "));
    expect(mine?.split(/\s{2,}/)).toEqual(["my-app", expect.stringMatching(/^tpl-/), "ready", "1", "0", "no", expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)]);
    expect(expectExit(search, 0).json()).toEqual({ items: [expect.objectContaining({ names: ["my-app"], buildStatus: "ready", cpuCount: 1, memoryMB: 256 })], nextToken: null });
    expect(expectExit(all, 0).json()).toEqual({ items: expect.any(Array), nextToken: null });
    expect(all.json().items.length).toBe(rows.length);
  });

  test("get shows the template and its builds; tags --json lists its tags; a template that does not exist exits 4", async () => {
    const [get, tags, missing] = await Promise.all([run("templates", "get", "my-app"), run("templates", "tags", "my-app", "--json"), run("templates", "get", "no-such-app")]);
    expect(expectExit(get, 0).stdout).toMatch(/^name: +my-app$/m);
    expect(get.stdout).toMatch(/^BUILD +STATUS +CPU +MEMORY +CREATED +FINISHED\n[0-9a-f-]{36} +ready +1 +256 MiB/m);
    expect(expectExit(tags, 0).json()).toEqual(expect.any(Array));
    expect(expectExit(missing, 4).stdout).toBe("");
    expect(missing.stderr).toMatch(new RegExp(`^error: .*no-such-app.* \\(template_not_found, ${REQUEST_ID}\\)$`, "m"));
  });
});

describe("templates rename, publish, rebuild, rm", () => {
  beforeAll(async () => {
    expect((await ctx.api.post("/templates", { name: "other-app", image: "alpine:3.20" })).status).toBe(202);
  });

  test("rename to a taken name exits 5 with the API's message and request id (--json: {error} on stderr, stdout empty)", async () => {
    const [plain, json] = await Promise.all([run("templates", "rename", "other-app", "my-app"), run("templates", "rename", "other-app", "MY-APP", "--json")]);
    expect(expectExit(plain, 5).stderr).toMatch(new RegExp(`^error: .*'my-app'.* \\(name_taken, ${REQUEST_ID}\\)\\n$`));
    expect(expectExit(json, 5).stdout).toBe("");
    expect(JSON.parse(json.stderr)).toEqual({ error: expect.objectContaining({ message: expect.any(String), code: "name_taken", status: 409, requestId: expect.any(String), exitCode: 5 }) });
  });

  test("rename to a free name, then --clear; neither is a usage error (exit 2)", async () => {
    const [renamed, neither] = await Promise.all([run("templates", "rename", "other-app", "renamed-app", "--json"), run("templates", "rename", "my-app")]);
    expect(expectExit(renamed, 0).json()).toMatchObject({ names: ["renamed-app"] });
    expect(expectExit(neither, 2).stderr).toMatch(/give a new name or --clear/);
    expect(expectExit(await run("templates", "rename", "renamed-app", "--clear"), 0).stdout).toMatch(/^tpl-[0-9a-z]+ has no name now\.$/m);
    expect((await template("my-app")).names).toEqual(["my-app"]);
  });

  test("publish makes a template public; publish --private makes it private again", async () => {
    expect(expectExit(await run("templates", "publish", "my-app", "--json"), 0).json()).toMatchObject({ names: ["my-app"], public: true });
    expect((await template("my-app")).public).toBe(true);
    expect(expectExit(await run("templates", "publish", "my-app", "--private"), 0).stdout).toMatch(/^'my-app' \(tpl-[0-9a-z]+\) is private now\.$/m);
    expect((await template("my-app")).public).toBe(false);
  });

  test("rebuild --wait --json follows the new build to ready, its progress on stderr; watch follows it again", async () => {
    const r = expectExit(await run("templates", "rebuild", "my-app", "--image", "alpine:3.21", "--wait", "--json"), 0);
    expect(r.json()).toMatchObject({ names: ["my-app"], buildStatus: "ready" });
    expect(r.stderr).toMatch(/ pulling {2,}pulling alpine:3\.21$/m);
    expect((await template("my-app")).buildCount).toBe(2);
    // watch follows a build again (here: one that has ended), from its first log entry.
    const watched = expectExit(await run("templates", "watch", "my-app"), 0);
    expect(watched.stdout).toMatch(/ pulling {2,}pulling alpine:3\.21\n/);
    expect(watched.stdout).toMatch(/^status: +ready$/m);
  });

  test("rm without --yes on a pipe is a usage error and deletes nothing; with --yes it deletes", async () => {
    expect((await ctx.api.post("/templates", { name: "doomed", image: "alpine:3.20" })).status).toBe(202);
    expect(expectExit(await run("templates", "rm", "doomed"), 2).stderr).toMatch(/stdin is not a terminal to confirm on; pass --yes/);
    expect((await ctx.api.get("/templates/doomed")).status).toBe(200);
    expect(expectExit(await run("templates", "rm", "doomed", "--yes", "--json"), 0).json()).toEqual({ deleted: "doomed" });
    expect((await ctx.api.get("/templates/doomed")).status).toBe(404);
  });
});

describe("names check and lookup", () => {
  test("names check: a usable name (its normalized form), an invalid one and a taken one (exit 1, with why)", async () => {
    const [ok, invalid, taken] = await Promise.all([run("names", "check", "  Fresh-Name "), run("names", "check", "bad name!", "--json"), run("names", "check", "MY-APP")]);
    expect(expectExit(ok, 0).stdout).toBe("'Fresh-Name' can be used (normalized: fresh-name).\n");
    expect(expectExit(invalid, 1).json()).toMatchObject({ valid: false, reason: "invalid_chars" });
    expect(expectExit(taken, 1).stdout).toMatch(/^'MY-APP' cannot be used: 'MY-APP' is already the name of tpl-[0-9a-f]{24} \(taken\)\.$/m);
  });

  test("lookup: the template holding a name; a name nobody holds exits 4", async () => {
    const [json, missing] = await Promise.all([run("lookup", "my-app", "--json"), run("lookup", "nobody-holds-this")]);
    expect(expectExit(json, 0).json()).toMatchObject({ templateID: (await template("my-app")).templateID, names: ["my-app"], buildStatus: "ready" });
    expect(expectExit(missing, 4).stderr).toMatch(/\(template_not_found, request id/);
  });
});
