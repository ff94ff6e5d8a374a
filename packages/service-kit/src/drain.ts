import { setTimeout as sleep } from "node:timers/promises";
import { CubicleError } from "@cubicle/contracts";

/**
 * A service's shutdown in the order its callers need: first `/readyz` fails (`draining`),
 * then, after `delayMs` (long enough for the callers' readiness probes to see it and stop
 * sending), the server stops taking connections and finishes what is in flight. During
 * the delay requests are still served as usual, so none sent meanwhile is lost.
 */
export interface Drain {
  readonly draining: boolean;
  /** For `/readyz`: throws 503 `service_unavailable` once draining has begun. */
  throwIfDraining(): void;
  /** Fails readiness now; resolves after the delay (at once with a delay of 0). */
  begin(): Promise<void>;
}

export function createDrain(delayMs: number): Drain {
  let draining = false;
  let waited: Promise<void> | undefined;
  return {
    get draining() {
      return draining;
    },
    throwIfDraining() {
      if (draining) throw new CubicleError("service_unavailable", "not ready: shutting down");
    },
    begin() {
      draining = true;
      waited ??= delayMs > 0 ? sleep(delayMs) : Promise.resolve();
      return waited;
    },
  };
}
