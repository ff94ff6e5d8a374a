import { describe, expect, jest, test } from "@jest/globals";
import type { Logger } from "pino";
import type { NodeRow } from "../data-access/node-repository.js";
import { createNodeDirectory } from "./node-directory.js";

/** A node as the nodes table lists it. */
function row(id: string, capacity: number, load: number, up = true): NodeRow {
  const at = new Date("2026-01-01T00:00:00.000Z");
  return { id, address: `http://${id}.test:3200`, capacity, load, up, lastSeenAt: at, registeredAt: at };
}

/** A logger that keeps what was logged at warn and info. */
function stubLogger() {
  const warned: { obj: unknown; msg: string }[] = [];
  const infos: { obj: unknown; msg: string }[] = [];
  const logger = {
    warn: (obj: unknown, msg: string) => void warned.push({ obj, msg }),
    info: (obj: unknown, msg: string) => void infos.push({ obj, msg }),
    error: () => undefined,
    debug: () => undefined,
  } as unknown as Logger;
  return { logger, warned, infos };
}

/** A directory over a nodes table the test sets (`rows`), or makes fail (`fail`). */
function setup(initial: NodeRow[], random: () => number = () => 0.5) {
  const table = { rows: initial, fail: null as Error | null, reads: 0 };
  const log = stubLogger();
  const directory = createNodeDirectory({
    list: async () => {
      table.reads++;
      if (table.fail) throw table.fail;
      return table.rows;
    },
    refreshMs: 60_000,
    logger: log.logger,
    random,
  });
  return { table, directory, log };
}

describe("candidates", () => {
  test("before the first refresh no node is known: no candidates, every node unknown", () => {
    const { directory } = setup([row("a", 10, 0)]);
    expect(directory.candidates(5)).toEqual([]);
    expect(directory.status("a")).toBe("unknown");
    expect(directory.address("a")).toBeUndefined();
  });

  test("nodes are ordered by free room (capacity − load), most first", async () => {
    const { directory } = setup([row("small", 4, 1), row("big", 100, 10), row("mid", 20, 5)]);
    await directory.refresh();
    expect(directory.candidates(10)).toEqual(["big", "mid", "small"]);
  });

  test("down nodes and full nodes (no room, or more load than capacity) are left out", async () => {
    const { directory } = setup([row("up", 10, 0), row("down", 100, 0, false), row("full", 5, 5), row("over", 5, 7), row("empty", 0, 0)]);
    await directory.refresh();
    expect(directory.candidates(10)).toEqual(["up"]);
  });

  test("at most `max` candidates are returned", async () => {
    const { directory } = setup([row("a", 10, 0), row("b", 9, 0), row("c", 8, 0), row("d", 7, 0)]);
    await directory.refresh();
    expect(directory.candidates(2)).toEqual(["a", "b"]);
    expect(directory.candidates(1)).toEqual(["a"]);
    expect(directory.candidates(0)).toEqual([]);
  });

  test("ties are broken by the injected random: the lower draw comes first", async () => {
    const rows = [row("a", 10, 0), row("b", 10, 0), row("c", 10, 0)];
    // One draw per node, in the order the nodes are listed.
    let draws = [0.9, 0.1, 0.5];
    const { directory } = setup(rows, () => draws.shift() ?? 0);
    await directory.refresh();
    expect(directory.candidates(3)).toEqual(["b", "c", "a"]);
    draws = [0.2, 0.3, 0.1];
    expect(directory.candidates(3)).toEqual(["c", "a", "b"]);
  });

  test("the random draw only breaks ties: it never puts less room before more", async () => {
    let i = 0;
    const draws = [0.99, 0.0];
    const { directory } = setup([row("roomy", 10, 0), row("tight", 10, 8)], () => draws[i++ % 2]!);
    await directory.refresh();
    expect(directory.candidates(2)).toEqual(["roomy", "tight"]);
  });
});

describe("placed", () => {
  test("each sandbox placed reduces the node's room until the next refresh", async () => {
    const { directory } = setup([row("a", 3, 0), row("b", 2, 0)]);
    await directory.refresh();
    expect(directory.candidates(2)).toEqual(["a", "b"]);
    directory.placed("a");
    directory.placed("a");
    // a: 3 − 2 = 1 left, b: 2 left.
    expect(directory.candidates(2)).toEqual(["b", "a"]);
    directory.placed("a");
    expect(directory.candidates(2)).toEqual(["b"]);
    // The next read of the table (the node's own heartbeat counts the load) starts afresh.
    await directory.refresh();
    expect(directory.candidates(2)).toEqual(["a", "b"]);
  });

  test("placing on a node the directory does not know is harmless", async () => {
    const { directory } = setup([row("a", 3, 0)]);
    await directory.refresh();
    directory.placed("ghost");
    expect(directory.candidates(5)).toEqual(["a"]);
  });
});

