// `cubicle sandboxes …` and `keys …` with --json against a real gateway, master, node agent
// and PostgreSQL; where the CLI finds its address and key (flags, env, config file), login and
// logout; and the exit codes of a missing key and of a gateway that is not there.
import { readFileSync, statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { API_KEY, createTemplateAndWait, useTestGateway } from "../../../services/gateway/test/support.js";
import { closedPortUrl, cubicle, expectExit, tempHome } from "./support.js";

/** For the tests that run many processes one after the other (a busy machine makes each slower). */
const MANY_RUNS_MS = 60_000;

const ctx = useTestGateway();
const home = tempHome();
afterAll(() => home.remove());

let env: Record<string, string>;
const run = (args: string[], options: { env?: Record<string, string>; input?: string } = {}) => cubicle(args, { home: home.home, env: options.env ?? env, ...(options.input !== undefined && { input: options.input }) });

beforeAll(async () => {
  env = { CUBICLE_API_URL: ctx.gateway.url, CUBICLE_API_KEY: API_KEY };
  await createTemplateAndWait(ctx.api, { name: "box-app", image: "alpine:3.20" });
});

describe("sandboxes", () => {
  test("create, ls (by state, metadata, template), get, pause, resume, kill, with --json", async () => {
    const [made, other] = await Promise.all([
      run(["sandboxes", "create", "box-app", "--mode", "strong", "--timeout", "120", "--metadata", "team=a", "env=ci", "--json"]),
      run(["sandboxes", "create", "box-app", "--metadata", "team=b", "--json"]),
    ]);
    expect(expectExit(made, 0).json()).toMatchObject({ sandboxID: expect.stringMatching(/^[0-9a-f-]{36}$/), alias: "box-app", templateID: expect.stringMatching(/^tpl-/) });
    const id: string = made.json().sandboxID;
    const otherId: string = expectExit(other, 0).json().sandboxID;

    const [byMeta, byTemplate, table, detail, badState, badPair] = await Promise.all([
      run(["sandboxes", "ls", "--metadata", "team=a", "--json"]),
      run(["sandboxes", "ls", "--template", "box-app", "--state", "running", "--json"]),
      run(["sandboxes", "ls"]),
      run(["sandboxes", "get", id]),
      run(["sandboxes", "ls", "--state", "asleep"]),
      run(["sandboxes", "create", "box-app", "--metadata", "novalue"]),
    ]);
    expect(expectExit(byMeta, 0).json()).toEqual({ items: [expect.objectContaining({ sandboxID: id, state: "running", metadata: { team: "a", env: "ci" } })], nextToken: null });
    expect(expectExit(byTemplate, 0).json().items.map((s: { sandboxID: string }) => s.sandboxID).sort()).toEqual([id, otherId].sort());
    const rows = expectExit(table, 0).stdout.trimEnd().split("\n");
    expect(rows[0]!.split(/\s+/)).toEqual(["SANDBOX", "TEMPLATE", "STATE", "STARTED", "ENDS", "METADATA"]);
    expect(rows.find((l) => l.startsWith(otherId))).toMatch(/ box-app +running +.+ team=b$/);
    expect(expectExit(detail, 0).stdout).toMatch(new RegExp(`^sandbox: +${id}\\ntemplate: +box-app \\(tpl-[0-9a-z]+\\)\\nstate: +running\\n`));
    expect(detail.stdout).toMatch(/^metadata: +env=ci,team=a$/m);
    expect(expectExit(badState, 2).stderr).toMatch(/expected running, paused or running,paused/);
    expect(expectExit(badPair, 2).stderr).toMatch(/expected key=value, not 'novalue'/);

    expect(expectExit(await run(["sandboxes", "pause", id, "--json"]), 0).json()).toEqual({ sandboxID: id, paused: true });
    const paused = expectExit(await run(["sandboxes", "ls", "--state", "paused", "--json"]), 0).json();
    expect(paused.items).toEqual([expect.objectContaining({ sandboxID: id, state: "paused" })]);
    expect(expectExit(await run(["sandboxes", "resume", id, "--timeout", "60", "--json"]), 0).json()).toMatchObject({ sandboxID: id });
    expect((await ctx.api.get(`/sandboxes/${id}`)).body.state).toBe("running");
    expect(expectExit(await run(["sandboxes", "kill", id]), 0).stdout).toBe(`Killed ${id}.\n`);
    expect(expectExit(await run(["sandboxes", "get", id]), 4).stderr).toMatch(/\(sandbox_not_found, request id/);
  }, MANY_RUNS_MS);
});

describe("keys", () => {
  test("create prints the value once; ls lists it masked; revoke stops it working (exit 3)", async () => {
    const made = expectExit(await run(["keys", "create", "ci"]), 0);
    const value = made.stdout.trim();
    expect(value).toMatch(/^cubicle_[0-9a-f]{40}$/);
    expect(made.stderr).toMatch(/shown this once/);
    const withNewKey = { ...env, CUBICLE_API_KEY: value };
    const [json, table, used] = await Promise.all([run(["keys", "ls", "--json"]), run(["keys", "ls"]), run(["templates", "ls"], { env: withNewKey })]);
    const listed = expectExit(json, 0).json().find((k: { name: string }) => k.name === "ci");
    expect(listed).toMatchObject({ id: expect.any(String), mask: { prefix: "cubicle_", maskedValueSuffix: value.slice(-4) } });
    expect(json.stdout).not.toContain(value.slice(8));
    expect(expectExit(table, 0).stdout).toMatch(new RegExp(`^${listed.id} +ci +cubicle_${value.slice(8, 10)}…${value.slice(-4)} `, "m"));
    expectExit(used, 0);

    expect(expectExit(await run(["keys", "revoke", listed.id, "--json"]), 0).json()).toEqual({ id: listed.id, revoked: true });
    const [refused, after] = await Promise.all([run(["templates", "ls"], { env: withNewKey }), run(["keys", "ls", "--json"])]);
    expect(expectExit(refused, 3).stderr).toMatch(/\(unauthorized, request id [0-9a-f-]+\)$/m);
    expect(expectExit(after, 0).json().some((k: { id: string }) => k.id === listed.id)).toBe(false);
  }, MANY_RUNS_MS);
});

describe("configuration and exit codes", () => {
  test("login checks the key, then writes the config file with mode 0600; logout removes the key; without a key → exit 3", async () => {
    const rejected = expectExit(await run(["login", "--api-url", ctx.gateway.url, "--api-key", "not-a-key-0123456789"], { env: {} }), 3);
    expect(rejected.stderr).toMatch(/\(unauthorized, request id/);
    expect(() => statSync(home.configFile)).toThrow();

    expectExit(await run(["login", "--api-url", ctx.gateway.url, "--api-key", API_KEY], { env: {} }), 0);
    expect(statSync(home.configFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(home.configFile, "utf8"))).toEqual({ apiUrl: ctx.gateway.url, apiKey: API_KEY });
    expectExit(await run(["templates", "ls", "--json"], { env: {} }), 0);

    expect(expectExit(await run(["logout"], { env: {} }), 0).stdout).toMatch(/Removed the API key/);
    expect(JSON.parse(readFileSync(home.configFile, "utf8"))).toEqual({ apiUrl: ctx.gateway.url });
    const keyless = expectExit(await run(["templates", "ls"], { env: {} }), 3);
    expect(keyless.stderr).toMatch(/^error: no API key: run 'cubicle login'/m);

    // The key piped to stdin.
    expectExit(await run(["login"], { env: {}, input: `${API_KEY}\n` }), 0);
    expect(JSON.parse(readFileSync(home.configFile, "utf8"))).toEqual({ apiUrl: ctx.gateway.url, apiKey: API_KEY });
  }, MANY_RUNS_MS);

  test("flags win over the environment, which wins over the config file", async () => {
    const nowhere = await closedPortUrl();
    const wrongKey = "wrong-key-0123456789abcdef";
    // The file (written by the test above) holds the gateway's address and a working key.
    const [fromFile, envKey, envUrl, flags, shown] = await Promise.all([
      run(["config", "--json"], { env: {} }),
      run(["templates", "ls"], { env: { CUBICLE_API_KEY: wrongKey } }),
      run(["templates", "ls"], { env: { CUBICLE_API_URL: nowhere } }),
      run(["templates", "ls", "--json", "--api-url", ctx.gateway.url, "--api-key", API_KEY], { env: { CUBICLE_API_URL: nowhere, CUBICLE_API_KEY: wrongKey } }),
      run(["config", "--json", "--api-key", API_KEY], { env: { CUBICLE_API_URL: nowhere } }),
    ]);
    expect(expectExit(fromFile, 0).json()).toMatchObject({ apiUrl: ctx.gateway.url, apiUrlFrom: "file", apiKeyFrom: "file" });
    expectExit(envKey, 3); // the environment's (wrong) key over the file's
    expect(expectExit(envUrl, 6).stderr).toContain(`could not reach ${nowhere}`); // the environment's address over the file's
    expect(expectExit(flags, 0).json().items).toEqual(expect.any(Array)); // the flags over both
    expect(expectExit(shown, 0).json()).toMatchObject({ apiUrl: nowhere, apiUrlFrom: "env", apiKeyFrom: "flag" });
    expect(shown.stdout).not.toContain(API_KEY);
  });

  test("a gateway that is not there exits 6 (--json: {error} on stderr); an address that is no http URL exits 2", async () => {
    const nowhere = await closedPortUrl();
    const [down, badUrl] = await Promise.all([
      run(["templates", "ls", "--json"], { env: { CUBICLE_API_URL: nowhere, CUBICLE_API_KEY: API_KEY } }),
      run(["templates", "ls", "--api-url", "ftp://example"]),
    ]);
    expect(expectExit(down, 6).stdout).toBe("");
    expect(JSON.parse(down.stderr)).toEqual({ error: { message: expect.stringContaining(`could not reach ${nowhere}`), code: "connection_failed", exitCode: 6 } });
    expect(expectExit(badUrl, 2).stderr).toMatch(/--api-url must be an http:\/\/ or https:\/\/ URL/);
  });

  test("--help documents the exit codes; --version prints the version", async () => {
    const [help, version] = await Promise.all([run(["--help"]), run(["--version"])]);
    for (const line of ["0  success", "2  usage", "3  authentication", "4  not found", "5  conflict", "6  unavailable"]) expect(expectExit(help, 0).stdout).toContain(line);
    expect(expectExit(version, 0).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
