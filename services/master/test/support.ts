import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach } from "@jest/globals";
import pg from "pg";
import type { Logger } from "pino";
import { loadConfig } from "../src/config.js";
import { startMaster, type MasterHandle } from "../src/server.js";
import { imageTag, type Builder } from "../src/domain/builder.js";
import { createSimulatedBuilder, FAILING_TAG } from "../src/domain/simulated-builder.js";
import { createSimulatedNode, loadConfig as loadAgentConfig, startNodeAgent, type NodeAgentHandle, type SimulatedNode } from "@cubicle/node-agent";
import { eventually, jsonClient, type JsonClient } from "../../../test-support/http.js";
import { defaultTeamId, truncateTables } from "../../../test-support/templates.js";
import { TEAM_HEADER } from "@cubicle/contracts";

export { eventually };
export { getTemplate, waitForBuild, waitForStatus } from "../../../test-support/templates.js";

export { createSimulatedNode, type SimulatedNode };

/**
 * How long test masters wait after a node's last heartbeat (agents beat every 100 ms) before
 * marking it down: long enough that a stalled machine does not take a live node down mid-test.
 * An agent that closes tells master it is leaving and is down at once.
 */
export const TEST_NODE_DOWN_AFTER_MS = 5_000;

/** The token masters under test send to their node agents. */
export const AGENT_TOKEN = "test-agent-token-0123456789";

/** A simulated node with an id of its own (node ids are unique in a cluster; each test master runs its own agent). */
export function createTestNode(options: { node?: string; capacity?: number; delayMs?: number } = {}): SimulatedNode {
  return createSimulatedNode({ node: options.node ?? `sim-${Math.random().toString(36).slice(2, 10)}`, capacity: options.capacity, delayMs: options.delayMs });
}

/**
 * A node agent in this process, registered with the masters at `masterUrl` (one or several,
 * comma-separated), serving `node`. Resolves once a master has accepted its heartbeat.
 */
export async function startTestAgent(masterUrl: string, node: SimulatedNode = createTestNode(), env: Record<string, string> = {}): Promise<NodeAgentHandle> {
  const config = loadAgentConfig({
    MASTER_URL: masterUrl,
    MASTER_TOKEN: env.MASTER_TOKEN,
    AGENT_PORT: "0",
    AGENT_NODE_ID: node.node,
    AGENT_TOKEN,
    AGENT_HEARTBEAT_MS: "100",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...env,
  });
  const agent = await startNodeAgent(config, { node });
  await agent.registered;
  return agent;
}

export interface TestMaster extends MasterHandle {
  /** The simulated node of the agent started with this master. */
  node: SimulatedNode;
  agent: NodeAgentHandle;
  /** Calls as the default team. */
  api: JsonClient;
  /** The default team's id. */
  team: string;
  /** A client calling as `team` (with no team header when `team` is null). */
  as(team: string | null): JsonClient;
}

/**
 * An in-process master on a free port against this worker's database, quiet and with fast
 * builds, and a node agent (in process, over HTTP) registered with it: `node` (a new
 * simulated node unless given). Its `api` calls as the default team.
 */
export async function startTestMaster(
  env: Record<string, string> = {},
  overrides: { builder?: Builder; logger?: Logger; node?: SimulatedNode; agent?: NodeAgentHandle | false } = {},
): Promise<TestMaster> {
  const config = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    MASTER_PORT: "0",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    BUILD_PHASE_DELAY_MS: "20",
    BUILD_SWEEP_MS: "200",
    DB_POOL_MAX: process.env.DB_POOL_MAX ?? "20",
    DB_PREPARED_STATEMENTS: process.env.DB_PREPARED_STATEMENTS,
    DB_LISTEN: process.env.DB_LISTEN,
    AGENT_TOKEN,
    NODE_REFRESH_MS: "50",
    NODE_DOWN_AFTER_MS: String(TEST_NODE_DOWN_AFTER_MS),
    MASTER_DRAIN_MS: "0",
    // Uploaded file sets go to a directory of this test's own, never into the repository.
    UPLOAD_DIR: mkdtempSync(join(tmpdir(), "cubicle-uploads-")),
    ...env,
  });
  const master = await startMaster(config, overrides);
  // Another master's agent (on this database) serves this master too; it is not this one's to
  // stop. `agent: false` (a master that cannot reach its database) starts none.
  const shared = overrides.agent === false ? undefined : overrides.agent;
  if (overrides.agent === false) return Object.assign(master, testClients(master, config.MASTER_TOKEN, await defaultTeamId().catch(() => "")), { node: overrides.node ?? createTestNode(), agent: undefined as unknown as NodeAgentHandle });
  const node = shared?.node ?? overrides.node ?? createTestNode();
  let agent: NodeAgentHandle;
  try {
    agent = shared ?? (await startTestAgent(master.url, node, config.MASTER_TOKEN ? { MASTER_TOKEN: config.MASTER_TOKEN } : {}));
    // A refresh already under way may have read the nodes before the agent registered.
    await eventually(async () => (await master.nodes.refresh(), master.nodes.status(node.node) === "up" ? true : undefined), 5_000, "master to see its node up");
  } catch (err) {
    await master.close();
    throw err;
  }
  const closeMaster = master.close.bind(master);
  return Object.assign(master, {
    ...testClients(master, config.MASTER_TOKEN, await defaultTeamId()),
    node,
    agent,
    async close() {
      if (!shared) await agent.close();
      await closeMaster();
    },
  });
}