describe("avoid", () => {
  test("an avoided node gets no new sandboxes until the next refresh", async () => {
    const { directory } = setup([row("a", 10, 0), row("b", 5, 0)]);
    await directory.refresh();
    directory.avoid("a");
    expect(directory.candidates(5)).toEqual(["b"]);
    // Still up, still routed to: only placement skips it.
    expect(directory.status("a")).toBe("up");
    expect(directory.address("a")).toBe("http://a.test:3200");
    await directory.refresh();
    expect(directory.candidates(5)).toEqual(["a", "b"]);
  });
});

describe("status, address and down", () => {
  test("status is up, down or unknown; down() lists the down nodes only", async () => {
    const { directory } = setup([row("a", 10, 0), row("b", 10, 0, false), row("c", 10, 0, false)]);
    await directory.refresh();
    expect(directory.status("a")).toBe("up");
    expect(directory.status("b")).toBe("down");
    expect(directory.status("never-registered")).toBe("unknown");
    expect(directory.address("b")).toBe("http://b.test:3200");
    expect(directory.down().sort()).toEqual(["b", "c"]);
  });

  test("a refresh picks up nodes going down, coming back and registering, and logs each change", async () => {
    const { table, directory, log } = setup([row("a", 10, 0), row("b", 10, 0)]);
    await directory.refresh();
    expect(log.infos.map((l) => l.msg)).toEqual(["node registered", "node registered"]);
    table.rows = [row("a", 10, 0, false), row("b", 10, 0), row("c", 10, 0)];
    await directory.refresh();
    expect(directory.status("a")).toBe("down");
    expect(directory.status("c")).toBe("up");
    expect(directory.down()).toEqual(["a"]);
    expect(log.warned).toEqual([{ obj: { node: "a", state: "down" }, msg: expect.stringContaining("node is down") }]);
    table.rows = [row("a", 10, 0), row("b", 10, 0), row("c", 10, 0)];
    await directory.refresh();
    expect(directory.status("a")).toBe("up");
    expect(log.warned[1]).toEqual({ obj: { node: "a", state: "up" }, msg: "node is up again" });
  });

  test("a node no longer listed becomes unknown", async () => {
    const { table, directory } = setup([row("a", 10, 0), row("b", 10, 0)]);
    await directory.refresh();
    table.rows = [row("b", 10, 0)];
    await directory.refresh();
    expect(directory.status("a")).toBe("unknown");
    expect(directory.candidates(5)).toEqual(["b"]);
  });
});

describe("refresh", () => {
  test("a failing list() keeps the last view (and what was placed and avoided), and logs a warning", async () => {
    const { table, directory, log } = setup([row("a", 10, 0), row("b", 5, 0), row("c", 3, 0, false)]);
    await directory.refresh();
    directory.placed("a");
    directory.avoid("b");
    table.fail = new Error("connection refused");
    await expect(directory.refresh()).resolves.toBeUndefined();
    expect(log.warned).toEqual([{ obj: { err: table.fail }, msg: "could not read the nodes; keeping the last view" }]);
    expect(directory.status("a")).toBe("up");
    expect(directory.status("c")).toBe("down");
    expect(directory.address("a")).toBe("http://a.test:3200");
    expect(directory.candidates(5)).toEqual(["a"]);
    table.fail = null;
    await directory.refresh();
    expect(directory.candidates(5)).toEqual(["a", "b"]);
  });

  test("concurrent refreshes share one read of the table", async () => {
    const { table, directory } = setup([row("a", 10, 0)]);
    await Promise.all([directory.refresh(), directory.refresh(), directory.refresh()]);
    expect(table.reads).toBe(1);
    await directory.refresh();
    expect(table.reads).toBe(2);
  });

  test("start() reads the table every refreshMs, stop() stops it", async () => {
    const rows = [row("a", 10, 0)];
    let reads = 0;
    const directory = createNodeDirectory({
      list: async () => {
        reads++;
        return rows;
      },
      refreshMs: 20,
      logger: stubLogger().logger,
    });
    // The clock is the test's: a loaded machine cannot delay the timer's ticks.
    jest.useFakeTimers();
    try {
      directory.start();
      directory.start(); // a second start adds no second timer
      await jest.advanceTimersByTimeAsync(110);
      directory.stop();
      expect(reads).toBe(5);
      expect(directory.status("a")).toBe("up");
      await jest.advanceTimersByTimeAsync(60);
      expect(reads).toBe(5);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe("forgotten nodes", () => {
  test("only nodes down for longer than forgetAfterMs (one hour by default) are forgotten; live ones never", async () => {
    const longAgo = { ...row("gone", 10, 0, false), lastSeenAt: new Date(Date.now() - 2 * 3_600_000) };
    const lately = { ...row("blip", 10, 0, false), lastSeenAt: new Date(Date.now() - 60_000) };
    const live = { ...row("live", 10, 0, true), lastSeenAt: new Date(Date.now() - 2 * 3_600_000) };
    const { directory } = setup([longAgo, lately, live]);
    await directory.refresh();
    expect(directory.forgotten()).toEqual(["gone"]);
    expect(directory.down().sort()).toEqual(["blip", "gone"]);
  });
});
