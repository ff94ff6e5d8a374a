// What other packages' tests use to run a node agent in process.
export { startNodeAgent, type NodeAgentHandle } from "./server.js";
export { loadConfig, type NodeAgentConfig } from "./config.js";
export { createSimulatedNode, type SimulatedNode, type SimulatedNodeCall, type SimulatedNodeOptions } from "./domain/simulated-node.js";
