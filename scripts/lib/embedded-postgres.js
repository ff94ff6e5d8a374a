// @ts-check
// An embedded PostgreSQL for machines without one: PGlite (Postgres compiled to WebAssembly)
// behind a Postgres wire-protocol socket, so master, `pg` and the Prisma CLI use it unchanged.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/**
 * @param {{ dataDir: string }} options  a folder to keep the data in, or "memory://"
 * @returns {Promise<{ url: string, stop(): Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dataDir }) {
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  // Connections are served one query at a time inside PGlite (transactions stay whole).
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 64 });
  await server.start();
  let stopped = false;
  return {
    url: `postgresql://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
    },
  };
}
