import type { ChildProcess } from "node:child_process";
import type { Logger } from "pino";

/** Loads a service's configuration, or says what is wrong and exits 2 (nothing started yet). */
export function loadConfigOrExit<T>(service: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    console.error(`${service}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
}

/**
 * On SIGTERM or SIGINT: runs `stop` (finish what is in flight, release resources) and exits 0,
 * or 1 if it fails or takes longer than `graceMs`.
 */
export function exitOnSignals(logger: Logger, stop: () => Promise<void>, graceMs = 10_000): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "shutting down");
      const force = setTimeout(() => process.exit(1), graceMs).unref();
      stop().then(
        () => {
          clearTimeout(force);
          process.exit(0);
        },
        (err) => {
          logger.error({ err }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
}

/** What a service sends its supervisor once it listens (see `reportListening`). */
export interface ListeningMessage {
  type: "listening";
  service: string;
  url: string;
}

/**
 * Tells a supervising parent where this service listens, when the parent started it with an
 * IPC channel (Node's `fork`, or `spawn` with `"ipc"` in `stdio`). A supervisor can then start
 * it on port 0 and learn the port the OS gave it: choosing a "free" port first and passing it
 * in races with every other process on the machine. Without a channel this does nothing.
 */
export function reportListening(service: string, url: string): void {
  if (!process.send) return;
  const message: ListeningMessage = { type: "listening", service, url };
  // A supervisor that already went away is not this service's failure: ignore the error.
  process.send(message, undefined, {}, () => undefined);
}

/**
 * The supervisor's side of `reportListening`: resolves with the URL `child` (spawned with an
 * IPC channel) reports; rejects if it exits first or does not report within `timeoutMs`.
 * Then closes the channel, which nothing else uses and which would otherwise keep the
 * supervisor's event loop alive.
 */
export function listeningUrlOf(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Partial<ListeningMessage> | null) => {
      if (message?.type === "listening" && typeof message.url === "string") settle(message.url);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => settle(new Error(`exited before it listened (code ${code}, signal ${signal})`));
    const timer = setTimeout(() => settle(new Error(`did not report listening within ${timeoutMs} ms`)), timeoutMs);
    function settle(outcome: string | Error): void {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      if (child.connected) child.disconnect();
      if (typeof outcome === "string") resolve(outcome);
      else reject(outcome);
    }
    if (child.exitCode !== null || child.signalCode !== null) return onExit(child.exitCode, child.signalCode);
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}
