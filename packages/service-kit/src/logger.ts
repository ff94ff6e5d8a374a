import { pino, type Logger } from "pino";

/**
 * A service's JSON logger. No line carries request headers (the request line is built from
 * the method and URL only), so credentials never reach the log and no redaction pass is
 * paid on every line.
 */
export function createLogger(level: string, service: string): Logger {
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}
