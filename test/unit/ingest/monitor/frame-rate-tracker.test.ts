import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FrameRateTracker } from "../../../../src/ingest/monitor/frame-rate-tracker.ts";

function feed(durations90k: readonly number[], start = 900_000): FrameRateTracker {
  const tracker = new FrameRateTracker();
  let dts = start;
  tracker.push(dts);
  for (const duration of durations90k) tracker.push((dts += duration));
  return tracker;
}

describe("FrameRateTracker", () => {
  it("reads a constant 25 fps and 29.97 fps", () => {
    const fps25 = feed(Array(100).fill(3600));
    assert.equal(fps25.frameRate, 25);
    assert.equal(fps25.variable, false);
    // 30000/1001: durations alternate 3003 exactly.
    assert.equal(feed(Array(100).fill(3003)).frameRate, 29.97);
  });

  it("does not call an occasional dropped frame variable", () => {
    const durations = Array(100).fill(3600);
    durations[50] = 7200;
    durations[80] = 7200;
    assert.equal(feed(durations).variable, false);
  });

  it("flags durations that wander", () => {
    const durations = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 3000 : i % 3 === 1 ? 3600 : 4500));
    assert.equal(feed(durations).variable, true);
  });

  it("ignores discontinuities and says nothing before 10 frames", () => {
    assert.equal(feed(Array(5).fill(3600)).frameRate, undefined);
    const tracker = feed(Array(50).fill(3600));
    tracker.push(0);
    for (let i = 1; i <= 50; i++) tracker.push(i * 3600);
    assert.equal(tracker.variable, false);
    assert.equal(tracker.frameRate, 25);
  });
});
