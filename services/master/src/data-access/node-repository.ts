import type pg from "pg";
import type { NodeHeartbeat } from "@cubicle/contracts";

/**
 * Node agents' rows. Whether a node is up is decided with the database's clock (its last
 * heartbeat within `downAfterMs`), so every master agrees whatever its own clock says.
 */

export interface NodeRow {
  id: string;
  address: string;
  capacity: number;
  load: number;
  up: boolean;
  lastSeenAt: Date;
  registeredAt: Date;
}

// A heartbeat registers the node or refreshes it. It marks the node's sandboxes for
// reconciliation when the node is new, restarted (another boot id) or back after being
// down. Another agent claiming a live node's id from another address is refused (no row).
// A leaving agent's last heartbeat ($7) dates its last sign of life just past the limit: down at once.
const HEARTBEAT = `
  INSERT INTO nodes AS n (id, address, capacity, load, boot_id, last_seen_at, reconcile_due)
  VALUES ($1, $2, $3, $4, $5::uuid, CASE WHEN $7 THEN now() - make_interval(secs => $6::float8 / 1000) - interval '1 millisecond' ELSE now() END, true)
  ON CONFLICT (id) DO UPDATE SET
    address = EXCLUDED.address, capacity = EXCLUDED.capacity, load = EXCLUDED.load, boot_id = EXCLUDED.boot_id,
    last_seen_at = EXCLUDED.last_seen_at,
    reconcile_due = n.reconcile_due OR n.boot_id <> EXCLUDED.boot_id OR n.last_seen_at < now() - make_interval(secs => $6::float8 / 1000)
  WHERE n.address = EXCLUDED.address OR n.boot_id = EXCLUDED.boot_id OR n.last_seen_at < now() - make_interval(secs => $6::float8 / 1000)
  RETURNING id, address, capacity, load, NOT $7 AS up, last_seen_at, registered_at`;

const LIST = `
  SELECT id, address, capacity, load, last_seen_at >= now() - make_interval(secs => $1::float8 / 1000) AS up, last_seen_at, registered_at
    FROM nodes ORDER BY id`;

// One master at a time takes a node's reconciliation: when it is due, or at least every
// `$2` ms for live nodes (a master may have died between placing a sandbox and recording it).
const CLAIM_RECONCILE = `
  UPDATE nodes SET reconcile_due = false, reconciled_at = now()
   WHERE last_seen_at >= now() - make_interval(secs => $1::float8 / 1000)
     AND (reconcile_due OR reconciled_at IS NULL OR reconciled_at < now() - make_interval(secs => $2::float8 / 1000))
  RETURNING id`;

const toNode = (r: Record<string, unknown>): NodeRow => ({
  id: r.id as string,
  address: r.address as string,
  capacity: r.capacity as number,
  load: r.load as number,
  up: r.up as boolean,
  lastSeenAt: r.last_seen_at as Date,
  registeredAt: r.registered_at as Date,
});

export function createNodeRepository(pool: pg.Pool, options: { downAfterMs: number }) {
  const { downAfterMs } = options;
  return {
    /** Records a heartbeat; null when another live agent holds this node id at another address. */
    async heartbeat(id: string, hb: NodeHeartbeat): Promise<NodeRow | null> {
      const r = await pool.query(HEARTBEAT, [id, hb.address, hb.capacity, hb.load, hb.bootId, downAfterMs, hb.leaving === true]);
      return r.rows[0] ? toNode(r.rows[0]) : null;
    },

    async list(): Promise<NodeRow[]> {
      return (await pool.query(LIST, [downAfterMs])).rows.map(toNode);
    },

    /** Live nodes whose sandboxes this master should now reconcile (it has claimed them). */
    async claimReconciliations(everyMs: number): Promise<string[]> {
      return (await pool.query<{ id: string }>(CLAIM_RECONCILE, [downAfterMs, everyMs])).rows.map((r) => r.id);
    },

    /** A reconciliation that failed: another try at the next sweep. */
    async reconcileAgain(id: string): Promise<void> {
      await pool.query("UPDATE nodes SET reconcile_due = true WHERE id = $1", [id]);
    },
  };
}

export type NodeRepository = ReturnType<typeof createNodeRepository>;
