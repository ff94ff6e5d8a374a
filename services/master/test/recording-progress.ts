/** A build's progress that records what a builder reports, for the builders' unit tests. */
import type { BuildProgress } from "../src/domain/builder.js";

export type ProgressCall = { kind: "phase"; name: string; message: string } | { kind: "log"; message: string };

export function recordingProgress(): BuildProgress & { calls: ProgressCall[]; phases(): string[]; logs(): string[] } {
  const calls: ProgressCall[] = [];
  return {
    calls,
    async phase(name, message) {
      calls.push({ kind: "phase", name, message });
    },
    async log(message) {
      calls.push({ kind: "log", message });
    },
    phases: () => calls.flatMap((c) => (c.kind === "phase" ? [c.name] : [])),
    logs: () => calls.flatMap((c) => (c.kind === "log" ? [c.message] : [])),
  };
}
