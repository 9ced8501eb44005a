// Structured logs (pino, JSON lines on stdout). Request bodies are never logged, so
// secrets such as passwordParam names or SRT passphrase references stay out of logs.

import pino, { type Logger } from "pino";

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "openlive" }, timestamp: pino.stdTimeFunctions.isoTime });
}
