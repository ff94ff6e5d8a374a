import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import type pg from "pg";
import type { AgentCreateRequest, NodeView, SandboxView } from "@cubicle/contracts";
import type { NodeAgentHandle } from "@cubicle/node-agent";
import { jsonClient, type JsonClient, type Reply } from "../../../test-support/http.js";
import { truncateTables } from "../../../test-support/templates.js";
import { AGENT_TOKEN, TEST_NODE_DOWN_AFTER_MS, createTestNode, eventually, expectErrorShape, startTestAgent, startTestMaster, testDb, waitForStatus, type SimulatedNode, type TestMaster } from "./support.js";

/**
 * Node agents as master sees them, through HTTP against real PostgreSQL: registration by
 * heartbeat, placement across nodes, calls routed to the node that holds a sandbox, a node
 * going down and coming back (with or without its sandboxes), orphans, and AGENT_TOKEN.
 * Test masters mark a node down TEST_NODE_DOWN_AFTER_MS after its last heartbeat (agents beat
 * every 100 ms); an agent that closes says it is leaving, and its node is down at once.
 */

/**
 * Each describe starts its own masters and agents on emptied tables (and an empty nodes
 * table: nodes other test files left behind are not candidates here), and closes them after
 * its tests, agents before masters.
 */
function useCluster() {
  const agents: NodeAgentHandle[] = [];
  const masters: TestMaster[] = [];
  const c = {
    db: undefined as unknown as pg.Pool,
    async master(env: Record<string, string> = {}, overrides: Parameters<typeof startTestMaster>[1] = {}): Promise<TestMaster> {
      const m = await startTestMaster(env, overrides);
      masters.push(m);
      return m;
    },
    async agent(masterUrl: string, node: SimulatedNode, env: Record<string, string> = {}): Promise<NodeAgentHandle> {
      const a = await startTestAgent(masterUrl, node, env);
      agents.push(a);
      return a;
    },
  };
  beforeAll(async () => {
    c.db = testDb();
    await truncateTables();
    await c.db.query("DELETE FROM nodes");
  });
  afterAll(async () => {
    for (const a of agents) await a.close();
    for (const m of masters.reverse()) await m.close();
    await c.db?.end();
  });
  return c;
}

async function readyTemplate(api: JsonClient): Promise<string> {
  const r = await api.post("/templates", { image: "alpine:3.20" });
  expect(r.status).toBe(202);
  await waitForStatus(api, r.body.templateId, ["ready"]);
  return r.body.templateId as string;
}

