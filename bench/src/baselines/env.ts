import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { reportListening } from "@cubicle/service-kit";

/**
 * What every baseline server is told by the runner: the JSON body to answer with (master's
 * real lookup answer, so payload sizes match the scenarios'). The port is the OS's choice.
 */
export interface BaselineEnv {
  body: unknown;
  /** The upstream origin, for the proxy. */
  upstream: string | undefined;
  /** The database the pg baseline queries. */
  databaseUrl: string | undefined;
}

export function baselineEnv(env: NodeJS.ProcessEnv = process.env): BaselineEnv {
  return { body: JSON.parse(env.BENCH_BODY ?? "{}"), upstream: env.BENCH_UPSTREAM, databaseUrl: env.BENCH_DATABASE_URL };
}

const HOST = "127.0.0.1";

/** Listens on a port of the OS's choosing and tells the runner which (its IPC channel). */
export function listenAndReport(server: Server, name: string): void {
  server.listen(0, HOST, () => reportListening(name, `http://${HOST}:${(server.address() as AddressInfo).port}`));
}
