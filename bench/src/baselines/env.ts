/**
 * What every baseline server is told by the runner: the port to listen on and the JSON body
 * to answer with (master's real lookup answer, so payload sizes match the scenarios').
 */
export interface BaselineEnv {
  port: number;
  body: unknown;
  /** The upstream origin, for the proxy. */
  upstream: string | undefined;
  /** The database the pg baseline queries. */
  databaseUrl: string | undefined;
}

export function baselineEnv(env: NodeJS.ProcessEnv = process.env): BaselineEnv {
  const port = Number(env.BENCH_PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error("BENCH_PORT must be a port number");
  return { port, body: JSON.parse(env.BENCH_BODY ?? "{}"), upstream: env.BENCH_UPSTREAM, databaseUrl: env.BENCH_DATABASE_URL };
}

export const HOST = "127.0.0.1";
