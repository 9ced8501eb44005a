// What openlive says at start-up about what it exposes: whether signed requests are bound to
// this API's host names (host-check.ts), and, when the API listens beyond loopback, every
// route that answers without a signature (docs/security.md explains each).

import ipaddr from "ipaddr.js";
import type { Logger } from "pino";
import type { ServiceConfig } from "../config/config.ts";
import type { RouteTokens } from "../config/tokens.ts";
import { startupNotice } from "../shared/startup-notice.ts";
import type { HostCheck } from "./host-check.ts";

export interface ExposureOptions {
  readonly config: Pick<ServiceConfig, "host" | "originPort">;
  /** The port the API listens on. */
  readonly port: number;
  readonly tokens: Pick<RouteTokens, "metricsToken" | "eventsToken">;
  readonly hostCheck: HostCheck;
  /** Unsigned routes of extras (the demo's page). */
  readonly extraOpenRoutes: readonly string[];
  readonly logger: Logger;
}

export function isLoopbackAddress(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === "loopback";
}

/** Routes of the API listener that answer without SigV4, one line each. */
export function apiOpenRoutes(tokens: ExposureOptions["tokens"], extraOpenRoutes: readonly string[]): string[] {
  return [
    "GET /healthz (liveness: {\"status\":\"ok\"})",
    "GET /, /console/… (the web console's static files; its API calls are signed)",
    ...(tokens.metricsToken.token === undefined ? ["GET /metrics (metricsToken \"open\": channel and input ids, counters)"] : []),
    ...(tokens.eventsToken.token === undefined ? ["GET /events (eventsToken \"open\": channel ARNs, states, alert texts)"] : []),
    ...extraOpenRoutes,
  ];
}

/**
 * Routes of the HLS origin. ORIGIN LISTENER: the engineer who moves the origin to its own
 * listener completes this (its port, what it serves).
 */
export function originOpenRoutes(config: ExposureOptions["config"]): string[] {
  return [`GET/HEAD/OPTIONS on the origin port ${config.originPort} (/<output root name>/…: only the playlists and segments channels publish into their file:// destinations; 404 for everything else)`];
}

export function announceExposure(options: ExposureOptions): void {
  const { config, logger, hostCheck } = options;
  if (hostCheck.enabled) logger.info({ apiHosts: hostCheck.names() }, "signed requests must name one of these hosts");
  else {
    startupNotice(
      logger,
      `the Host check of signed requests is off (API on ${config.host}, or apiHosts "*"): a request signed for any host is accepted; set --api-hosts to the names clients use (e.g. --api-hosts api.example.com,192.0.2.10:${options.port}) to turn it on`,
    );
  }
  if (isLoopbackAddress(config.host)) return;
  const routes = [...apiOpenRoutes(options.tokens, options.extraOpenRoutes), ...originOpenRoutes(config)];
  startupNotice(
    logger,
    `the API listens on ${config.host}, beyond loopback, in plain HTTP (put a TLS proxy in front, docs/security.md). These answer without a signature:\n${routes.map((r) => `  ${r}`).join("\n")}`,
    { openRoutes: routes },
  );
}
