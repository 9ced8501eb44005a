import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Fastify from "fastify";
import { registerMetricsRoute, scrapeAllowed } from "../../../src/metrics/metrics-route.ts";
import { OpenliveMetrics } from "../../../src/metrics/openlive-metrics.ts";

const source = { metricsView: () => [], onStats: () => () => {} };

describe("scrapeAllowed", () => {
  it("is open without a token (\"open\"), and wants the exact bearer token otherwise", () => {
    assert.equal(scrapeAllowed(undefined, undefined), true);
    assert.equal(scrapeAllowed("", undefined), false, "an empty token is no longer open");
    assert.equal(scrapeAllowed("s3cret", undefined), false);
    assert.equal(scrapeAllowed("s3cret", "Bearer s3cret"), true);
    assert.equal(scrapeAllowed("s3cret", "bearer s3cret"), true);
    assert.equal(scrapeAllowed("s3cret", "Bearer s3cret2"), false);
    assert.equal(scrapeAllowed("s3cret", "Basic czNjcmV0"), false);
    assert.equal(scrapeAllowed("s3cret", "s3cret"), false);
  });
});

describe("GET /metrics", () => {
  it("answers 401 without the token and the text format with it", async () => {
    const app = Fastify();
    const metrics = new OpenliveMetrics({ source, processMetrics: false });
    registerMetricsRoute(app, metrics, "s3cret");
    const denied = await app.inject({ method: "GET", url: "/metrics" });
    assert.equal(denied.statusCode, 401);
    assert.match(String(denied.headers["www-authenticate"]), /^Bearer/);
    const wrong = await app.inject({ method: "GET", url: "/metrics", headers: { authorization: "Bearer nope" } });
    assert.equal(wrong.statusCode, 401);
    const allowed = await app.inject({ method: "GET", url: "/metrics", headers: { authorization: "Bearer s3cret" } });
    assert.equal(allowed.statusCode, 200);
    assert.match(String(allowed.headers["content-type"]), /^text\/plain; version=0\.0\.4/);
    assert.match(allowed.body, /# TYPE openlive_pipeline_running gauge/);
    await app.close();
    metrics.close();
  });

  it("is open when the token is \"open\"", async () => {
    const app = Fastify();
    const metrics = new OpenliveMetrics({ source, processMetrics: false });
    registerMetricsRoute(app, metrics, undefined);
    assert.equal((await app.inject({ method: "GET", url: "/metrics" })).statusCode, 200);
    await app.close();
    metrics.close();
  });
});
