import { ROOT_CONTEXT, context } from "@opentelemetry/api";
import type { Logger } from "pino";
import type { NodeHeartbeat, NodeView } from "@cubicle/contracts";

/**
 * Registers the node with master and keeps telling it the node is alive, with its load,
 * every `everyMs`. Masters mark a node down when its heartbeats stop, and reconcile its
 * sandboxes when it comes back (or comes back as a new process: `bootId`). Failures are
 * logged once per outage, not per beat; the next beat goes to the next master.
 */
export interface HeartbeatOptions {
  nodeId: string;
  everyMs: number;
  beat: (nodeId: string, hb: NodeHeartbeat) => Promise<NodeView>;
  state: () => NodeHeartbeat;
  logger: Logger;
}

export function startHeartbeat(o: HeartbeatOptions) {
  let timer: NodeJS.Timeout | undefined;
  let beating: Promise<void> | undefined;
  let failing = false;
  let registered: () => void = () => {};
  const firstBeat = new Promise<void>((resolve) => (registered = resolve));

  async function beatOnce() {
    try {
      await o.beat(o.nodeId, o.state());
      if (failing) o.logger.info("master hears the node again");
      failing = false;
      registered();
    } catch (err) {
      if (!failing) o.logger.warn({ err }, "could not send a heartbeat to master; retrying");
      failing = true;
    }
  }

  function tick() {
    beating ??= context.with(ROOT_CONTEXT, beatOnce).finally(() => {
      beating = undefined;
    });
  }

  tick();
  timer = setInterval(tick, o.everyMs).unref();

  return {
    /** Resolves once master has accepted a heartbeat. */
    registered: firstBeat,
    /** Sends one now (after a change, so master learns the load sooner). */
    now: tick,
    /** Stops beating; with `leaving`, tells master first that the node is going (it is marked down at once). */
    async stop(leaving = false) {
      clearInterval(timer);
      timer = undefined;
      await beating;
      if (leaving) await o.beat(o.nodeId, { ...o.state(), leaving: true }).catch((err: unknown) => o.logger.warn({ err }, "could not tell master the node is leaving"));
    },
  };
}
