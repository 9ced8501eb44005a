// What `openlive serve` does with its data dir before anything else: make it owner-only,
// keep the credential files 0600, warn about a secrets.json other users can read, and
// resolve the /metrics and /events tokens (generating them on first start).

import path from "node:path";
import type { Logger } from "pino";
import { startupNotice } from "../shared/startup-notice.ts";
import type { ServiceConfig } from "./config.ts";
import { CREDENTIALS_FILE } from "./credentials.ts";
import { looseModeWarning, prepareDataDir, restrictFiles } from "./data-dir.ts";
import { SECRETS_FILE } from "./secrets.ts";
import { loadRouteTokens, TOKEN_ROUTES, TOKENS_FILE, type RouteTokens, type TokenOption } from "./tokens.ts";

export function prepareDataDirForService(config: Pick<ServiceConfig, "dataDir" | "metricsToken" | "eventsToken">, logger: Logger): RouteTokens {
  prepareDataDir(config.dataDir);
  restrictFiles([path.join(config.dataDir, CREDENTIALS_FILE), path.join(config.dataDir, TOKENS_FILE)]);
  // secrets.json is the operator's file: openlive only reads it, so it says what to fix.
  const secretsWarning = looseModeWarning(path.join(config.dataDir, SECRETS_FILE));
  if (secretsWarning !== undefined) startupNotice(logger, secretsWarning);
  const tokens = loadRouteTokens(config, config.dataDir);
  for (const key of Object.keys(TOKEN_ROUTES) as TokenOption[]) {
    if (tokens[key].token !== undefined) continue;
    const route = TOKEN_ROUTES[key];
    startupNotice(logger, `GET ${route.path} is open (${key} "open"): anyone who reaches the API port reads it; remove ${route.flag} open to require a generated token`, { route: route.path });
  }
  return tokens;
}