function testClients(master: MasterHandle, token: string | undefined, team: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const as = (t: string | null) => jsonClient(master.url, t === null ? headers : { ...headers, [TEAM_HEADER]: t });
  return { api: as(team), team, as };
}

/** Direct database access for assertions and setup that the API does not offer. */
export function testDb(): pg.Pool {
  return new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
}


/**
 * Master's simulated builder (20 ms phases), except that an image tagged `hold` (e.g.
 * `held-a:hold`) waits before building until `release(image)` is called, so a test can
 * see a build in progress without depending on timing. An image tagged `hold-fail` (e.g.
 * `doomed:hold-fail`) waits the same way, then builds as if tagged `fail` (and so fails).
 * Honors master's abort on close.
 */
export function holdingBuilder(phaseDelayMs = 20): { builder: Builder; release(image: string): void } {
  const inner = createSimulatedBuilder({ phaseDelayMs });
  const gates = new Map<string, { opened: Promise<void>; open(): void }>();
  const gate = (image: string) => {
    let g = gates.get(image);
    if (!g) {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      gates.set(image, (g = { opened, open }));
    }
    return g;
  };
  const builder: Builder = {
    phases: inner.phases,
    async build(job, progress, signal) {
      const tag = imageTag(job.image);
      if (tag !== "hold" && tag !== "hold-fail") return inner.build(job, progress, signal);
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        if (signal.aborted) return onAbort();
        signal.addEventListener("abort", onAbort, { once: true });
        void gate(job.image).opened.then(() => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        });
      });
      return inner.build(tag === "hold" ? job : { ...job, image: job.image.replace(/:hold-fail$/, `:${FAILING_TAG}`) }, progress, signal);
    },
  };
  return { builder, release: (image) => gate(image).open() };
}

/**
 * Holds `node`'s sandbox creates until `release()` (then they go on as usual), so that a test
 * can give up on a create, or see it in flight, before the node makes the sandbox, however slow
 * the machine. `reached()` resolves once a create waits at the hold.
 */
export function holdCreates(node: SimulatedNode): { reached(): Promise<void>; release(): void } {
  const create = node.create;
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  node.create = async (spec, signal) => {
    arrive();
    await opened;
    return create(spec, signal);
  };
  return {
    reached: () => arrived,
    release() {
      node.create = create;
      open();
    },
  };
}

/** Reads one sample of a Prometheus metric from master's /metrics. */
export async function metric(api: JsonClient, name: string, labels = ""): Promise<number> {
  const text = (await api.get("/metrics")).body as string;
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `) || (labels === "" && l.startsWith(`${name} `)));
  if (!line) throw new Error(`metric ${name}${labels} not found`);
  return Number(line.split(" ")[1]);
}

/**
 * Reads how many callers master has seen leave before their answer; `seen()` then waits until
 * it has seen one more. A write released earlier may be answered to a connection master does
 * not yet know is closed, and so not be undone.
 */
export async function watchCallerLeaving(api: JsonClient): Promise<{ seen(): Promise<void> }> {
  const count = () => metric(api, "cubicle_writes_caller_left_total");
  const before = await count();
  return {
    async seen() {
      await eventually(async () => ((await count()) > before ? true : undefined), 5_000, "master to see the caller leave");
    },
  };
}

export const TEMPLATE_ID = /^tpl-[0-9a-f]{24}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Every error body has E2B's shape plus our code and the request id, and leaks nothing internal. */
export function expectErrorShape(reply: { status: number; body: any }, status: number, errorCode: string): void {
  if (reply.status !== status || reply.body?.error_code !== errorCode) {
    throw new Error(`expected ${status} ${errorCode}, got ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  const body = reply.body as Record<string, unknown>;
  if (body.code !== status || typeof body.message !== "string" || typeof body.requestId !== "string" || body.requestId === "") {
    throw new Error(`malformed error body: ${JSON.stringify(body)}`);
  }
  const text = JSON.stringify(body);
  for (const leak of [/127\.0\.0\.1/, /localhost/, /postgres/i, /SELECT|INSERT|UPDATE /, /\bat .+\.(ts|js):\d+/, /prisma/i]) {
    if (leak.test(text)) throw new Error(`error body leaks internals (${leak}): ${text}`);
  }
}


/**
 * One master for a test file, started before its tests and closed after them, on tables
 * emptied once per file (`"file"`) or before every test (`"each"`). Also gives a pool for
 * direct assertions on the database. `builder` replaces the simulated one (see holdingBuilder).
 */
export function useTestMaster(options: { env?: Record<string, string>; truncate?: "file" | "each"; node?: SimulatedNode; builder?: Builder } = {}) {
  const context = {} as { master: TestMaster; db: pg.Pool };
  beforeAll(async () => {
    context.db = testDb();
    if (options.truncate !== "each") await truncateTables();
    context.master = await startTestMaster(options.env, { ...(options.node && { node: options.node }), ...(options.builder && { builder: options.builder }) });
  });
  if (options.truncate === "each") beforeEach(() => truncateTables(undefined, { nodes: false }));
  afterAll(async () => {
    await context.master?.close();
    await context.db?.end();
  });
  return context;
}
