import { once } from "node:events";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { Logger } from "pino";
import { createMasterClient } from "@cubicle/master-client";
import { answerMalformedRequests, createDrain, createLogger, gracefulStop } from "@cubicle/service-kit";
import type { NodeAgentConfig } from "./config.js";
import { createSimulatedNode, type SimulatedNode } from "./domain/simulated-node.js";
import { startHeartbeat } from "./domain/heartbeat.js";
import { createStateFile } from "./data-access/state-file.js";
import { createApp } from "./entry-points/http/app.js";

export interface NodeAgentHandle {
  url: string;
  nodeId: string;
  node: SimulatedNode;
  server: Server;
  logger: Logger;
  /** Resolves once master has accepted the node's first heartbeat. */
  registered: Promise<void>;
  close(): Promise<void>;
}

/** The composition root of a node agent: its sandboxes, its API, its heartbeat to master. */
export async function startNodeAgent(
  config: NodeAgentConfig,
  overrides: { node?: SimulatedNode; logger?: Logger; drainDelayMs?: number } = {},
): Promise<NodeAgentHandle> {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL, "node-agent");
  const nodeId = config.AGENT_NODE_ID;
  const node = overrides.node ?? createSimulatedNode({ node: nodeId, capacity: config.AGENT_CAPACITY, delayMs: config.AGENT_DELAY_MS, endedLogsMs: config.AGENT_ENDED_LOGS_MS });
  const stateFile = config.AGENT_STATE_FILE ? createStateFile(config.AGENT_STATE_FILE, logger) : undefined;
  if (stateFile) {
    node.restore(await stateFile.load());
    node.onChange(() => stateFile.save(node.snapshot));
    logger.info({ sandboxes: node.ids().length, file: config.AGENT_STATE_FILE }, "sandboxes restored from the state file");
  }
  const drain = createDrain(overrides.drainDelayMs ?? 0);
  let isRegistered = false;

  const app = createApp({ logger, token: config.AGENT_TOKEN, node, drain, registered: () => isRegistered });
  const server = app.listen(config.AGENT_PORT, config.AGENT_HOST);
  const stopServer = gracefulStop(server);
  answerMalformedRequests(server);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const host = config.AGENT_HOST === "0.0.0.0" ? "127.0.0.1" : config.AGENT_HOST;
  const url = `http://${host}:${port}`;
  const address = (config.AGENT_ADVERTISE_URL ?? url).replace(/\/$/, "");

  const masters = createMasterClient({ baseUrl: config.MASTER_URL, token: config.MASTER_TOKEN, timeoutMs: 5_000 });
  const bootId = randomUUID();
  const heartbeat = startHeartbeat({
    nodeId,
    everyMs: config.AGENT_HEARTBEAT_MS,
    beat: (id, hb) => masters.heartbeatNode(id, hb),
    state: () => {
      const { running, capacity } = node.load();
      return { address, capacity, load: running, bootId };
    },
    logger: logger.child({ component: "heartbeat" }),
  });
  const registered = heartbeat.registered.then(() => {
    isRegistered = true;
  });
  logger.info({ url, address, nodeId, capacity: config.AGENT_CAPACITY, token: config.AGENT_TOKEN ? "required" : "off" }, "node agent listening");

  let closing: Promise<void> | undefined;
  return {
    url,
    nodeId,
    node,
    server,
    logger,
    registered,
    close() {
      closing ??= (async () => {
        // Masters stop placing sandboxes here first; then calls in flight finish.
        await heartbeat.stop(true);
        await drain.begin();
        await stopServer();
        await masters.close();
        await stateFile?.flush();
      })();
      return closing;
    },
  };
}
