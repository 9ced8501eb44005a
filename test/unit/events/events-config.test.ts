import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "../../../src/config/config.ts";

describe("event options", () => {
  it("default to a generated stream token and no webhooks", () => {
    const config = loadConfig({ flags: {}, env: {} });
    assert.equal(config.eventsToken, "generated");
    assert.deepEqual(config.webhookUrls, []);
    assert.equal(config.webhookSecret, "");
  });

  it("take comma-separated http(s) webhook URLs, or an array in a config file", () => {
    const fromEnv = loadConfig({ flags: {}, env: { OPENLIVE_WEBHOOK_URLS: "http://a.example/hook, https://b.example/x?y=1", OPENLIVE_WEBHOOK_SECRET: "s", OPENLIVE_EVENTS_TOKEN: "t" } });
    assert.deepEqual(fromEnv.webhookUrls, ["http://a.example/hook", "https://b.example/x?y=1"]);
    assert.ok(Object.isFrozen(fromEnv.webhookUrls));
    assert.equal(fromEnv.webhookSecret, "s");
    assert.equal(fromEnv.eventsToken, "t");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "openlive-config-")), "openlive.json");
    writeFileSync(file, JSON.stringify({ webhookUrls: ["http://a.example/1", "http://a.example/2"] }));
    assert.deepEqual(loadConfig({ flags: {}, env: {}, configFile: file }).webhookUrls, ["http://a.example/1", "http://a.example/2"]);
  });

  it("refuse a webhook URL that is not http(s), naming it", () => {
    for (const bad of ["ftp://a.example/x", "not a url", "http://ok.example/,mailto:x@y"]) {
      assert.throws(() => loadConfig({ flags: { "webhook-urls": bad }, env: {} }), (error: unknown) => error instanceof ConfigError && /'--webhook-urls' must be http\(s\) URLs/.test(error.message), bad);
    }
  });
});
