import { pino, type Logger } from "pino";

export function createLogger(level: string, service: string): Logger {
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime, redact: ["req.headers.authorization", 'req.headers["x-api-key"]'] });
}
