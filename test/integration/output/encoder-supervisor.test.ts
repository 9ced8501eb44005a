// The encoder supervisor with the real ffmpeg: a command that encodes a few frames and exits
// stands in for an encoder that dies; it is restarted with the same arguments after the
// backoff, its frames add up, and close() ends it and its restarts.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import pino from "pino";
import { EncoderSupervisor } from "../../../src/output/encoder/encoder-supervisor.ts";
import type { EncoderPlan } from "../../../src/output/encoder/plan-types.ts";
import type { AlertEvent } from "../../../src/shared/alerts.ts";

const FRAMES_PER_RUN = 20;

function planOf(thumbnailFile: string): EncoderPlan {
  // The thumbnail path is in the command line, as in a real plan: it marks the pipeline's encoder.
  const args = ["-hide_banner", "-nostats", "-v", "error", "-stats_period", "0.1", "-progress", "pipe:3", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=25", "-frames:v", String(FRAMES_PER_RUN), "-f", "null", "-", "-metadata", `comment=${thumbnailFile}`];
  return { args, variants: [], groups: [], progressFd: 3, warnings: [] };
}

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("EncoderSupervisor", () => {
  const workDir = mkdtempSync(path.join(os.tmpdir(), "encoder-supervisor-"));
  after(() => rmSync(workDir, { recursive: true, force: true }));

  it("restarts an encoder that exits with the same arguments, sums its frames, and stops on close", async () => {
    const thumbnailFile = path.join(workDir, "thumbnail.jpg");
    const plan = planOf(thumbnailFile);
    const started: EncoderPlan[] = [];
    const reports: { running: boolean; detail?: string }[] = [];
    const alerts: AlertEvent[] = [];
    const supervisor = new EncoderSupervisor({
      workDir,
      thumbnailFile,
      logger: pino({ level: "silent" }),
      alert: (alert) => alerts.push(alert),
      onStarting: (each) => void started.push(each),
      onRunning: (running, detail) => reports.push({ running, ...(detail !== undefined ? { detail } : {}) }),
    });
    await supervisor.awaitPrevious();
    supervisor.start(plan);
    await until("a restart after the first exit", () => (started.length >= 2 && supervisor.accepting ? true : undefined));
    assert.ok(started.every((each) => each === plan), "every run has the plan's arguments");
    const counters = supervisor.counters(Date.now());
    assert.ok(counters.encoderExits >= 1);
    assert.ok(counters.encoderFrames >= FRAMES_PER_RUN, `frames of the first run counted: ${counters.encoderFrames}`);
    assert.deepEqual(reports.slice(0, 2), [{ running: true }, { running: false, detail: "ffmpeg exited (0)" }]);
    assert.deepEqual(
      alerts.slice(0, 2).map((alert) => [alert.state, alert.message.split(":")[0]]),
      [
        ["CLEARED", "the encoder produces output"],
        ["SET", "the encoder exited (code 0)"],
      ],
    );
    await Promise.all([supervisor.close(), supervisor.close()]);
    assert.equal(supervisor.accepting, false);
    const runs = started.length;
    const exits = supervisor.counters(Date.now()).encoderExits;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    assert.equal(started.length, runs, "no run after close");
    assert.equal(supervisor.counters(Date.now()).encoderExits, exits, "the closed run is no exit");
  });
});
