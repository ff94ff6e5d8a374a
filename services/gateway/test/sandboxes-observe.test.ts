// A sandbox's metrics and lifecycle log through the gateway, from the (simulated) node agent
// that holds it: E2B's SandboxMetric in bytes within a time window, the batch of several
// sandboxes, and the log in E2B's two shapes (paged, filtered, also after a kill). Every
// answer is checked against E2B's API description (test-support/e2b-schema.ts).
import { beforeAll, describe, expect, test } from "@jest/globals";
import { sandboxLogsSchema, sandboxLogsV2Schema, sandboxMetricListSchema, sandboxesWithMetricsSchema } from "@cubicle/contracts";
import { createTemplateAndWait, createTestNode, e2bCall, expectSchema, useTestGateway } from "./support.js";

const agent = createTestNode();
const ctx = useTestGateway({ node: agent });

beforeAll(async () => {
  await createTemplateAndWait(ctx.api, { name: "observe-app", image: "alpine:3.20" });
});

const MIB = 1024 * 1024;
const call = (method: string, path: string, operation: string, status: number, body?: unknown) => e2bCall(ctx.api, method, path, operation, status, body);
const start = async (body: Record<string, unknown> = {}): Promise<string> =>
  (await call("POST", "/sandboxes", "/sandboxes", 201, { templateID: "observe-app", ...body })).body.sandboxID;
/** A read that must answer `status`: E2B's body for it, and a 200's body as the gateway's own document describes it too. */
async function read(path: string, operation: string, status: number, schema: Parameters<typeof expectSchema>[0]) {
  const r = await call("GET", path, operation, status);
  if (status === 200) expectSchema(schema, r.body);
  return r;
}
const metrics = (id: string, query = "", status = 200) => read(`/sandboxes/${id}/metrics${query}`, "/sandboxes/{sandboxID}/metrics", status, sandboxMetricListSchema);
const batch = (query: string, status = 200) => read(`/sandboxes/metrics${query}`, "/sandboxes/metrics", status, sandboxesWithMetricsSchema);
const logsV1 = (id: string, query = "", status = 200) => read(`/sandboxes/${id}/logs${query}`, "/sandboxes/{sandboxID}/logs", status, sandboxLogsSchema);
const logsV2 = (id: string, query = "", status = 200) => read(`/v2/sandboxes/${id}/logs${query}`, "/v2/sandboxes/{sandboxID}/logs", status, sandboxLogsV2Schema);
const seconds = (ms: number) => Math.floor(ms / 1000);

describe("GET /sandboxes/{id}/metrics", () => {
  test("→ [the node's sample of now]: its configured CPUs, memory and disk in bytes, nothing used, the time in both forms", async () => {
    const id = await start();
    const before = Date.now();
    const r = await metrics(id);
    expect(r.body).toEqual([
      {
        timestamp: expect.any(String),
        timestampUnix: expect.any(Number),
        cpuCount: 2,
        cpuUsedPct: 0,
        memUsed: 0,
        memTotal: 512 * MIB,
        memCache: 0,
        diskUsed: 0,
        diskTotal: 1024 * MIB,
      },
    ]);
    const [m] = r.body;
    expect(m.timestampUnix).toBe(seconds(Date.parse(m.timestamp)));
    expect(Date.parse(m.timestamp)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(m.timestamp)).toBeLessThanOrEqual(Date.now() + 1);
  });

  test("start and end (Unix seconds, included) bound the window: the sample when now is inside it, else []", async () => {
    const id = await start();
    const now = seconds(Date.now());
    expect((await metrics(id, `?start=${now - 60}&end=${now + 60}`)).body).toHaveLength(1);
    expect((await metrics(id, `?start=${now - 60}`)).body).toHaveLength(1);
    expect((await metrics(id, `?start=${now + 3_600}`)).body).toEqual([]);
    expect((await metrics(id, `?end=${now - 3_600}`)).body).toEqual([]);
    expect((await metrics(id, `?start=${now - 7_200}&end=${now - 3_600}`)).body).toEqual([]);
    for (const query of [`?start=${now + 60}&end=${now}`, "?start=abc", "?end=-1", "?start=1.5"]) await metrics(id, query, 400);
  });

  test("a paused sandbox: what its node reports of it (its configured sizes, nothing used)", async () => {
    const id = await start();
    await call("POST", `/sandboxes/${id}/pause`, "/sandboxes/{sandboxID}/pause", 204, {});
    expect((await metrics(id)).body).toEqual([expect.objectContaining({ cpuCount: 2, memUsed: 0, memTotal: 512 * MIB, diskTotal: 1024 * MIB })]);
  });
});

describe("GET /sandboxes/metrics?sandbox_ids=", () => {
  test("→ {sandboxes: {id: metric}} for the team's sandboxes named (any letter case); other ids are left out", async () => {
    const [a, b] = [await start(), await start({ metadata: { n: "2" } })];
    const r = await batch(`?sandbox_ids=${a},${b.toUpperCase()},i8p3xkq2m4n5o6r7s8t9,${"0".repeat(32)}`);
    expect(Object.keys(r.body.sandboxes).sort()).toEqual([a, b].sort());
    expect(r.body.sandboxes[a]).toMatchObject({ cpuCount: 2, memTotal: 512 * MIB, diskTotal: 1024 * MIB, memCache: 0 });
    expect((await batch("?sandbox_ids=i8p3xkq2m4n5o6r7s8t9")).body).toEqual({ sandboxes: {} });
  });

  test("more than 100 ids, an id named twice, none, or one that is no id → 400", async () => {
    const many = Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(32, "0")).join(",");
    expect((await batch(`?sandbox_ids=${many.split(",").slice(0, 100).join(",")}`)).body).toEqual({ sandboxes: {} });
    for (const query of [`?sandbox_ids=${many}`, `?sandbox_ids=${"a".repeat(32)},${"a".repeat(32)}`, "", "?sandbox_ids=", "?sandbox_ids=a,,b", "?sandbox_ids=bad.id"]) await batch(query, 400);
  });
});

