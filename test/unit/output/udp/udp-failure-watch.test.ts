import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import { parseTeeSlaveFailure, slaveDestination, UdpFailureWatch } from "../../../../src/output/udp/udp-failure-watch.ts";
import type { AlertEvent } from "../../../../src/shared/alerts.ts";

const URL_A = "udp://192.0.2.9:5000?pkt_size=1316&connect=0";
const URL_B = "rtp://192.0.2.10:5004?pkt_size=1328&connect=0";

describe("parseTeeSlaveFailure", () => {
  it("reads the slave index and reason of ffmpeg's tee line, and nothing else", () => {
    assert.deepEqual(parseTeeSlaveFailure("[tee @ 0x55d0b83ffd00] Slave muxer #2 failed: Network is unreachable, continuing with 3/4 slaves."), { slaveIndex: 2, reason: "Network is unreachable" });
    assert.equal(parseTeeSlaveFailure("[hls @ 0x1] Opening 'x.ts' for writing"), undefined);
    assert.equal(slaveDestination(URL_A), "udp://192.0.2.9:5000");
  });

  it("matches what this ffmpeg prints when a UDP slave with onfail=ignore cannot send (a broadcast address without SO_BROADCAST)", () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "udp-failure-"));
    try {
      const file = path.join(folder, "other.ts");
      const run = spawnSync(
        "ffmpeg",
        ["-hide_banner", "-loglevel", "warning", "-f", "lavfi", "-i", "testsrc2=size=64x36:rate=10", "-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-map", "0", "-f", "tee", `[f=mpegts:onfail=ignore]udp://255.255.255.255:9?connect=0|[f=mpegts]${file}`],
        { encoding: "utf8" },
      );
      const failure = run.stderr.split("\n").map(parseTeeSlaveFailure).find((parsed) => parsed !== undefined);
      assert.equal(failure?.slaveIndex, 0, run.stderr);
      assert.ok(statSync(file).size > 0, "the other slave went on");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("UdpFailureWatch", () => {
  let alerts: AlertEvent[];
  let restarts: number;
  let watch: UdpFailureWatch;
  beforeEach(() => {
    mock.timers.enable({ apis: ["setTimeout"] });
    alerts = [];
    restarts = 0;
    watch = new UdpFailureWatch({ alert: (alert) => alerts.push(alert), restartEncoder: () => void (restarts += 1), restartDelayMs: 10_000, maxRestartDelayMs: 25_000, clearAfterMs: 5_000, nowMs: () => 0 });
  });
  afterEach(() => {
    watch.close();
    mock.timers.reset();
  });

  it("raises the output's alert at once, restarts the encoder after the grace period, and clears once the restarted encoder has sent for clearAfterMs", () => {
    watch.slaveFailed(URL_A, "Network is unreachable");
    assert.deepEqual(alerts.map((a) => [a.state, a.outputGroup]), [["SET", "udp://192.0.2.9:5000"]]);
    assert.match(alerts[0]!.message, /^UDP output to udp:\/\/192\.0\.2\.9:5000: sending failed \(Network is unreachable\)/);
    mock.timers.tick(9_999);
    assert.equal(restarts, 0, "the other outputs are not interrupted before the grace period");
    mock.timers.tick(1);
    assert.equal(restarts, 1);
    watch.encoderRunning();
    mock.timers.tick(4_999);
    assert.equal(alerts.length, 1);
    mock.timers.tick(1);
    assert.deepEqual(alerts.map((a) => [a.state, a.outputGroup]), [["SET", "udp://192.0.2.9:5000"], ["CLEARED", "udp://192.0.2.9:5000"]]);
  });

  it("an output that keeps failing stays SET (one alert per destination) and the restarts space out, doubling up to the maximum", () => {
    watch.slaveFailed(URL_A, "Network is unreachable");
    watch.slaveFailed(URL_B, "Network is unreachable");
    assert.deepEqual(alerts.map((a) => a.outputGroup), ["udp://192.0.2.9:5000", "rtp://192.0.2.10:5004"], "one alert per destination");
    mock.timers.tick(10_000);
    assert.equal(restarts, 1, "one restart for both");
    watch.encoderRunning();
    mock.timers.tick(1_000);
    watch.slaveFailed(URL_A, "Network is unreachable");
    mock.timers.tick(19_999);
    assert.equal(restarts, 1);
    mock.timers.tick(1);
    assert.equal(restarts, 2, "the second restart after 20 s");
    watch.slaveFailed(URL_A, "Network is unreachable");
    mock.timers.tick(25_000);
    assert.equal(restarts, 3, "capped at maxRestartDelayMs");
    assert.equal(alerts.length, 2, "no CLEARED while failing, no repeated SET");
  });

  it("close stops a pending restart", () => {
    watch.slaveFailed(URL_A, "x");
    watch.close();
    mock.timers.tick(60_000);
    assert.equal(restarts, 0);
  });
});