/** A create that must succeed; returns the sandbox. */
async function created(api: JsonClient, body: Record<string, unknown>): Promise<SandboxView> {
  const r = await api.post("/sandboxes", body);
  if (r.status !== 201) throw new Error(`POST /sandboxes answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body as SandboxView;
}

async function nodeView(api: JsonClient, nodeId: string): Promise<NodeView | undefined> {
  const r: Reply<NodeView[]> = await api.get("/nodes");
  if (r.status !== 200) throw new Error(`GET /nodes answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.find((n) => n.nodeId === nodeId);
}

const nodeIs = (api: JsonClient, nodeId: string, state: NodeView["state"]) =>
  eventually(async () => {
    const n = await nodeView(api, nodeId);
    return n?.state === state ? n : undefined;
  }, 5_000, `node ${nodeId} to be ${state}`);

async function row(db: pg.Pool, id: string): Promise<Record<string, any> | undefined> {
  return (await db.query("SELECT *, end_at <= now() AS ended FROM sandboxes WHERE id = $1", [id])).rows[0];
}
const waitForRow = (db: pg.Pool, id: string) => eventually(() => row(db, id), 5_000, `the record of sandbox ${id}`);
const rowGone = (db: pg.Pool, id: string) => eventually(async () => ((await row(db, id)) ? undefined : true), 5_000, `the record of sandbox ${id} to go`);
const rowCount = async (db: pg.Pool) => Number((await db.query("SELECT count(*) AS n FROM sandboxes")).rows[0].n);
const slots = async (db: pg.Pool, team: string) => Number((await db.query("SELECT sandbox_slots FROM teams WHERE id = $1", [team])).rows[0].sandbox_slots);
/** The team's slot counter once it matches its records again (fast-mode records and slot releases land after the answer). */
const settledSlots = (db: pg.Pool, team: string, expected?: number) =>
  eventually(async () => {
    const [n, records] = [await slots(db, team), Number((await db.query("SELECT count(*) AS n FROM sandboxes WHERE team_id = $1", [team])).rows[0].n)];
    return n === (expected ?? records) && n === records ? n : undefined;
  }, 5_000, "the team's sandbox slots to match its records");

/**
 * Waits until each master's directory has read these nodes up (`refresh()` may hand back a
 * read that was already under way before the node registered).
 */
async function seeUp(masters: TestMaster[], nodes: SimulatedNode[]): Promise<void> {
  await Promise.all(masters.map((m) => m.nodes.refresh()));
  await eventually(async () => (masters.every((m) => nodes.every((n) => m.nodes.status(n.node) === "up")) ? true : undefined), 5_000, "the masters to see the nodes up");
}

const hexId = () => randomBytes(16).toString("hex");
const nodeCalls = (node: SimulatedNode, sandboxId: string) => node.calls().filter((c) => c.sandboxId === sandboxId);

/**
 * A node whose heartbeats go on reporting the load of the moment `freeze` was called: what
 * master believes of a node whose heartbeat does not know yet that it changed.
 */
function staleHeartbeats(node: SimulatedNode) {
  let frozen: ReturnType<SimulatedNode["load"]> | null = null;
  return {
    node: { ...node, load: () => frozen ?? node.load() } as SimulatedNode,
    freeze() {
      frozen = node.load();
    },
    thaw() {
      frozen = null;
    },
  };
}

describe("registration", () => {
  const cluster = useCluster();
  let m: TestMaster;
  let templateId: string;
  beforeAll(async () => {
    m = await cluster.master({}, { node: createTestNode({ capacity: 7 }) });
    await seeUp([m], [m.node]);
    templateId = await readyTemplate(m.api);
  });

  test("an agent's heartbeat → GET /nodes lists its node up, with its address, capacity and load (the load follows its sandboxes)", async () => {
    const n = await nodeView(m.api, m.node.node);
    expect(n).toMatchObject({ nodeId: m.node.node, address: m.agent.url, capacity: 7, load: 0, state: "up" });
    expect(Date.parse(n!.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(n!.registeredAt));

    const s = await created(m.api, { templateId });
    expect(s.node).toBe(m.node.node);
    await eventually(async () => ((await nodeView(m.api, m.node.node))?.load === 1 ? true : undefined), 5_000, "the heartbeat to report a load of 1");
  });

  test("a heartbeat for a node id nobody holds → 200 with the node's view; GET /nodes lists it", async () => {
    const id = `fresh-${hexId().slice(0, 8)}`;
    const r = await m.api.call("PUT", `/nodes/${id}`, { address: "http://node-fresh.example:3200", capacity: 0, load: 0, bootId: randomUUID() });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ nodeId: id, address: "http://node-fresh.example:3200", capacity: 0, load: 0, state: "up" });
    expect(await nodeView(m.api, id)).toMatchObject({ nodeId: id, state: "up" });
  });

  const good = () => ({ address: "http://node-x.example:3200", capacity: 3, load: 0, bootId: randomUUID() as string });
  test.each<[string, string | null, (hb: Record<string, unknown>) => Record<string, unknown>]>([
    ["a node id with upper case and '_'", "Bad_Node", (hb) => hb],
    ["a node id of 64 characters", "n".repeat(64), (hb) => hb],
    ["an address that is not http(s)", null, (hb) => ({ ...hb, address: "ftp://node-x.example:3200" })],
    ["an address with a path", null, (hb) => ({ ...hb, address: "http://node-x.example:3200/agent" })],
    ["an address that is no URL", null, (hb) => ({ ...hb, address: "node x" })],
    ["a missing bootId", null, ({ bootId: _b, ...hb }) => hb],
    ["a bootId that is no UUID", null, (hb) => ({ ...hb, bootId: "boot-1" })],
    ["a negative load", null, (hb) => ({ ...hb, load: -1 })],
    ["a field heartbeats do not have", null, (hb) => ({ ...hb, region: "eu" })],
  ])("a malformed heartbeat: %s → 400 invalid_request; nothing registered", async (_what, badId, change) => {
    const id = badId ?? `bad-${hexId().slice(0, 8)}`;
    const r = await m.api.call("PUT", `/nodes/${encodeURIComponent(id)}`, change(good()));
    expectErrorShape(r, 400, "invalid_request");
    expect(await nodeView(m.api, id)).toBeUndefined();
  });

  test("another live agent claiming the node's id from another address (another bootId) → 409 node_id_taken; the node keeps its address", async () => {
    const r = await m.api.call("PUT", `/nodes/${m.node.node}`, { address: "http://impostor.example:3200", capacity: 50, load: 0, bootId: randomUUID() });
    expectErrorShape(r, 409, "node_id_taken");
    expect(await nodeView(m.api, m.node.node)).toMatchObject({ address: m.agent.url, capacity: 7, state: "up" });
  });

  test("the same address with a new bootId (the agent restarted) → 200; the node stays up at its address", async () => {
    const r = await m.api.call("PUT", `/nodes/${m.node.node}`, { address: m.agent.url, capacity: 7, load: 1, bootId: randomUUID() });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ nodeId: m.node.node, address: m.agent.url, capacity: 7, load: 1, state: "up" });
    // The agent's own heartbeats (its bootId, the same address) go on being accepted.
    const seen = Date.parse(r.body.lastSeenAt);
    const later = await eventually(async () => {
      const n = await nodeView(m.api, m.node.node);
      return n && Date.parse(n.lastSeenAt) > seen ? n : undefined;
    }, 5_000, "a later heartbeat");
    expect(later).toMatchObject({ address: m.agent.url, state: "up" });
  });
});