describe("sandbox logs", () => {
  /** A sandbox that was created, given a new timeout, paused and resumed. */
  async function eventful(): Promise<string> {
    const id = await start({ timeout: 300 });
    await call("POST", `/sandboxes/${id}/timeout`, "/sandboxes/{sandboxID}/timeout", 204, { timeout: 600 });
    await call("POST", `/sandboxes/${id}/pause`, "/sandboxes/{sandboxID}/pause", 204, {});
    await call("POST", `/sandboxes/${id}/connect`, "/sandboxes/{sandboxID}/connect", 201, { timeout: 120 });
    return id;
  }
  const EVENTS = [/^created from template /, /^timeout changed: ends at /, /^paused /, /^resumed /];

  test("GET /sandboxes/{id}/logs: the lifecycle events, oldest first, each also a JSON line E2B's CLI parses; start (ms) and limit cut the window", async () => {
    const id = await eventful();
    const r = await logsV1(id);
    expect(r.body.logEntries).toHaveLength(EVENTS.length);
    r.body.logEntries.forEach((e: { message: string; level: string; fields: unknown }, i: number) => {
      expect(e.message).toMatch(EVENTS[i]!);
      expect(e).toMatchObject({ level: "info", fields: {} });
    });
    expect(r.body.logs.map((l: { timestamp: string }) => l.timestamp)).toEqual(r.body.logEntries.map((e: { timestamp: string }) => e.timestamp));
    const line = JSON.parse(r.body.logs[2].line);
    expect(line).toEqual({ level: "info", logger: "cubicle-node", message: r.body.logEntries[2].message });

    const third = Date.parse(r.body.logEntries[2].timestamp);
    expect((await logsV1(id, `?start=${third}`)).body.logEntries.map((e: { message: string }) => e.message)).toEqual(r.body.logEntries.slice(2).map((e: { message: string }) => e.message));
    expect((await logsV1(id, "?limit=2")).body.logEntries).toEqual(r.body.logEntries.slice(0, 2));
    expect((await logsV1(id, `?start=${Date.now() + 60_000}`)).body).toEqual({ logs: [], logEntries: [] });
    for (const query of ["?start=-1", "?limit=abc", "?start=1e3"]) await logsV1(id, query, 400);
  });

  test("GET /v2/sandboxes/{id}/logs: forward from a cursor (paged), backward from one, by level and by text", async () => {
    const id = await eventful();
    const all = (await logsV2(id)).body.logs as { timestamp: string; message: string; level: string }[];
    expect(all.map((e) => e.message)).toEqual(expect.arrayContaining(EVENTS.map((re) => expect.stringMatching(re))));
    expect(all).toHaveLength(EVENTS.length);

    // Paging forward as a client does: the next cursor is the last entry's time + 1 ms.
    const paged: string[] = [];
    let cursor = 0;
    for (let page = 0; page < 10; page++) {
      const r = await logsV2(id, `?cursor=${cursor}&limit=1&direction=forward`);
      if (r.body.logs.length === 0) break;
      paged.push(r.body.logs[0].message);
      cursor = Date.parse(r.body.logs[0].timestamp) + 1;
    }
    // Events of the same millisecond would be skipped by such a cursor: at most as many as there are.
    expect(all.map((e) => e.message)).toEqual(expect.arrayContaining(paged));

    expect((await logsV2(id, "?direction=backward&limit=2")).body.logs.map((e: { message: string }) => e.message)).toEqual([all[3]!.message, all[2]!.message]);
    const secondAt = Date.parse(all[1]!.timestamp);
    expect((await logsV2(id, `?direction=backward&cursor=${secondAt}`)).body.logs.map((e: { message: string }) => e.message)).toEqual(
      all.filter((e) => Date.parse(e.timestamp) <= secondAt).reverse().map((e) => e.message),
    );
    expect((await logsV2(id, "?level=info")).body.logs).toHaveLength(EVENTS.length);
    expect((await logsV2(id, "?level=warn")).body.logs).toEqual([]);
    expect((await logsV2(id, "?search=paused")).body.logs.map((e: { message: string }) => e.message)).toEqual([all[2]!.message]);
    expect((await logsV2(id, "?search=Paused")).body.logs).toEqual([]);
    expect((await logsV2(id, "?limit=0")).body.logs).toEqual([]);
    for (const query of ["?limit=1001", "?direction=sideways", "?level=loud", "?cursor=-5", `?search=${"x".repeat(257)}`]) await logsV2(id, query, 400);
  });

  test("a killed sandbox's log ends with 'killed' (both shapes), while the sandbox itself is gone", async () => {
    const id = await start();
    await call("DELETE", `/sandboxes/${id}`, "/sandboxes/{sandboxID}", 204);
    await call("GET", `/sandboxes/${id}`, "/sandboxes/{sandboxID}", 404);
    expect((await logsV1(id)).body.logEntries.at(-1).message).toBe("killed");
    expect((await logsV2(id, "?direction=backward&limit=1")).body.logs.map((e: { message: string }) => e.message)).toEqual(["killed"]);
  });
});
