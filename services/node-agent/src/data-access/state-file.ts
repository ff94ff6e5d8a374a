import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Logger } from "pino";
import type { NodeSandbox, SavedSandbox } from "../domain/simulated-node.js";

/**
 * The node's sandboxes on disk (AGENT_STATE_FILE), so that an agent restarted on the same
 * node finds the sandboxes it was running, as a real node's micro-VMs outlive their agent.
 * Written whole after changes, at most one write at a time (a change during a write is
 * written right after), through a temporary file and a rename, so a crash mid-write leaves
 * the previous state.
 */
export function createStateFile(path: string, logger: Logger) {
  let writing: Promise<void> | undefined;
  let again = false;

  async function writeNow(snapshot: () => NodeSandbox[]) {
    const tmp = `${path}.tmp`;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, JSON.stringify({ sandboxes: snapshot() }));
    await rename(tmp, path);
  }

  /** Saves soon; changes made while a save runs are saved by the next one (with the newest snapshot). */
  let latest: () => NodeSandbox[] = () => [];
  function save(snapshot: () => NodeSandbox[]): void {
    latest = snapshot;
    if (writing) {
      again = true;
      return;
    }
    writing = writeNow(snapshot)
      .catch((err: unknown) => logger.error({ err, path }, "could not write the state file"))
      .finally(() => {
        writing = undefined;
        if (again) {
          again = false;
          save(latest);
        }
      });
  }

  return {
    save,
    /** The sandboxes saved (by this agent or an older one, which saved fewer fields: see SavedSandbox). */
    async load(): Promise<SavedSandbox[]> {
      try {
        const parsed = JSON.parse(await readFile(path, "utf8")) as { sandboxes?: SavedSandbox[] };
        return Array.isArray(parsed.sandboxes) ? parsed.sandboxes : [];
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") logger.warn({ err, path }, "could not read the state file; starting with no sandboxes");
        return [];
      }
    },

    /** Waits for the last save. */
    async flush(): Promise<void> {
      while (writing) await writing;
    },
  };
}
