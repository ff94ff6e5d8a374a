import { createHash } from "node:crypto";

/**
 * Fast-mode sandbox ids: md5("<name>:<namespace>:<UnixNano>") as 32 lower-case hex
 * characters. Pure: the same inputs always give the same id, so a stored sandbox's id can be
 * recomputed from its name, namespace and `createTimestamp` and checked.
 */
export function fastSandboxId(name: string, namespace: string, unixNano: bigint): string {
  return createHash("md5").update(`${name}:${namespace}:${unixNano}`).digest("hex");
}

/** The name a sandbox gets when its caller gives none. */
export function defaultSandboxName(unixNano: bigint): string {
  return `sb-${unixNano}`;
}

export type UnixNanoClock = () => bigint;

/**
 * Nanoseconds since the Unix epoch: the wall clock at start plus the monotonic clock since,
 * and strictly increasing within the process, so two sandboxes made in the same
 * nanosecond (or after the wall clock steps back) still get different timestamps.
 */
export function createUnixNanoClock(wallMs: () => number = Date.now, monotonicNs: () => bigint = process.hrtime.bigint): UnixNanoClock {
  const origin = BigInt(wallMs()) * 1_000_000n - monotonicNs();
  let last = 0n;
  return () => {
    const now = origin + monotonicNs();
    last = now > last ? now : last + 1n;
    return last;
  };
}

/** A UnixNano timestamp as a Date (millisecond precision). */
export function nanoToDate(unixNano: bigint): Date {
  return new Date(Number(unixNano / 1_000_000n));
}
