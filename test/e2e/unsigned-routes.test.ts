// Every route of a real ./openlive, walked without a signature (docs/security.md, "What is
// exposed"): each answers what the table below says, and no answer reveals configuration,
// secrets, resource ids or whether a file exists. One function per listener lists its routes:
// the API listener's here, the HLS origin's (its own port) in originListenerRoutes().

import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { MODEL_OPERATIONS } from "../../src/model/generated/medialive-model.ts";
import path from "node:path";
import { startOpenlive, TEST_OUTPUT_ROOT, type OpenliveProcess } from "../helpers/openlive-process.ts";
import { openliveTokens } from "../helpers/openlive-tokens.ts";
import { rawRequest } from "../helpers/signed-fetch.ts";

interface Probe {
  readonly method: string;
  readonly path: string;
  /** Extra request headers (none carries a signature). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly status: number | readonly number[];
  /** What the body must say, when it says something specific. */
  readonly body?: RegExp;
  /** The X-Amzn-ErrorType, for API answers. */
  readonly errorType?: string;
}

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One unsigned request with node:http (fetch would refuse some methods and normalise paths). */
function probe(baseUrl: string, request: Probe): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ host: url.hostname, port: Number(url.port), method: request.method, path: request.path, headers: request.headers ?? {}, agent: false }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.setTimeout(10_000, () => outgoing.destroy(new Error(`${request.method} ${request.path}: no answer`)));
    outgoing.end();
  });
}

const MISSING_TOKEN = /Missing Authentication Token/;

/** The API listener's routes (the port of the MediaLive API). */
function apiListenerRoutes(resourceId: string): Probe[] {
  const operations = Object.entries(MODEL_OPERATIONS).map(([, operation]): Probe => ({
    method: operation.method,
    // Labels filled with an id that exists: an unsigned caller must not learn that.
    path: operation.path.replace(/\{[^}]+\}/g, resourceId),
    status: 403,
    errorType: "ForbiddenException",
    body: MISSING_TOKEN,
  }));
  return [
    { method: "GET", path: "/healthz", status: 200, body: /^\{"status":"ok"\}$/ },
    { method: "GET", path: "/", status: 302 },
    { method: "GET", path: "/console", status: 302 },
    { method: "GET", path: "/console/", status: 200, body: /<script type="module" src="app\/main\.js"><\/script>/ },
    { method: "GET", path: "/console/console.css", status: 200 },
    { method: "GET", path: "/console/hls.min.js", status: 200 },
    { method: "GET", path: "/console/app/main.js", status: 200 },
    { method: "GET", path: "/console/docs/upstream.md", status: 200 },
    // Files outside the console's own list answer alike whether they exist or not.
    { method: "GET", path: "/console/credentials.json", status: 404, body: /^credentials\.json is not part of the console$/ },
    { method: "GET", path: "/console/app/../../data/credentials.json", status: 404 },
    { method: "GET", path: "/console/%2e%2e/%2e%2e/package.json", status: 404 },
    { method: "GET", path: "/console/app/does-not-exist.js", status: 404, body: /^does-not-exist\.js does not exist$/ },
    { method: "GET", path: "/metrics", status: 401, body: /^a bearer token is required/ },
    { method: "GET", path: "/metrics", headers: { authorization: "Bearer wrong" }, status: 401 },
    { method: "GET", path: "/events", status: 401, body: /eventsToken/ },
    { method: "GET", path: "/events?token=wrong", status: 401 },
    ...operations,
    { method: "GET", path: "/prod/channels/.", status: 400, errorType: "BadRequestException" },
    { method: "OPTIONS", path: "/prod/channels", status: 403, errorType: "ForbiddenException", body: MISSING_TOKEN },
    { method: "POST", path: "/openlive/check", status: 403, errorType: "ForbiddenException", body: MISSING_TOKEN },
    // Without the demo its routes do not exist.
    { method: "GET", path: "/openlive/demo", status: 404 },
    { method: "GET", path: "/demo", status: 404 },
    { method: "GET", path: "/no/such/route", status: 404, errorType: "NotFoundException", body: /^\{"message":"No MediaLive operation at GET \/no\/such\/route"\}$/ },
    { method: "OPTIONS", path: "/", status: 404, errorType: "NotFoundException" },
    { method: "DELETE", path: "/healthz", status: 404, errorType: "NotFoundException" },
  ];
}

const NOT_FOUND = /^\{"message":"Not Found"\}$/;

/**
 * The HLS origin's routes on its own listener (originPort): files channels publish, nothing
 * else; with no channel, every path is the same 404 (nothing says what exists on disk).
 */
