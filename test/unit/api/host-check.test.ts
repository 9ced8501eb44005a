import assert from "node:assert/strict";
import { describe, it } from "node:test";
import pino from "pino";
import { announceExposure } from "../../../src/api/exposure.ts";
import { createHostCheck } from "../../../src/api/host-check.ts";
import { hasDotOrEmptySegment } from "../../../src/api/canonical-path.ts";

describe("createHostCheck", () => {
  it("accepts by default the listen address and localhost with the actual port, case-insensitively", () => {
    let port = 0;
    const check = createHostCheck({ listenAddress: "127.0.0.1", apiHosts: [], port: () => port });
    port = 8080;
    assert.equal(check.enabled, true);
    for (const host of ["127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080"]) assert.equal(check.accepts(host), true, host);
    for (const host of ["evil.example:443", "evil.example", "127.0.0.1", "127.0.0.1:8081", "localhost", ""]) assert.equal(check.accepts(host), false, host);
  });

  it("accepts a Host without a port on port 80, and brackets IPv6", () => {
    assert.equal(createHostCheck({ listenAddress: "10.0.0.5", apiHosts: [], port: () => 80 }).accepts("10.0.0.5"), true);
    const v6 = createHostCheck({ listenAddress: "::1", apiHosts: [], port: () => 8080 });
    assert.equal(v6.accepts("[::1]:8080"), true);
    assert.equal(v6.accepts("::1:8080"), false);
  });

  it("uses apiHosts instead of the defaults when set", () => {
    const check = createHostCheck({ listenAddress: "127.0.0.1", apiHosts: ["api.example.com"], port: () => 8080 });
    assert.equal(check.accepts("api.example.com"), true);
    assert.equal(check.accepts("api.example.com:8080"), false);
    assert.equal(check.accepts("127.0.0.1:8080"), false);
  });

  it("is off on a wildcard address without apiHosts, and with apiHosts *", () => {
    for (const [listenAddress, apiHosts] of [["0.0.0.0", []], ["::", []], ["127.0.0.1", ["*"]]] as const) {
      const check = createHostCheck({ listenAddress, apiHosts, port: () => 8080 });
      assert.equal(check.enabled, false);
      assert.equal(check.accepts("evil.example"), true);
    }
    assert.equal(createHostCheck({ listenAddress: "0.0.0.0", apiHosts: ["api.example.com"], port: () => 8080 }).accepts("evil.example"), false);
  });
});

describe("hasDotOrEmptySegment", () => {
  it("finds empty, . and .. segments, plain or percent-encoded, and nothing else", () => {
    for (const path of ["/prod//inputs", "/prod/inputs/", "/prod/./inputs", "/prod/a/..", "/prod/%2e", "/prod/%2E%2e/x", "/prod/.%2E", "//"]) assert.equal(hasDotOrEmptySegment(path), true, path);
    for (const path of ["/", "/prod/inputs", "/prod/inputs/123", "/prod/tags/arn%3Aaws%3Amedialive", "/prod/a.b", "/prod/...", "/prod/%2e%2e%2e", "/prod/.x"]) assert.equal(hasDotOrEmptySegment(path), false, path);
  });
});

describe("announceExposure", () => {
  const run = (host: string, apiHosts: readonly string[], metrics: string | undefined): { log: string; stderr: string } => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      announceExposure({
        config: { host, originPort: 8081 }, port: 8080, logger, extraOpenRoutes: ["GET /demo"],
        tokens: { metricsToken: { token: metrics, source: metrics === undefined ? "open" : "generated" }, eventsToken: { token: "t", source: "generated" } },
        hostCheck: createHostCheck({ listenAddress: host, apiHosts, port: () => 8080 }),
      });
    } finally {
      process.stderr.write = original;
    }
    return { log: lines.join(""), stderr: written.join("") };
  };

  it("on a wildcard address says the Host check is off and how to turn it on, and lists the unsigned routes", () => {
    const { log, stderr } = run("0.0.0.0", [], undefined);
    for (const text of [log, stderr]) {
      assert.match(text, /Host check of signed requests is off/);
      assert.match(text, /--api-hosts/);
      assert.match(text, /GET \/healthz/);
      assert.match(text, /GET \/metrics/);
      assert.match(text, /GET \/demo/);
      assert.match(text, /origin port 8081/);
      assert.doesNotMatch(text, /GET \/events/, "the events route has a token");
    }
  });

  it("on another non-loopback address lists the routes but keeps the Host check", () => {
    const { stderr } = run("192.0.2.10", [], "token");
    assert.match(stderr, /beyond loopback/);
    assert.doesNotMatch(stderr, /Host check/);
    assert.doesNotMatch(stderr, /GET \/metrics/);
  });

  it("on loopback says nothing on stderr", () => {
    assert.equal(run("127.0.0.1", [], "token").stderr, "");
    assert.equal(run("::1", [], "token").stderr, "");
  });
});
