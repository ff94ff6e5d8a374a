// What the node agent's HTTP tests share: FAKE masters (node:http servers that accept
// heartbeats and record them), agents in process, request bodies and the error shape.
import { afterEach, expect } from "@jest/globals";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { NodeHeartbeat } from "@cubicle/contracts";
import { loadConfig } from "../src/config.js";
import { startNodeAgent, type NodeAgentHandle } from "../src/server.js";
import { createSimulatedNode, type SimulatedNodeOptions } from "../src/domain/simulated-node.js";
import { jsonClient, listenLocally, type Reply, closeServer } from "../../../test-support/http.js";

export const AGENT_TOKEN = "agent-token-for-tests-0123";
export const MASTER_TOKEN = "master-token-for-tests-0123";
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const servers: Server[] = [];
export const agents: NodeAgentHandle[] = [];

// Every test file that imports this module closes its agents and masters after each test.
afterEach(async () => {
  // Agents first: their last heartbeat goes to masters still listening.
  await Promise.all(agents.splice(0).map((a) => a.close()));
  await Promise.all(servers.splice(0).map(closeServer));
});

interface Beat {
  url: string;
  headers: IncomingHttpHeaders;
  body: NodeHeartbeat;
}

/** A fake master: answers PUT /nodes/:id with `status` (200: a NodeView) and records each heartbeat. */
export async function fakeMaster(initialStatus = 200) {
  const state = { status: initialStatus, beats: [] as Beat[], url: "" };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const match = /^\/nodes\/([^/?]+)$/.exec(req.url ?? "");
      if (req.method !== "PUT" || !match) return void res.writeHead(404, { "content-type": "application/json" }).end("{}");
      const body = JSON.parse(Buffer.concat(chunks).toString()) as NodeHeartbeat;
      state.beats.push({ url: req.url!, headers: req.headers, body });
      if (state.status !== 200) {
        return void res
          .writeHead(state.status, { "content-type": "application/json" })
          .end(JSON.stringify({ code: state.status, error_code: "service_unavailable", message: "not ready", requestId: "m" }));
      }
      const now = new Date().toISOString();
      const view = { nodeId: match[1], address: body.address, capacity: body.capacity, load: body.load, state: body.leaving ? "down" : "up", lastSeenAt: now, registeredAt: now };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(view));
    });
  });
  servers.push(server);
  state.url = await listenLocally(server);
  return state;
}

/**
 * An agent in process serving a simulated node of `capacity` (and `node` options; "from-config":
 * the node the agent makes from its configuration), registered (or not yet) with `masterUrl`.
 */
export async function startAgent(masterUrl: string, options: { capacity?: number; env?: Record<string, string>; node?: Partial<SimulatedNodeOptions> | "from-config" } = {}) {
  const config = loadConfig({
    MASTER_URL: masterUrl,
    MASTER_TOKEN,
    AGENT_HOST: "127.0.0.1",
    AGENT_PORT: "0",
    AGENT_NODE_ID: "node-t",
    AGENT_TOKEN,
    AGENT_HEARTBEAT_MS: "50",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...options.env,
  });
  const fromConfig = options.node === "from-config";
  const node = fromConfig ? undefined : createSimulatedNode({ node: "node-t", capacity: options.capacity ?? 5, ...(options.node as Partial<SimulatedNodeOptions>) });
  const agent = await startNodeAgent(config, { node });
  agents.push(agent);
  return { agent, node: agent.node, api: jsonClient(agent.url, { authorization: `Bearer ${AGENT_TOKEN}` }), anonymous: jsonClient(agent.url) };
}

/** The catalogue's error shape: status, {code, error_code, message, requestId}, nothing internal. */
export function expectError(reply: Reply, status: number, errorCode: string): void {
  expect({ status: reply.status, error_code: reply.body?.error_code }).toEqual({ status, error_code: errorCode });
  expect(reply.body).toEqual(expect.objectContaining({ code: status, error_code: errorCode, message: expect.any(String), requestId: expect.any(String) }));
  expect(reply.body.requestId).not.toBe("");
  expect(JSON.stringify(reply.body)).not.toMatch(/127\.0\.0\.1|\bat .+\.(ts|js):\d+/);
}

let seq = 0;
/** A valid create request (master's `AgentCreateRequest`). */
export function createBody(overrides: Record<string, unknown> = {}) {
  seq++;
  return {
    sandboxId: `abcdef${seq.toString(16).padStart(26, "0")}`,
    templateId: "tpl-0123456789abcdef01234567",
    buildId: "6f0c4bd2-3f5a-4c1e-9d7a-0a1b2c3d4e5f",
    image: "alpine:3.20",
    cpuCount: 2,
    memoryMB: 512,
    endAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    metadata: { owner: "test" },
    envVars: {},
    ...overrides,
  };
}
