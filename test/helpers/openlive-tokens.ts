// The /metrics and /events tokens an openlive generated into <dataDir>/tokens.json on its
// first start (src/config/tokens.ts), for tests that read those routes as an operator would.

import { readFileSync } from "node:fs";
import path from "node:path";

export interface OpenliveTokens {
  readonly metricsToken: string;
  readonly eventsToken: string;
}

export function openliveTokens(dataDir: string): OpenliveTokens {
  const parsed = JSON.parse(readFileSync(path.join(dataDir, "tokens.json"), "utf8")) as Partial<OpenliveTokens>;
  if (typeof parsed.metricsToken !== "string" || typeof parsed.eventsToken !== "string") throw new Error(`${dataDir}/tokens.json holds no generated tokens`);
  return { metricsToken: parsed.metricsToken, eventsToken: parsed.eventsToken };
}

/** `Authorization: Bearer <token>` headers for fetch. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
