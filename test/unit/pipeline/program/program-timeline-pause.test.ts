import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FillPhases, ProgramTimeline, type ProgramUnit } from "../../../../src/pipeline/program/program-timeline.ts";

const FRAME = 3000; // 30 fps
const black = new Uint8Array([0xb1]);
const silence = new Uint8Array([0x5e]);
const frozen = new Uint8Array([0xf0]);

function timeline(): ProgramTimeline {
  return new ProgramTimeline({ startMs: 0, videoFrameTicks90k: FRAME, fill: { black, image: black, silence: [{ frame: silence, frameTicks90k: 1920 }] }, inputLossThresholdMs: 1000, repeatFrameMs: 1000, blackFrameMs: 2000 });
}

/** Live video every 33 ms (a keyframe every 10th) and audio, from `fromMs` to `toMs`, ticking as the worker does. */
function run(t: ProgramTimeline, fromMs: number, toMs: number, out: ProgramUnit[], around?: (nowMs: number) => void): void {
  for (let ms = fromMs, n = Math.round(fromMs / 33); ms < toMs; ms += 33, n += 1) {
    around?.(ms);
    out.push(...t.live({ track: "video", pts90k: n * FRAME, dts90k: n * FRAME, keyframe: n % 10 === 0, data: new Uint8Array([n & 0x7f]) }, ms));
    out.push(...t.live({ track: 0, pts90k: n * FRAME, dts90k: n * FRAME, keyframe: true, data: new Uint8Array([0xaa]) }, ms));
    out.push(...t.tick(ms));
  }
}

describe("ProgramTimeline pause (hold / resume)", () => {
  it("holds one picture with silence while the input goes on, and resumes at the input's next keyframe on the same clock", () => {
    const t = timeline();
    const out: ProgramUnit[] = [];
    run(t, 0, 1000, out);
    assert.equal(t.phase, FillPhases.LIVE);
    const liveCount = out.length;
    t.hold(frozen);
    run(t, 1000, 3000, out);
    assert.equal(t.phase, FillPhases.PAUSED);
    const paused = out.slice(liveCount);
    const pictures = paused.filter((u) => u.track === "video");
    assert.ok(pictures.length >= 55 && pictures.length <= 62, `a picture per frame for 2 s: ${pictures.length}`);
    assert.ok(pictures.every((u) => u.data === frozen && u.keyframe), "every paused picture is the held one");
    assert.ok(paused.filter((u) => u.track === 0).every((u) => u.data === silence), "the audio is silence");
    const resumeAt = out.length;
    t.resume(3000);
    run(t, 3000, 4000, out);
    assert.equal(t.phase, FillPhases.LIVE);
    const after = out.slice(resumeAt).filter((u) => u.track === "video");
    const firstLive = after.findIndex((u) => u.data !== frozen);
    assert.ok(firstLive >= 0 && after[firstLive]!.keyframe, "live again from a keyframe");
    const dts = out.filter((u) => u.track === "video").map((u) => u.dts90k);
    for (let i = 1; i < dts.length; i++) assert.ok(dts[i]! > dts[i - 1]!, "one continuous clock");
  });

  it("holds the last live keyframe when no picture is given, and a later hold replaces the picture", () => {
    const t = timeline();
    const out: ProgramUnit[] = [];
    run(t, 0, 500, out);
    t.hold();
    out.length = 0;
    run(t, 500, 700, out);
    const held = out.filter((u) => u.track === "video");
    assert.ok(held.length > 0 && held.every((u) => u.data[0] === 10), "the keyframe at frame 10");
    t.hold(frozen);
    out.length = 0;
    run(t, 700, 800, out);
    assert.ok(out.filter((u) => u.track === "video").every((u) => u.data === frozen));
  });

  it("a resume with no keyframe in the input-loss threshold ends the hold and fills as for input loss", () => {
    const t = timeline();
    const out: ProgramUnit[] = [];
    run(t, 0, 500, out);
    t.hold(frozen);
    for (let ms = 500; ms <= 2000; ms += 40) t.tick(ms);
    t.resume(2000);
    t.tick(2900);
    assert.equal(t.phase, FillPhases.PAUSED);
    t.tick(3000);
    assert.notEqual(t.phase, FillPhases.PAUSED);
    assert.equal(t.held, false);
  });
});
