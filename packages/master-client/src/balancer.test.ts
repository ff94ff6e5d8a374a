// The balancer over several masters: round robin, what it skips, and how probing of
// /readyz ejects and re-admits masters (small node:http servers on port 0).
import { afterEach, describe, expect, test } from "@jest/globals";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { createBalancer, type Balancer, type BalancerOptions } from "./balancer.js";
import { eventually, freePort, listenLocally, closeServer } from "../../../test-support/http.js";

const servers: Server[] = [];
const balancers: Balancer[] = [];

afterEach(async () => {
  await Promise.all(balancers.splice(0).map((b) => b.close().catch(() => undefined)));
  await Promise.all(servers.splice(0).map(closeServer));
});

function balancer(origins: string[], options: Partial<BalancerOptions> = {}): Balancer {
  // No probing unless a test asks for it: an hour between probes.
  const b = createBalancer({ origins, poolOptions: { connections: 4 }, probeMs: 3_600_000, ...options });
  balancers.push(b);
  return b;
}

/** A master whose /readyz answers `status` (changeable); counts and keeps the probes it gets. */
async function readyMaster(initial = 200) {
  const state = { status: initial, probes: [] as IncomingHttpHeaders[], url: "" };
  const server = createServer((req, res) => {
    if (req.url === "/readyz") state.probes.push(req.headers);
    res.writeHead(req.url === "/readyz" ? state.status : 404, { "content-type": "application/json" }).end(JSON.stringify({ status: state.status === 200 ? "ready" : "draining" }));
  });
  servers.push(server);
  state.url = await listenLocally(server);
  return state;
}

const origins = (b: Balancer) => b.upstreams.map((u) => u.origin);
const picks = (b: Balancer, n: number, tried?: ReadonlySet<Balancer["upstreams"][number]>) => Array.from({ length: n }, () => b.pick(tried)?.origin);

const A = "http://127.0.0.1:1";
const B = "http://127.0.0.1:2";
const C = "http://127.0.0.1:3";

describe("pick", () => {
  test("pick() goes round robin across the origins, in the order given", () => {
    const b = balancer([A, B, C]);
    expect(origins(b)).toEqual([A, B, C]);
    expect(picks(b, 7)).toEqual([A, B, C, A, B, C, A]);
    expect(b.inService()).toBe(3);
  });

  test("pick(tried) skips the masters already tried; none left → undefined", () => {
    const b = balancer([A, B, C]);
    const [a, bb, c] = b.upstreams;
    expect(b.pick(new Set([a!]))?.origin).toBe(B);
    expect(b.pick(new Set([a!, bb!]))?.origin).toBe(C);
    expect(b.pick(new Set([a!, bb!, c!]))).toBeUndefined();
  });

  test("an ejected master is skipped, and returned only when no other is left to try", () => {
    const b = balancer([A, B, C]);
    const [a, bb, c] = b.upstreams;
    b.eject(bb!);
    expect(b.inService()).toBe(2);
    expect(picks(b, 4)).toEqual([A, C, A, C]);
    // Every master in service already tried: the ejected one is the fallback.
    expect(b.pick(new Set([a!, c!]))?.origin).toBe(B);
    // All ejected: still an answer (better to try one than none).
    b.eject(a!);
    b.eject(c!);
    expect(b.inService()).toBe(0);
    expect(b.pick()).toBeDefined();
    expect(b.pick(new Set([a!, c!]))?.origin).toBe(B);
  });

  test("ejecting one master twice counts once", () => {
    const b = balancer([A, B]);
    b.eject(b.upstreams[0]!);
    b.eject(b.upstreams[0]!);
    expect(b.inService()).toBe(1);
  });

  test("eject() is a no-op with one origin: the lone master stays in service", () => {
    const b = balancer([A]);
    b.eject(b.upstreams[0]!);
    expect(b.inService()).toBe(1);
    expect(picks(b, 2)).toEqual([A, A]);
    expect(b.pick(new Set(b.upstreams))).toBeUndefined();
  });
});

describe("probing /readyz", () => {
  test("an ejected master is re-admitted once its /readyz answers 200", async () => {
    const m1 = await readyMaster(200);
    const m2 = await readyMaster(200);
    const b = balancer([m1.url, m2.url], { probeMs: 50 });
    b.eject(b.upstreams[0]!);
    expect(b.inService()).toBe(1);
    await eventually(async () => (b.inService() === 2 ? true : undefined), 3_000, "the master to be re-admitted");
    expect(new Set(picks(b, 2))).toEqual(new Set([m1.url, m2.url]));
  });

  test("a master whose /readyz answers 503 (draining) is ejected, and re-admitted when it answers 200 again", async () => {
    const m1 = await readyMaster(200);
    const m2 = await readyMaster(200);
    const b = balancer([m1.url, m2.url], { probeMs: 50 });
    m2.status = 503;
    await eventually(async () => (b.inService() === 1 ? true : undefined), 3_000, "the draining master to be ejected");
    expect(picks(b, 4)).toEqual([m1.url, m1.url, m1.url, m1.url]);
    m2.status = 200;
    await eventually(async () => (b.inService() === 2 ? true : undefined), 3_000, "the master to be re-admitted");
    expect(new Set(picks(b, 2))).toEqual(new Set([m1.url, m2.url]));
  });

  test("a master that refuses connections is ejected by the probe", async () => {
    const m1 = await readyMaster(200);
    const dead = `http://127.0.0.1:${await freePort()}`;
    const b = balancer([m1.url, dead], { probeMs: 50 });
    await eventually(async () => (b.inService() === 1 ? true : undefined), 3_000, "the dead master to be ejected");
    expect(picks(b, 3)).toEqual([m1.url, m1.url, m1.url]);
  });

  test("probes carry the headers given (the bearer token)", async () => {
    const m1 = await readyMaster(200);
    const m2 = await readyMaster(200);
    balancer([m1.url, m2.url], { probeMs: 50, headers: { authorization: "Bearer probe-token-0123456789" } });
    await eventually(async () => (m1.probes.length > 0 && m2.probes.length > 0 ? true : undefined), 3_000, "a probe of each master");
    expect(m1.probes[0]!.authorization).toBe("Bearer probe-token-0123456789");
  });

  test("a single master is never probed", async () => {
    const m1 = await readyMaster(503);
    const b = balancer([m1.url], { probeMs: 20 });
    await new Promise((r) => setTimeout(r, 150));
    expect(m1.probes).toHaveLength(0);
    expect(b.inService()).toBe(1);
  });

  test("close() closes the pools and stops probing", async () => {
    const m1 = await readyMaster(200);
    const m2 = await readyMaster(200);
    const b = balancer([m1.url, m2.url], { probeMs: 30 });
    await eventually(async () => (m1.probes.length >= 2 ? true : undefined), 3_000, "probes");
    await b.close();
    for (const u of b.upstreams) expect(u.pool.closed).toBe(true);
    const seen = m1.probes.length + m2.probes.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(m1.probes.length + m2.probes.length).toBe(seen);
  });
});
