// Things an operator must see at start-up (an open route, a check that is off, a file other
// users can read): a warn log line for the journal, and the same sentence on stderr for the
// terminal that started openlive.

import type { Logger } from "pino";

export function startupNotice(logger: Logger, message: string, fields: Record<string, unknown> = {}): void {
  logger.warn(fields, message);
  process.stderr.write(`openlive: ${message}\n`);
}
