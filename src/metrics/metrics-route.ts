// GET /metrics: the Prometheus text exposition. Unless the metricsToken is "open", a scrape
// must send `Authorization: Bearer <token>` (RFC 6750 §2.1); otherwise 401.

import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { OpenliveMetrics } from "./openlive-metrics.ts";

export const METRICS_PATH = "/metrics";

/** Whether an Authorization header carries the token (constant time; undefined token, i.e. "open": always). */
export function scrapeAllowed(token: string | undefined, authorization: string | undefined): boolean {
  if (token === undefined) return true;
  const match = /^Bearer +(.+)$/i.exec(authorization?.trim() ?? "");
  if (!match) return false;
  const digest = (text: string): Buffer => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}

export function registerMetricsRoute(app: FastifyInstance, metrics: OpenliveMetrics, token: string | undefined): void {
  app.get(METRICS_PATH, async (request, reply) => {
    if (!scrapeAllowed(token, request.headers.authorization)) {
      return reply.code(401).header("www-authenticate", 'Bearer realm="openlive metrics"').header("content-type", "text/plain; charset=utf-8").send("a bearer token is required to read the metrics\n");
    }
    const { contentType, body } = await metrics.render();
    return reply.header("content-type", contentType).header("cache-control", "no-store").send(body);
  });
}
