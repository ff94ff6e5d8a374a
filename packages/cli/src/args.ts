// Parsers of option values shared by the commands. A value they refuse is a usage error
// (exit 2), reported by commander with the option's name.
import { InvalidArgumentError } from "commander";

/** A whole number from `min` to `max`. */
export const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: string): number => {
    const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };

/** `key=value` pairs, from a repeated or multi-valued option (`--metadata a=1 b=2`, `--metadata a=1 --metadata b=2`). */
export function keyValue(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const at = value.indexOf("=");
  if (at <= 0) throw new InvalidArgumentError(`expected key=value, not '${value}'`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

const STATES = ["running", "paused"] as const;
export type SandboxStateFilter = (typeof STATES)[number];

/** `running`, `paused` or `running,paused`. */
export function states(value: string): SandboxStateFilter[] {
  const list = value.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = list.find((s) => !(STATES as readonly string[]).includes(s));
  if (bad !== undefined || list.length === 0) throw new InvalidArgumentError(`expected running, paused or running,paused`);
  return [...new Set(list)] as SandboxStateFilter[];
}
