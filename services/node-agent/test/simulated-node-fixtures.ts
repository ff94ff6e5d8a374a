// What the simulated node's unit tests share: a node on a clock the test moves, create
// requests, and the error a call fails with.
import { expect } from "@jest/globals";
import { CubicleError, type AgentCreateRequest } from "@cubicle/contracts";
import { createSimulatedNode, type SimulatedNodeOptions } from "../src/domain/simulated-node.js";

export const T0 = Date.parse("2026-01-01T00:00:00.000Z");
export const SECOND = 1_000;
export const MINUTE = 60_000;
export const at = (ms: number) => new Date(ms).toISOString();

/** A node whose clock the test moves (`clock.now`). */
export function setup(options: Partial<SimulatedNodeOptions> = {}) {
  const clock = { now: T0 };
  const node = createSimulatedNode({ node: "node-1", now: () => clock.now, ...options });
  return { clock, node };
}

let seq = 0;
/** A create request; the sandbox ends 10 minutes after T0 unless told otherwise. */
export function spec(overrides: Partial<AgentCreateRequest> = {}): AgentCreateRequest {
  seq++;
  return {
    sandboxId: seq.toString(16).padStart(32, "0"),
    templateId: "tpl-0123456789abcdef01234567",
    buildId: "6f0c4bd2-3f5a-4c1e-9d7a-0a1b2c3d4e5f",
    image: "alpine:3.20",
    cpuCount: 2,
    memoryMB: 512,
    endAt: at(T0 + 10 * MINUTE),
    metadata: { owner: "test" },
    envVars: { SECRET: "never-shown" },
    ...overrides,
  };
}

/** The CubicleError `promise` rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<CubicleError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(CubicleError);
    return err as CubicleError;
  }
  throw new Error("expected the call to fail");
}