describe("placement across two nodes", () => {
  const cluster = useCluster();
  let m: TestMaster;
  let a: SimulatedNode;
  let b: SimulatedNode;
  let bBeats: ReturnType<typeof staleHeartbeats>;
  let templateId: string;
  beforeAll(async () => {
    a = createTestNode({ capacity: 2 });
    m = await cluster.master({}, { node: a });
    b = createTestNode({ capacity: 10 });
    bBeats = staleHeartbeats(b);
    await cluster.agent(m.url, bBeats.node);
    await seeUp([m], [a, b]);
    templateId = await readyTemplate(m.api);
  });

  test("most free room first: node A has room for 2, node B for 10 → the first creates land on B", async () => {
    expect(await nodeView(m.api, a.node)).toMatchObject({ state: "up", capacity: 2 });
    expect(await nodeView(m.api, b.node)).toMatchObject({ state: "up", capacity: 10 });
    for (let i = 0; i < 3; i++) {
      const s = await created(m.api, { templateId });
      expect(s.node).toBe(b.node);
      expect(b.holds(s.sandboxId)).toBe(true);
    }
    expect(a.ids()).toEqual([]);
    expect(a.calls()).toEqual([]);
  });

  test("B's create answers full (its capacity dropped to 0, its heartbeat does not know yet) → the create lands on A", async () => {
    bBeats.freeze();
    b.setCapacity(0);
    const s = await created(m.api, { templateId });
    expect(s.node).toBe(a.node);
    expect(a.holds(s.sandboxId)).toBe(true);
    // B was asked first, and refused.
    expect(nodeCalls(b, s.sandboxId)).toEqual([{ op: "create", sandboxId: s.sandboxId }]);
    expect(b.holds(s.sandboxId)).toBe(false);
    expect((await waitForRow(cluster.db, s.sandboxId)).node).toBe(a.node);
  });

  test("every node is full → 503 no_node_available (fast and strong), nothing recorded, the quota slot freed: a later create works once there is room", async () => {
    a.setCapacity(a.load().running);
    const before = await settledSlots(cluster.db, m.team);
    // One slot left: a slot a refused create kept would make the last create below fail with 429.
    await cluster.db.query("UPDATE teams SET max_sandboxes = $2 WHERE id = $1", [m.team, before + 1]);
    try {
      const [heldA, heldB] = [a.ids(), b.ids()];
      for (const mode of ["fast", "strong"] as const) {
        const name = `full-${mode}-${hexId().slice(0, 6)}`;
        const r = await m.api.post("/sandboxes", { templateId, mode, name });
        expectErrorShape(r, 503, "no_node_available");
        expect(r.body.message).toMatch(/nothing was created/);
        expect(await rowCount(cluster.db)).toBe(before);
        expect((await cluster.db.query("SELECT 1 FROM sandboxes WHERE name = $1", [name])).rowCount).toBe(0);
        expect(await settledSlots(cluster.db, m.team, before)).toBe(before);
      }
      expect(a.ids()).toEqual(heldA);
      expect(b.ids()).toEqual(heldB);

      bBeats.thaw();
      b.setCapacity(10);
      await m.nodes.refresh();
      const s = await created(m.api, { templateId });
      expect(s.node).toBe(b.node);
      expectErrorShape(await m.api.post("/sandboxes", { templateId }), 429, "quota_exceeded");
    } finally {
      await cluster.db.query("UPDATE teams SET max_sandboxes = NULL WHERE id = $1", [m.team]);
    }
  });
});

