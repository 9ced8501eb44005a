import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { epoch90k, eraBase90k } from "../../../../src/pipeline/program/epoch-clock.ts";
import { ProgramTimeline, type ProgramUnit } from "../../../../src/pipeline/program/program-timeline.ts";

const FRAME = 3600; // 25 fps
const WRAP = 2 ** 33;
const black = new Uint8Array([0xb1]);
const silence = new Uint8Array([0x5e]);
/** 2026-12-07T12:00:00.000Z */
const NOON_MS = Date.UTC(2026, 11, 7, 12);

function lockedTimeline(startMs: number): ProgramTimeline {
  return new ProgramTimeline({ startMs, videoFrameTicks90k: FRAME, fill: { black, image: black, silence: [{ frame: silence, frameTicks90k: 1920 }] }, inputLossThresholdMs: 1000, repeatFrameMs: 0, blackFrameMs: 1_000_000, epochLocked: true });
}

const videoOf = (units: readonly ProgramUnit[]): ProgramUnit[] => units.filter((unit) => unit.track === "video");
const liveVideo = (dts: number, keyframe: boolean): ProgramUnit => ({ track: "video", dts90k: dts, pts90k: dts, keyframe, data: new Uint8Array([keyframe ? 0x65 : 0x41]) });

describe("ProgramTimeline, epoch-locked", () => {
  it("its clock is the epoch's in 90 kHz ticks: in 33 bits, the same in every pipeline whenever it started", () => {
    const early = lockedTimeline(NOON_MS - 3_600_000);
    const late = lockedTimeline(NOON_MS);
    for (const t of [early, late]) assert.equal((t.clock90k(NOON_MS + 1234) % WRAP) - 0, epoch90k(NOON_MS + 1234) % WRAP);
    assert.ok(late.clock90k(NOON_MS) < 2 * WRAP, "small values: the whole periods are taken off");
    assert.equal(eraBase90k(NOON_MS) % WRAP, 0);
  });

  it("does not follow the live source's pace: the clock stays the wall clock's", () => {
    const t = lockedTimeline(NOON_MS);
    t.tick(NOON_MS);
    // A source whose timestamps run 5 % fast: the unlocked timeline re-anchors on it.
    for (let i = 0; i < 50; i++) t.live(liveVideo(1_000_000 + i * 3780, i === 0), NOON_MS + 40 * i);
    assert.equal(t.clock90k(NOON_MS + 2000), epoch90k(NOON_MS + 2000) - eraBase90k(NOON_MS));
  });

  it("a run started with outputFrom sends nothing before its first frame, then a keyframe exactly on it, then continues on the frame grid", () => {
    const t = lockedTimeline(NOON_MS);
    const base = eraBase90k(NOON_MS);
    const boundaryMs = NOON_MS + 1000;
    t.outputFrom(epoch90k(boundaryMs));
    assert.deepEqual(t.tick(NOON_MS + 500), [], "nothing before the run's first frame");
    assert.deepEqual(t.live(liveVideo(5_000_000, true), NOON_MS + 600), [], "live units wait too");
    const out = t.tick(boundaryMs + 120);
    const pictures = videoOf(out);
    assert.equal(pictures[0]!.dts90k + base, epoch90k(boundaryMs), "the first frame is on the boundary");
    assert.equal(pictures[0]!.pts90k, pictures[0]!.dts90k);
    assert.ok(pictures[0]!.keyframe);
    pictures.forEach((picture, i) => assert.equal(picture.dts90k - pictures[0]!.dts90k, i * FRAME, "fill follows frame by frame"));
    assert.equal(pictures.length, 4, "the boundary and the 3 frames up to 120 ms later");
    assert.deepEqual(
      out.map((unit) => t.startsRun(unit)),
      out.map((unit) => unit === pictures[0]),
      "only the run's first frame starts it (it goes out even while the output pauses on loss)",
    );
  });

  it("the live source comes back from its next keyframe, after the run's first frame", () => {
    const t = lockedTimeline(NOON_MS);
    t.tick(NOON_MS);
    for (let i = 0; i < 5; i++) t.live(liveVideo(1_000_000 + i * FRAME, i === 0), NOON_MS + 40 * i);
    t.outputFrom(epoch90k(NOON_MS + 1000));
    const start = videoOf(t.tick(NOON_MS + 1000));
    assert.equal(start.length, 1);
    assert.deepEqual(start[0]!.data, new Uint8Array([0x65]), "the last live keyframe is the run's first picture");
    assert.deepEqual(t.live(liveVideo(1_000_000 + 30 * FRAME, false), NOON_MS + 1010), [], "not a keyframe: waits");
    const [back] = t.live(liveVideo(1_000_000 + 31 * FRAME, true), NOON_MS + 1050);
    assert.ok(back && back.dts90k > start[0]!.dts90k, "after the first frame");
  });
});