function originListenerRoutes(dataDir: string): Probe[] {
  const root = path.basename(TEST_OUTPUT_ROOT);
  return [
    { method: "GET", path: "/", status: 404, body: NOT_FOUND },
    { method: "GET", path: `/${root}/`, status: 404, body: NOT_FOUND },
    { method: "GET", path: `/${root}/live/index.m3u8`, status: 404, body: NOT_FOUND },
    { method: "HEAD", path: `/${root}/live/index.m3u8`, status: 404 },
    { method: "GET", path: "/etc/passwd", status: 404, body: NOT_FOUND },
    { method: "GET", path: `${dataDir}/credentials.json`, status: 404, body: NOT_FOUND },
    { method: "GET", path: `/${root}/../../etc/passwd`, status: 404, body: NOT_FOUND },
    { method: "GET", path: `/${root}/%2e%2e/%2e%2e/etc/passwd`, status: 404, body: NOT_FOUND },
    { method: "GET", path: "/origin/etc/passwd", status: 404, body: NOT_FOUND },
    { method: "GET", path: "/healthz", status: 404, body: NOT_FOUND },
    { method: "GET", path: "/prod/channels", status: 404, body: NOT_FOUND },
    { method: "GET", path: "/console/", status: 404, body: NOT_FOUND },
    { method: "GET", path: "/metrics", status: 404, body: NOT_FOUND },
    { method: "POST", path: `/${root}/live/index.m3u8`, status: 404, body: NOT_FOUND },
    { method: "DELETE", path: `/${root}/live/index.m3u8`, status: 404, body: NOT_FOUND },
    { method: "OPTIONS", path: `/${root}/live/index.m3u8`, status: 204 },
  ];
}

describe("every route, without a signature", { timeout: 60_000 }, () => {
  let openlive: OpenliveProcess;
  let resourceId: string;
  let secrets: string[];

  before(async () => {
    openlive = await startOpenlive();
    const created = await rawRequest(openlive, { method: "POST", path: "/prod/inputSecurityGroups", body: { whitelistRules: [{ cidr: "10.0.0.0/8" }] } });
    assert.equal(created.status, 200, created.text);
    resourceId = (created.json as { securityGroup: { id: string } }).securityGroup.id;
    const tokens = openliveTokens(openlive.dataDir);
    secrets = [openlive.credentials.accessKeyId, openlive.credentials.secretAccessKey, tokens.metricsToken, tokens.eventsToken, openlive.dataDir];
  });

  after(async () => {
    await openlive?.stop();
  });

  it("answers each route of the API listener as documented, revealing nothing", async () => {
    const routes = apiListenerRoutes(resourceId);
    assert.ok(routes.length > Object.keys(MODEL_OPERATIONS).length, "every model operation is walked");
    for (const route of routes) {
      const answer = await probe(openlive.url, route);
      const label = `${route.method} ${route.path}`;
      const statuses = typeof route.status === "number" ? [route.status] : route.status;
      assert.ok(statuses.includes(answer.status), `${label}: ${answer.status} ${answer.body.slice(0, 200)}`);
      if (route.errorType !== undefined) assert.equal(answer.headers["x-amzn-errortype"], route.errorType, label);
      if (route.body !== undefined) assert.match(answer.body, route.body, label);
      const everything = `${JSON.stringify(answer.headers)}\n${answer.body}`;
      for (const secret of secrets) assert.ok(!everything.includes(secret), `${label} reveals ${secret === openlive.dataDir ? "the data dir" : "a secret"}`);
      assert.ok(!everything.includes(resourceId), `${label} reveals the id ${resourceId}`);
      if (route.method === "GET" && (route.path === "/" || route.path.startsWith("/console"))) {
        assert.equal(answer.headers["x-frame-options"], "DENY", label);
        assert.match(String(answer.headers["content-security-policy"]), /default-src 'self'/, label);
      }
    }
  });

  it("answers each route of the origin listener as documented, revealing nothing", async () => {
    const routes = originListenerRoutes(openlive.dataDir);
    for (const route of routes) {
      const answer = await probe(openlive.originUrl, route);
      const label = `origin ${route.method} ${route.path}`;
      assert.equal(answer.status, route.status, `${label}: ${answer.body.slice(0, 200)}`);
      if (route.body !== undefined) assert.match(answer.body, route.body, label);
      assert.equal(answer.headers["x-content-type-options"], "nosniff", label);
      assert.equal(answer.headers["access-control-allow-origin"], "*", label);
      const everything = `${JSON.stringify(answer.headers)}\n${answer.body}`;
      for (const secret of secrets) assert.ok(!everything.includes(secret), `${label} reveals ${secret === openlive.dataDir ? "the data dir" : "a secret"}`);
    }
  });
});