describe("calls go to the recorded node whatever master handles them", () => {
  const cluster = useCluster();
  let m1: TestMaster;
  let m2: TestMaster;
  let a: SimulatedNode;
  let b: SimulatedNode;
  let templateId: string;
  beforeAll(async () => {
    a = createTestNode({ capacity: 100 });
    m1 = await cluster.master({}, { node: a });
    // A second master on the same database: it shares the first one's agent.
    m2 = await cluster.master({}, { agent: m1.agent });
    b = createTestNode({ capacity: 100 });
    await cluster.agent(m1.url, b);
    await seeUp([m1, m2], [a, b]);
    templateId = await readyTemplate(m1.api);
  });

  test("sandboxes created through master 1 are read and deleted through master 2 at the node that holds each; the other node is never asked", async () => {
    const made: SandboxView[] = [];
    const modes = ["fast", "strong", "fast"] as const;
    // Equal nodes: placements alternate (each placement takes room); both nodes get some.
    while (made.length < 20 && (made.length < 4 || !made.some((s) => s.node === a.node) || !made.some((s) => s.node === b.node))) {
      made.push(await created(m1.api, { templateId, mode: modes[made.length % modes.length] }));
    }
    expect(made.some((s) => s.node === a.node) && made.some((s) => s.node === b.node)).toBe(true);

    for (const s of made) {
      const [holder, other] = s.node === a.node ? [a, b] : [b, a];
      expect(holder.holds(s.sandboxId)).toBe(true);
      await waitForRow(cluster.db, s.sandboxId);

      const got = await m2.api.get(`/sandboxes/${s.sandboxId}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ sandboxId: s.sandboxId, node: holder.node, state: "running" });
      expect(nodeCalls(holder, s.sandboxId)).toContainEqual({ op: "get", sandboxId: s.sandboxId });

      expect((await m2.api.delete(`/sandboxes/${s.sandboxId}`)).status).toBe(204);
      expect(nodeCalls(holder, s.sandboxId)).toContainEqual({ op: "delete", sandboxId: s.sandboxId });
      expect(holder.holds(s.sandboxId)).toBe(false);
      expect(nodeCalls(other, s.sandboxId)).toEqual([]);

      expectErrorShape(await m1.api.get(`/sandboxes/${s.sandboxId}`), 404, "sandbox_not_found");
      expect(await row(cluster.db, s.sandboxId)).toBeUndefined();
    }
  });
});

describe("a node that stops heartbeating, and comes back", () => {
  const cluster = useCluster();
  let m: TestMaster;
  let a: SimulatedNode;
  let b: SimulatedNode;
  let agentB: NodeAgentHandle;
  let templateId: string;
  const onB: string[] = [];
  const onA: string[] = [];
  let deletedWhileDown: string;

  const get = (id: string) => m.api.get<SandboxView>(`/sandboxes/${id}`);
  const listed = async () => new Map(((await m.api.get("/sandboxes?limit=100")).body.sandboxes as SandboxView[]).map((s) => [s.sandboxId, s]));
  const onNode = async (node: string) => Number((await cluster.db.query("SELECT count(*) AS n FROM sandboxes WHERE node = $1", [node])).rows[0].n);

  beforeAll(async () => {
    a = createTestNode({ capacity: 100 });
    m = await cluster.master({ SANDBOX_SWEEP_MS: "100" }, { node: a });
    b = createTestNode({ capacity: 1_000 });
    agentB = await cluster.agent(m.url, b);
    await seeUp([m], [a, b]);
    templateId = await readyTemplate(m.api);
    for (const mode of ["fast", "strong", "fast"] as const) {
      const s = await created(m.api, { templateId, mode });
      expect(s.node).toBe(b.node);
      onB.push(s.sandboxId);
      await waitForRow(cluster.db, s.sandboxId);
    }
  });

  test("its agent stops → once NODE_DOWN_AFTER_MS passes without a heartbeat, GET /nodes shows it down; the other node stays up", async () => {
    await agentB.close();
    const down = await nodeIs(m.api, b.node, "down");
    expect(Date.now() - Date.parse(down.lastSeenAt)).toBeGreaterThanOrEqual(TEST_NODE_DOWN_AFTER_MS - 50);
    expect(down).toMatchObject({ address: agentB.url, capacity: 1_000 });
    expect(await nodeView(m.api, a.node)).toMatchObject({ state: "up" });
  });

  test("its sandboxes read state unknown in GET and in the list; nothing is deleted", async () => {
    // GET asks the node (and reads unknown as soon as it does not answer); the list goes by
    // master's view of the nodes, read every NODE_REFRESH_MS.
    await eventually(async () => (m.nodes.status(b.node) === "down" ? true : undefined), 5_000, "master to see the node down");
    const list = await listed();
    for (const id of onB) {
      const r = await get(id);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ sandboxId: id, node: b.node, state: "unknown" });
      expect(list.get(id)).toMatchObject({ node: b.node, state: "unknown" });
      expect(await row(cluster.db, id)).toMatchObject({ node: b.node, ended: false });
    }
    expect(b.ids().sort()).toEqual([...onB].sort());
  });

  test("new creates land on the other node", async () => {
    for (let i = 0; i < 2; i++) {
      const s = await created(m.api, { templateId });
      expect(s.node).toBe(a.node);
      expect(a.holds(s.sandboxId)).toBe(true);
      onA.push(s.sandboxId);
      await waitForRow(cluster.db, s.sandboxId);
    }
    expect((await listed()).get(onA[0]!)).toMatchObject({ state: "running" });
    expect(nodeCalls(b, onA[0]!)).toEqual([]);
  });

  test("DELETE of a sandbox on the down node → 204; it is gone from GET and the list; its record is kept, ended, until the node is back", async () => {
    deletedWhileDown = onB[0]!;
    expect((await m.api.delete(`/sandboxes/${deletedWhileDown}`)).status).toBe(204);
    expectErrorShape(await get(deletedWhileDown), 404, "sandbox_not_found");
    expect((await listed()).has(deletedWhileDown)).toBe(false);
    expect(await row(cluster.db, deletedWhileDown)).toMatchObject({ node: b.node, ended: true });

    // A sweep of the reaper runs (it removes an expired sandbox of the live node) and leaves it.
    const marker = await created(m.api, { templateId });
    expect(marker.node).toBe(a.node);
    await waitForRow(cluster.db, marker.sandboxId);
    await cluster.db.query("UPDATE sandboxes SET end_at = now() WHERE id = $1", [marker.sandboxId]);
    await rowGone(cluster.db, marker.sandboxId);
    expect(a.holds(marker.sandboxId)).toBe(false);
    expect(await row(cluster.db, deletedWhileDown)).toMatchObject({ node: b.node, ended: true });
    expect(b.holds(deletedWhileDown)).toBe(true);
  });

  test("(a) its agent restarts and its sandboxes survived (the same node) → they read running again; the one deleted while it was down is stopped at the node and its record removed", async () => {
    agentB = await cluster.agent(m.url, b);
    expect(agentB.nodeId).toBe(b.node);
    await nodeIs(m.api, b.node, "up");
    await eventually(async () => ((await get(onB[1]!)).body.state === "running" ? true : undefined), 5_000, "the node's sandboxes to read running");
    await eventually(async () => (b.holds(deletedWhileDown) ? undefined : true), 5_000, "the node to stop the sandbox deleted while it was down");
    expect(nodeCalls(b, deletedWhileDown)).toContainEqual({ op: "delete", sandboxId: deletedWhileDown });
    await rowGone(cluster.db, deletedWhileDown);

    const list = await listed();
    for (const id of onB.slice(1)) {
      expect(b.holds(id)).toBe(true);
      expect(await row(cluster.db, id)).toMatchObject({ node: b.node, ended: false });
      expect((await get(id)).body).toMatchObject({ node: b.node, state: "running" });
      expect(list.get(id)).toMatchObject({ state: "running" });
    }
    expect(await settledSlots(cluster.db, m.team)).toBe(onB.length - 1 + onA.length);
  });

  test("(b) its agent comes back as a new node with the same id (its sandboxes were lost) → reconciliation ends their records and frees their slots; the other node is untouched", async () => {
    await agentB.close();
    await nodeIs(m.api, b.node, "down");
    const lost = onB.slice(1);
    expect(await onNode(b.node)).toBe(lost.length);
    const before = await settledSlots(cluster.db, m.team);
    const aCallsBefore = a.calls().length;

    const fresh = createTestNode({ node: b.node, capacity: 1_000 });
    await cluster.agent(m.url, fresh);
    await eventually(async () => ((await onNode(b.node)) === 0 ? true : undefined), 5_000, "reconciliation to end the lost sandboxes' records");
    expect(await settledSlots(cluster.db, m.team)).toBe(before - lost.length);
    for (const id of lost) expectErrorShape(await get(id), 404, "sandbox_not_found");
    expect(fresh.calls().filter((c) => c.op !== "get")).toEqual([]);

    // The other node's sandboxes and records are as they were.
    expect(a.calls().slice(aCallsBefore).filter((c) => c.op !== "get")).toEqual([]);
    for (const id of onA) {
      expect(a.holds(id)).toBe(true);
      expect(await row(cluster.db, id)).toMatchObject({ node: a.node, ended: false });
      expect((await get(id)).body).toMatchObject({ node: a.node, state: "running" });
    }
  });
});

describe("orphans: sandboxes a node runs without a record", () => {
  const cluster = useCluster();
  let m: TestMaster;
  let a: SimulatedNode;
  let templateId: string;
  beforeAll(async () => {
    a = createTestNode();
    m = await cluster.master({ NODE_ORPHAN_GRACE_MS: "300", NODE_RECONCILE_MS: "1000", SANDBOX_SWEEP_MS: "100" }, { node: a });
    await seeUp([m], [a]);
    templateId = await readyTemplate(m.api);
  });

  const spec = (sandboxId: string): AgentCreateRequest => ({
    sandboxId,
    templateId,
    buildId: randomUUID(),
    image: "alpine:3.20",
    cpuCount: 1,
    memoryMB: 256,
    endAt: new Date(Date.now() + 3_600_000).toISOString(),
    metadata: {},
    envVars: {},
  });

  test("one older than NODE_ORPHAN_GRACE_MS is stopped by reconciliation; the node's recorded sandboxes are kept", async () => {
    // Strong mode: its record is written before the node runs it, so however slowly this runs
    // it is never a sandbox without a record (a fast-mode record comes after, maybe past the grace).
    const recorded = await created(m.api, { templateId, mode: "strong" });
    await waitForRow(cluster.db, recorded.sandboxId);
    const orphan = hexId();
    const startedAt = Date.now();
    await a.create(spec(orphan));
    await eventually(async () => (a.holds(orphan) ? undefined : true), 5_000, "reconciliation to stop the orphan");
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(300);
    expect(nodeCalls(a, orphan)).toContainEqual({ op: "delete", sandboxId: orphan });
    expect(a.holds(recorded.sandboxId)).toBe(true);
    expect(await row(cluster.db, recorded.sandboxId)).toMatchObject({ node: a.node });
    expect((await m.api.get(`/sandboxes/${recorded.sandboxId}`)).body).toMatchObject({ state: "running" });
  });

  test("a fresh one (younger than the grace) survives a reconcile, and is stopped once older", async () => {
    // Reconciliation decides on the node's sandboxes in the order it lists them. An old orphan
    // listed after the fresh one (restored as if from a state file) is stopped by the same
    // reconcile: once it is gone, that reconcile has decided on the fresh one too.
    for (let attempt = 1; attempt <= 5; attempt++) {
      const fresh = hexId();
      const t0 = Date.now();
      await a.create(spec(fresh));
      const old = hexId();
      const { sandboxId: _id, buildId: _b, image: _i, envVars: _e, ...rest } = spec(old);
      a.restore([{ ...rest, sandboxId: old, node: a.node, state: "running", envdVersion: "0.2.0", diskSizeMB: 1_024, startedAt: new Date(Date.now() - 3_600_000).toISOString(), events: [] }]);
      await cluster.db.query("UPDATE nodes SET reconcile_due = true WHERE id = $1", [a.node]);
      await eventually(async () => (a.holds(old) ? undefined : true), 5_000, "a reconcile to stop the old orphan");
      if (Date.now() - t0 < 280) {
        // That reconcile saw the fresh one younger than 300 ms.
        expect(a.holds(fresh)).toBe(true);
        expect(nodeCalls(a, fresh)).toEqual([{ op: "create", sandboxId: fresh }]);
        await eventually(async () => (a.holds(fresh) ? undefined : true), 5_000, "a later reconcile to stop it once older");
        expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
        return;
      }
      // Too slow a machine to tell (the fresh one may have aged past the grace): again.
      await a.delete(fresh);
    }
    throw new Error("no reconcile ran within 280 ms of a fresh orphan in 5 attempts");
  });
});

describe("AGENT_TOKEN", () => {
  const cluster = useCluster();
  let m: TestMaster;
  let a: SimulatedNode;
  let other: SimulatedNode;
  let templateId: string;
  beforeAll(async () => {
    a = createTestNode({ capacity: 10 });
    m = await cluster.master({}, { node: a });
    // More room than A: the first choice for a new sandbox.
    other = createTestNode({ capacity: 1_000 });
    await cluster.agent(m.url, other, { AGENT_TOKEN: "another-agent-token-9876543210" });
    await seeUp([m], [a, other]);
    templateId = await readyTemplate(m.api);
  });

  test("an agent with another token than master's answers master 401: the create lands on the next node; the misconfigured node gets nothing, and no sandbox or slot is lost", async () => {
    // Heartbeats go to master with master's token, so the node is up all the same.
    expect(await nodeView(m.api, other.node)).toMatchObject({ state: "up", capacity: 1_000 });
    const before = await settledSlots(cluster.db, m.team);
    const r = await m.api.post("/sandboxes", { templateId });
    expect(r.status).toBe(201);
    expect(r.body.node).toBe(a.node);
    expect(a.holds(r.body.sandboxId)).toBe(true);
    // The agent refused the call before its node saw it.
    expect(other.calls()).toEqual([]);
    await eventually(async () => ((await rowCount(cluster.db)) === 1 ? true : undefined), 5_000, "the fast-mode record");
    expect(await settledSlots(cluster.db, m.team, before + 1)).toBe(before + 1);
  });

  test("when the only node with room refuses master's token → 502 agent_error naming the cause; nothing created or recorded, the quota slot freed", async () => {
    a.setCapacity(0);
    try {
      // A node that refused master's token is skipped until the next read of the nodes.
      await m.nodes.refresh();
      const before = await settledSlots(cluster.db, m.team);
      const rows = await rowCount(cluster.db);
      const r = await m.api.post("/sandboxes", { templateId });
      expectErrorShape(r, 502, "agent_error");
      expect(r.body.message).toMatch(/could not start the sandbox; nothing was created: the bearer token is not valid/);
      expect(other.calls()).toEqual([]);
      expect(await rowCount(cluster.db)).toBe(rows);
      expect(await settledSlots(cluster.db, m.team, before)).toBe(before);
    } finally {
      a.setCapacity(10);
    }
  });

  test("a node agent's API refuses a call without the bearer (or with another) → 401 unauthorized in the catalogue's error shape; /healthz stays open", async () => {
    const url = m.agent.url;
    const anonymous = jsonClient(url);
    const none = await anonymous.get("/sandboxes");
    expectErrorShape(none, 401, "unauthorized");
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect(none.body.message).not.toContain(AGENT_TOKEN);
    expectErrorShape(await jsonClient(url, { authorization: "Bearer another-agent-token-9876543210" }).get("/sandboxes"), 401, "unauthorized");
    const callsBefore = a.calls().length;
    expectErrorShape(await anonymous.post("/sandboxes", spec()), 401, "unauthorized");
    expectErrorShape(await anonymous.delete(`/sandboxes/${hexId()}`), 401, "unauthorized");
    expect(a.calls().length).toBe(callsBefore);

    const health = await anonymous.get("/healthz");
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: "ok" });
    expect((await jsonClient(url, { authorization: `Bearer ${AGENT_TOKEN}` }).get("/sandboxes")).status).toBe(200);

    function spec(): AgentCreateRequest {
      return { sandboxId: hexId(), templateId, buildId: randomUUID(), image: "alpine:3.20", cpuCount: 1, memoryMB: 256, endAt: new Date(Date.now() + 60_000).toISOString(), metadata: {}, envVars: {} };
    }
  });
});

describe("a node down longer than NODE_FORGET_AFTER_MS", () => {
  const cluster = useCluster();
  let m: TestMaster;
  let b: SimulatedNode;
  let agentB: NodeAgentHandle;
  let templateId: string;
  beforeAll(async () => {
    m = await cluster.master({ NODE_FORGET_AFTER_MS: "1000", SANDBOX_SWEEP_MS: "100" }, { node: createTestNode({ capacity: 1 }) });
    b = createTestNode({ capacity: 100 });
    agentB = await cluster.agent(m.url, b);
    await seeUp([m], [m.node, b]);
    templateId = await readyTemplate(m.api);
  });

  test("its ended sandboxes' records are removed without waiting for it, and their slots freed; running ones stay (unknown)", async () => {
    const killed = await created(m.api, { templateId });
    const kept = await created(m.api, { templateId });
    expect([killed.node, kept.node]).toEqual([b.node, b.node]);
    await waitForRow(cluster.db, killed.sandboxId);
    await waitForRow(cluster.db, kept.sandboxId);
    await agentB.close();
    await nodeIs(m.api, b.node, "down");
    expect((await m.api.delete(`/sandboxes/${killed.sandboxId}`)).status).toBe(204);
    await rowGone(cluster.db, killed.sandboxId);
    expect(await row(cluster.db, kept.sandboxId)).toMatchObject({ node: b.node, ended: false });
    expect((await m.api.get(`/sandboxes/${kept.sandboxId}`)).body).toMatchObject({ state: "unknown" });
    expect(await settledSlots(cluster.db, m.team)).toBe(1);
  });
});
