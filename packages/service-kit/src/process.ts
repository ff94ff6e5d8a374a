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
