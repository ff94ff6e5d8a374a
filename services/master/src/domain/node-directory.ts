import type { Logger } from "pino";
import type { NodeRow } from "../data-access/node-repository.js";

/**
 * This master's view of the node agents: the nodes table, read again every `refreshMs`, so
 * that placing a sandbox or routing a call to its node costs no query. A node is up while
 * its heartbeats arrive (decided by the database, see node-repository.ts).
 *
 * Placement policy: **most free room first** — among live nodes with room (capacity minus
 * load, less what this master placed there since the last heartbeat it read), the one with
 * the most, ties broken at random. It spreads sandboxes evenly, and fills a node that
 * joins empty first. A node that failed a create is skipped until the next refresh.
 */

export type NodeStatus = "up" | "down" | "unknown";

export interface NodeDirectory {
  /** Where the node's agent listens; undefined for a node never registered. */
  address(node: string): string | undefined;
  status(node: string): NodeStatus;
  /** Nodes to try for a new sandbox, best first (at most `max`). */
  candidates(max: number): string[];
  /** This master placed a sandbox there (counts against its room until the next heartbeat is read). */
  placed(node: string): void;
  /** The node failed a call: no new sandboxes go there until the next refresh. */
  avoid(node: string): void;
  /** Nodes that are down (never-registered ones are not listed). */
  down(): string[];
  /** Nodes down for longer than `forgetAfterMs`: their ended sandboxes' records need not wait for them. */
  forgotten(): string[];
  refresh(): Promise<void>;
  start(): void;
  stop(): void;
}

export function createNodeDirectory(o: {
  list: () => Promise<NodeRow[]>;
  refreshMs: number;
  /** Default one hour. */
  forgetAfterMs?: number;
  logger: Logger;
  random?: () => number;
}): NodeDirectory {
  const random = o.random ?? Math.random;
  let nodes = new Map<string, NodeRow>();
  let placedSince = new Map<string, number>();
  let avoided = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let refreshing: Promise<void> | undefined;

  function refresh(): Promise<void> {
    refreshing ??= o
      .list()
      .then((rows) => {
        const before = nodes;
        nodes = new Map(rows.map((r) => [r.id, r]));
        placedSince = new Map();
        avoided = new Set();
        for (const r of rows) {
          const was = before.get(r.id);
          if (was && was.up !== r.up) o.logger.warn({ node: r.id, state: r.up ? "up" : "down" }, r.up ? "node is up again" : "node is down: it stopped sending heartbeats");
          else if (!was) o.logger.info({ node: r.id, up: r.up }, "node registered");
        }
      })
      .catch((err: unknown) => o.logger.warn({ err }, "could not read the nodes; keeping the last view"))
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  }

  return {
    address: (node) => nodes.get(node)?.address,
    status(node) {
      const n = nodes.get(node);
      return n ? (n.up ? "up" : "down") : "unknown";
    },
    candidates(max) {
      const free = [...nodes.values()]
        .filter((n) => n.up && !avoided.has(n.id))
        .map((n) => ({ id: n.id, room: n.capacity - n.load - (placedSince.get(n.id) ?? 0), tie: random() }))
        .filter((n) => n.room > 0)
        .sort((a, b) => b.room - a.room || a.tie - b.tie);
      return free.slice(0, max).map((n) => n.id);
    },
    placed(node) {
      placedSince.set(node, (placedSince.get(node) ?? 0) + 1);
    },
    avoid(node) {
      avoided.add(node);
    },
    down: () => [...nodes.values()].filter((n) => !n.up).map((n) => n.id),
    forgotten: () => [...nodes.values()].filter((n) => !n.up && n.lastSeenAt.getTime() < Date.now() - (o.forgetAfterMs ?? 3_600_000)).map((n) => n.id),
    refresh,
    start() {
      timer ??= setInterval(() => void refresh(), o.refreshMs).unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
