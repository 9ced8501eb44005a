// Two openlive services in one process (startService, no channel): each serves its own
// /metrics from its own registry (prom-client's global one would refuse the second set of
// names); one is guarded by the token it generated on first start, the other by a configured one.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pino from "pino";
import { loadConfig } from "../../../src/config/config.ts";
import { startService, type RunningService } from "../../../src/main.ts";
import { makeTempDir } from "../../helpers/openlive-process.ts";
import { bearer, openliveTokens } from "../../helpers/openlive-tokens.ts";
import { parsePromText, valueOf } from "../../helpers/prometheus-text.ts";

const TOKEN = "metrics-integration-token";

async function serve(extraFlags: Record<string, string>, dataDir = makeTempDir("openlive-metrics-")): Promise<RunningService> {
  // Each service has its own origin listener too: any free port, not the default 8081 both would take.
  const config = loadConfig({ flags: { "data-dir": dataDir, "api-port": "0", "origin-port": "0", "log-level": "error", ...extraFlags }, env: {} });
  return startService(config, { accessKeyId: "AKIDMETRICS", secretAccessKey: "metrics-secret-key", origin: "environment", generated: false }, pino({ level: "silent" }));
}

describe("/metrics of services sharing a process", { timeout: 30_000 }, () => {
  let generated: RunningService;
  let guarded: RunningService;
  const generatedDir = makeTempDir("openlive-metrics-");

  before(async () => {
    generated = await serve({}, generatedDir);
    guarded = await serve({ "metrics-token": TOKEN });
  });

  after(async () => {
    await generated?.close();
    await guarded?.close();
  });

  it("serves each service's metrics, the first one with the token it generated", async () => {
    const denied = await fetch(`${generated.url}/metrics`);
    assert.equal(denied.status, 401);
    await denied.arrayBuffer();
    const response = await fetch(`${generated.url}/metrics`, { headers: bearer(openliveTokens(generatedDir).metricsToken) });
    assert.equal(response.status, 200);
    const text = parsePromText(await response.text());
    assert.equal(text.types.get("openlive_pipeline_running"), "gauge");
    assert.equal(text.types.get("openlive_input_bytes_total"), "counter");
    assert.ok((valueOf(text, "process_resident_memory_bytes") ?? 0) > 0);
    assert.equal(text.samples.filter((s) => s.name.startsWith("openlive_")).length, 0, "no channel runs: no openlive series yet");
  });

  it("guards the other one with its bearer token", async () => {
    const denied = await fetch(`${guarded.url}/metrics`);
    assert.equal(denied.status, 401);
    await denied.arrayBuffer();
    const allowed = await fetch(`${guarded.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(allowed.status, 200);
    assert.ok(parsePromText(await allowed.text()).types.has("openlive_pipeline_running"));
  });
});
