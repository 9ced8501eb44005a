import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { absentSince, StretchTracker } from "../../../../src/pipeline/analysis/stretch-tracker.ts";

describe("StretchTracker", () => {
  it("starts a stretch at the first bad observation and ends it at a good one", () => {
    const tracker = new StretchTracker();
    assert.equal(tracker.sinceMs, undefined);
    tracker.observe(false, 0);
    tracker.observe(true, 1_000);
    tracker.observe(true, 2_000);
    assert.equal(tracker.sinceMs, 1_000);
    assert.equal(tracker.badForMs(3_500), 2_500);
    tracker.observe(false, 4_000);
    assert.equal(tracker.sinceMs, undefined);
    assert.equal(tracker.badForMs(5_000), 0);
    tracker.observe(true, 6_000);
    assert.equal(tracker.sinceMs, 6_000, "a new stretch");
    assert.equal(tracker.lastObservedMs, 6_000);
  });

  it("without maxGapMs a gap is not bad (video: missing pictures are input loss)", () => {
    const tracker = new StretchTracker({ startedMs: 0 });
    assert.equal(tracker.badSinceMs(60_000), undefined);
    tracker.observe(false, 1_000);
    assert.equal(tracker.badSinceMs(60_000), undefined);
  });

  it("with maxGapMs an absence counts from the last observation", () => {
    const tracker = new StretchTracker({ maxGapMs: 500, startedMs: 0 });
    tracker.observe(false, 1_000);
    assert.equal(tracker.badSinceMs(1_400), undefined, "a short gap is not an absence");
    assert.equal(tracker.badSinceMs(1_600), 1_000);
    assert.equal(tracker.badForMs(3_000), 2_000);
    assert.equal(tracker.sinceMs, undefined, "sinceMs covers observations only");
  });

  it("counts from startedMs when nothing was ever observed", () => {
    const tracker = new StretchTracker({ maxGapMs: 500, startedMs: 10_000 });
    assert.equal(tracker.badSinceMs(10_400), undefined);
    assert.equal(tracker.badSinceMs(12_000), 10_000);
    assert.equal(new StretchTracker({ maxGapMs: 500 }).badSinceMs(12_000), undefined, "no start, nothing to count from");
  });

  it("a bad observation after an absence keeps the absence's start; a good one ends it", () => {
    const tracker = new StretchTracker({ maxGapMs: 500 });
    tracker.observe(false, 1_000);
    tracker.observe(true, 4_000);
    assert.equal(tracker.sinceMs, 1_000, "silent since the audio went away");
    tracker.observe(false, 4_100);
    assert.equal(tracker.badSinceMs(4_200), undefined);
    tracker.observe(true, 4_300);
    assert.equal(tracker.sinceMs, 4_300, "no absence before it: the stretch starts here");
  });

  it("an ongoing stretch keeps its start through an absence", () => {
    const tracker = new StretchTracker({ maxGapMs: 500 });
    tracker.observe(true, 1_000);
    assert.equal(tracker.badSinceMs(9_000), 1_000);
  });

  it("reset forgets the stretch and the last observation", () => {
    const tracker = new StretchTracker({ maxGapMs: 500, startedMs: 0 });
    tracker.observe(true, 1_000);
    tracker.reset();
    assert.equal(tracker.sinceMs, undefined);
    assert.equal(tracker.lastObservedMs, undefined);
    assert.equal(tracker.badSinceMs(2_000), 0, "counts from startedMs again");
  });
});

describe("absentSince", () => {
  it("is the last time seen once the gap is longer than maxGapMs", () => {
    assert.equal(absentSince(1_000, 1_500, 500), undefined);
    assert.equal(absentSince(1_000, 1_501, 500), 1_000);
    assert.equal(absentSince(undefined, 1_501, 500), undefined);
  });
});
