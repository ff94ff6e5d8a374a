import pg from "pg";
import type { Logger } from "pino";

/**
 * Hears other masters' name changes. The database publishes every change to what a name
 * lookup answers on `cubicle_names` (triggers on templates and builds, migration
 * `name_notifications`), from inside the writing transaction; this keeps one connection
 * of its own LISTENing and hands each payload (`<team id>:<name key>`, the name cache's
 * key) to `changed`.
 *
 * A notification sent while nobody listens is lost for good, so while the connection is
 * down the cache must not answer from memory: `lost` is called the moment the connection
 * fails (the cache empties itself and reads the database), and `listening` once LISTEN
 * is in place again. A connection that dies without a word (a network cut) is found by a
 * ping every `pingMs`, which must answer within `pingMs`.
 */

export const NAMES_CHANNEL = "cubicle_names";

export interface NameNotificationsOptions {
  url: string;
  logger: Logger;
  changed(keys: string[]): void;
  lost(): void;
  listening(): void;
  /** How often the connection is checked. */
  pingMs?: number;
  /** Longest pause between attempts to listen again. */
  maxRetryMs?: number;
}

export interface NameNotifications {
  /** Resolves once the first LISTEN is in place (or failed: it keeps retrying). */
  readonly ready: Promise<void>;
  readonly listening: boolean;
  close(): Promise<void>;
}

export function listenForNameChanges(o: NameNotificationsOptions): NameNotifications {
  const pingMs = o.pingMs ?? 2_000;
  const maxRetryMs = o.maxRetryMs ?? 2_000;
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let retryMs = 50;
  let retryTimer: NodeJS.Timeout | undefined;
  let pingTimer: NodeJS.Timeout | undefined;
  let firstAttempt: () => void = () => {};
  const ready = new Promise<void>((resolve) => (firstAttempt = resolve));

  function dropped(c: pg.Client, err: unknown) {
    if (client !== c) return;
    client = undefined;
    clearInterval(pingTimer);
    c.end().catch(() => {});
    if (listening) {
      listening = false;
      o.logger.warn({ err }, "lost the database connection that hears name changes; answering lookups from the database until it is back");
    }
    o.lost();
    if (!closed) {
      retryTimer = setTimeout(connect, retryMs).unref();
      retryMs = Math.min(retryMs * 2, maxRetryMs);
    }
  }

  async function connect() {
    if (closed) return;
    const c = new pg.Client({ connectionString: o.url, application_name: "cubicle-master-names", keepAlive: true, connectionTimeoutMillis: 5_000, query_timeout: pingMs });
    client = c;
    c.on("error", (err) => dropped(c, err));
    c.on("end", () => dropped(c, new Error("connection ended")));
    c.on("notification", (n) => {
      if (n.channel === NAMES_CHANNEL && n.payload) o.changed([n.payload]);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${NAMES_CHANNEL}`);
    } catch (err) {
      dropped(c, err);
      firstAttempt();
      return;
    }
    if (client !== c || closed) return;
    retryMs = 50;
    listening = true;
    o.listening();
    o.logger.info("listening for name changes");
    firstAttempt();
    pingTimer = setInterval(() => {
      c.query("SELECT 1").catch((err: unknown) => dropped(c, err));
    }, pingMs).unref();
  }

  void connect();

  return {
    ready,
    get listening() {
      return listening;
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      clearInterval(pingTimer);
      const c = client;
      client = undefined;
      listening = false;
      await c?.end().catch(() => {});
    },
  };
}
