import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ConfigError } from "../../../src/config/config.ts";
import { loadRouteTokens, tokenHint } from "../../../src/config/tokens.ts";

const tempDir = (): string => mkdtempSync(path.join(tmpdir(), "openlive-tokens-"));
const modeOf = (file: string): number => statSync(file).mode & 0o777;

describe("loadRouteTokens", () => {
  it("generates both tokens on first start into tokens.json (0600, whatever the umask) and reuses them", () => {
    const dir = tempDir();
    const previous = process.umask(0o000);
    let first;
    try {
      first = loadRouteTokens({ metricsToken: "generated", eventsToken: "generated" }, dir);
    } finally {
      process.umask(previous);
    }
    assert.equal(first.generated, true);
    assert.equal(first.metricsToken.source, "generated");
    assert.match(first.metricsToken.token ?? "", /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(first.metricsToken.token, first.eventsToken.token);
    assert.equal(modeOf(path.join(dir, "tokens.json")), 0o600);
    const stored = JSON.parse(readFileSync(path.join(dir, "tokens.json"), "utf8")) as Record<string, string>;
    assert.equal(stored.metricsToken, first.metricsToken.token);
    const again = loadRouteTokens({ metricsToken: "generated", eventsToken: "generated" }, dir);
    assert.equal(again.generated, false);
    assert.equal(again.metricsToken.token, first.metricsToken.token);
    assert.equal(again.eventsToken.token, first.eventsToken.token);
  });

  it("leaves \"open\" routes without a token and uses a literal value as is, writing nothing", () => {
    const dir = tempDir();
    const tokens = loadRouteTokens({ metricsToken: "open", eventsToken: "my-literal" }, dir);
    assert.deepEqual(tokens.metricsToken, { token: undefined, source: "open" });
    assert.deepEqual(tokens.eventsToken, { token: "my-literal", source: "configured" });
    assert.equal(tokens.generated, false);
    assert.throws(() => statSync(path.join(dir, "tokens.json")), /ENOENT/);
  });

  it("refuses a tokens.json it cannot use, naming the file and the fix", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "tokens.json"), "{");
    assert.throws(() => loadRouteTokens({ metricsToken: "generated", eventsToken: "open" }, dir), (error: unknown) => error instanceof ConfigError && /tokens\.json.*delete it/.test(error.message));
    writeFileSync(path.join(dir, "tokens.json"), JSON.stringify({ metricsToken: "" }));
    assert.throws(() => loadRouteTokens({ metricsToken: "generated", eventsToken: "open" }, dir), /metricsToken must be a non-empty string/);
  });

  it("tells how to use each token with curl and Prometheus, and says when a route is open", () => {
    const dir = tempDir();
    const tokens = loadRouteTokens({ metricsToken: "generated", eventsToken: "open" }, dir);
    const hint = tokenHint(tokens, "http://127.0.0.1:8080");
    assert.ok(hint.includes(`curl -H 'Authorization: Bearer ${tokens.metricsToken.token}' http://127.0.0.1:8080/metrics`));
    assert.match(hint, /Prometheus/);
    assert.match(hint, /GET \/events is open/);
  });
});
