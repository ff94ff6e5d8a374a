import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "pino";
import type { NodeSandbox } from "../domain/simulated-node.js";
import { createStateFile } from "./state-file.js";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cubicle-state-file-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A logger that keeps what was logged at warn and error. */
function stubLogger() {
  const warned: { obj: Record<string, unknown>; msg: string }[] = [];
  const errors: { obj: Record<string, unknown>; msg: string }[] = [];
  const logger = {
    warn: (obj: Record<string, unknown>, msg: string) => void warned.push({ obj, msg }),
    error: (obj: Record<string, unknown>, msg: string) => void errors.push({ obj, msg }),
    info: () => undefined,
    debug: () => undefined,
  } as unknown as Logger;
  return { logger, warned, errors };
}

function sandbox(n: number): NodeSandbox {
  return {
    sandboxId: n.toString(16).padStart(32, "0"),
    node: "node-1",
    state: n % 2 === 0 ? "running" : "paused",
    templateId: "tpl-0123456789abcdef01234567",
    cpuCount: 2,
    memoryMB: 512,
    envdVersion: "0.2.0",
    diskSizeMB: 1_024,
    startedAt: "2026-01-01T00:00:00.000Z",
    endAt: "2026-01-01T01:00:00.000Z",
    onTimeout: n % 3 === 0 ? "pause" : "kill",
    pausedRetentionS: n % 3 === 0 ? 600 : 0,
    pausedAt: n % 2 === 0 ? null : "2026-01-01T00:30:00.000Z",
    metadata: { n: String(n) },
    events: [{ timestamp: "2026-01-01T00:00:00.000Z", level: "info", message: `created ${n}` }],
  };
}

describe("state file", () => {
  test("load() of a missing file → [], without a warning", async () => {
    const log = stubLogger();
    const file = createStateFile(join(dir, "state.json"), log.logger);
    expect(await file.load()).toEqual([]);
    expect(log.warned).toEqual([]);
  });

  test("save then load round-trips the sandboxes (state, onTimeout, pausedRetentionS and pausedAt included), creating the folder when needed", async () => {
    const path = join(dir, "nested", "deeper", "state.json");
    const log = stubLogger();
    const file = createStateFile(path, log.logger);
    const state = [sandbox(1), sandbox(2)];
    file.save(() => state);
    await file.flush();
    expect(await file.load()).toEqual(state);
    // Another run of the agent (a new state file object) reads the same.
    expect(await createStateFile(path, log.logger).load()).toEqual(state);
    expect(log.errors).toEqual([]);
  });

  test("many saves in a row end with the last state on disk once flushed, in few writes", async () => {
    const path = join(dir, "state.json");
    const file = createStateFile(path, stubLogger().logger);
    // As the agent does: one snapshot function over state that keeps changing.
    const state: NodeSandbox[] = [];
    let snapshots = 0;
    const snapshot = () => {
      snapshots++;
      return [...state];
    };
    for (let i = 0; i < 50; i++) {
      state.push(sandbox(i));
      file.save(snapshot);
    }
    await file.flush();
    const onDisk = JSON.parse(await readFile(path, "utf8")) as { sandboxes: NodeSandbox[] };
    expect(onDisk.sandboxes).toHaveLength(50);
    expect(onDisk.sandboxes.at(-1)).toEqual(sandbox(49));
    // Saves made while a write runs are folded into one more write, not one write each.
    expect(snapshots).toBeLessThanOrEqual(3);
  });

  test("a save after a flush is written too", async () => {
    const path = join(dir, "state.json");
    const file = createStateFile(path, stubLogger().logger);
    file.save(() => [sandbox(1)]);
    await file.flush();
    file.save(() => []);
    await file.flush();
    expect(await file.load()).toEqual([]);
  });

  test("flush() with nothing to write returns at once", async () => {
    const file = createStateFile(join(dir, "state.json"), stubLogger().logger);
    await expect(file.flush()).resolves.toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  test.each([
    ["not JSON", "{not json"],
    ["cut short", '{"sandboxes":[{"sandboxId":"ab'],
    ["JSON without a sandboxes list", '{"sandboxes":"nope"}'],
    ["JSON null", "null"],
  ])("a corrupt file (%s) → []", async (_what, text) => {
    const path = join(dir, "state.json");
    await writeFile(path, text);
    const log = stubLogger();
    expect(await createStateFile(path, log.logger).load()).toEqual([]);
  });

  test("a file that cannot be parsed is reported with a warning naming the file", async () => {
    const path = join(dir, "state.json");
    await writeFile(path, "{not json");
    const log = stubLogger();
    await createStateFile(path, log.logger).load();
    expect(log.warned).toHaveLength(1);
    expect(log.warned[0]!.msg).toMatch(/could not read the state file/);
    expect(log.warned[0]!.obj.path).toBe(path);
  });

  test("writes go through a temporary file and a rename: a reader never sees a partial file, and no .tmp is left", async () => {
    const path = join(dir, "state.json");
    const file = createStateFile(path, stubLogger().logger);
    // Large enough that a write in place would be seen half done.
    const big = Array.from({ length: 1_000 }, (_, i) => sandbox(i));
    file.save(() => big.slice(0, 500));
    await file.flush();
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const parsed = JSON.parse(await readFile(path, "utf8")) as { sandboxes: unknown[] };
        expect([500, 1_000]).toContain(parsed.sandboxes.length);
        reads++;
      }
    })();
    for (let i = 0; i < 12; i++) {
      file.save(() => (i % 2 === 0 ? big : big.slice(0, 500)));
      await file.flush();
    }
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(await readdir(dir)).toEqual(["state.json"]);
  });

  test("a write that fails is logged as an error, and the previous state stays on disk", async () => {
    const path = join(dir, "state.json");
    const log = stubLogger();
    const file = createStateFile(path, log.logger);
    file.save(() => [sandbox(1)]);
    await file.flush();
    file.save(() => {
      throw new Error("snapshot failed");
    });
    await file.flush();
    expect(log.errors).toHaveLength(1);
    expect(log.errors[0]!.msg).toMatch(/could not write the state file/);
    expect(await file.load()).toEqual([sandbox(1)]);
  });
});
