import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { epochKeyframeExpr, frameAtOrBefore, lockedRunPlan, lockedRunStart, lockingPeriodMs, RUN_PHASE, WRAP_GUARD_90K, withInputOffset } from "../../../../src/output/encoder/output-locking.ts";
import { minimalHls, planRequest } from "./encoder-fixtures.ts";
import { outputView, valueOf } from "./plan-view.ts";

const WRAP = 2 ** 33;
/** 2026-12-07T12:00:00.000Z */
const NOON_MS = Date.UTC(2026, 11, 7, 12);

/**
 * The frames (times relative to the run's first frame, s) on which ffmpeg's -force_key_frames
 * `expr` forces a keyframe: the expression text itself is evaluated (ffmpeg's if/isnan/gte/floor),
 * with ffmpeg's variables t and prev_forced_t (NaN until the first forced frame).
 */
function forcedFrames(expr: string, frameTimesSec: readonly number[]): number[] {
  const body = expr.replace(/^expr:/, "");
  const evaluate = new Function("t", "prev_forced_t", "ifx", "isnan", "gte", "floor", `return ${body.replaceAll("if(", "ifx(")};`) as (...args: unknown[]) => number;
  const helpers = [(c: number, a: number, b: number) => (c ? a : b), (x: number) => (Number.isNaN(x) ? 1 : 0), (a: number, b: number) => (a >= b ? 1 : 0), Math.floor];
  let prev = Number.NaN;
  const forced: number[] = [];
  for (const t of frameTimesSec) {
    if (evaluate(t, prev, ...helpers)) {
      forced.push(t);
      prev = t;
    }
  }
  return forced;
}

describe("output locking: a run's start on the epoch grid", () => {
  it("starts on the first segment boundary at or after now, with a frame exactly on it at whole frame rates", () => {
    const run = lockedRunStart(NOON_MS + 300, 2000, { num: 25, den: 1 });
    assert.equal(run.boundaryMs, NOON_MS + 2000);
    assert.equal(run.firstFrame90k, (NOON_MS + 2000) * 90);
    const onBoundary = lockedRunStart(NOON_MS, 6000, { num: 25, den: 1 });
    assert.equal(onBoundary.boundaryMs, NOON_MS, "now on a boundary: that one");
  });

  it("at 29.97 fps takes the last frame of the epoch grid at or before the boundary (frames every 3003 ticks since the epoch)", () => {
    const boundaryMs = NOON_MS + 1000;
    const first = frameAtOrBefore(boundaryMs, { num: 30_000, den: 1001 });
    assert.equal(first % 3003, 0, "on the grid");
    assert.ok(first <= boundaryMs * 90 && first > boundaryMs * 90 - 3003, `${first} within the frame before ${boundaryMs * 90}`);
    const half = frameAtOrBefore(boundaryMs, { num: 60_000, den: 1001 });
    assert.ok(half <= boundaryMs * 90 && half > boundaryMs * 90 - 1502);
  });

  it("gives the whole 2^33-tick periods before the first frame as the input offset", () => {
    const run = lockedRunStart(NOON_MS, 1000, { num: 25, den: 1 });
    const periods = Math.floor(run.firstFrame90k / WRAP);
    assert.equal(run.inputOffsetSec, ((periods * WRAP) / 90_000).toFixed(6));
    assert.ok(Math.abs(Number(run.inputOffsetSec) + (run.firstFrame90k % WRAP) / 90_000 - run.firstFrame90k / 90_000) < 1e-5, "offset + 33-bit time = epoch seconds");
  });

  it("never starts within 70 s before a 2^33 wrap (libavformat would take those timestamps as negative): it waits for the wrap", () => {
    const wrapTick = Math.ceil((NOON_MS * 90) / WRAP) * WRAP;
    const wrapMs = wrapTick / 90;
    const close = lockedRunStart(wrapMs - 30_000, 1000, { num: 25, den: 1 });
    assert.ok(close.firstFrame90k >= wrapTick, `started at ${close.firstFrame90k}, the wrap is at ${wrapTick}`);
    assert.ok(close.boundaryMs - wrapMs <= 1000);
    assert.equal(Number(close.inputOffsetSec), Number(((Math.round(wrapTick / WRAP) * WRAP) / 90_000).toFixed(6)));
    const before = lockedRunStart(wrapMs - WRAP_GUARD_90K / 90 - 5_000, 1000, { num: 25, den: 1 });
    assert.ok(before.firstFrame90k < wrapTick, "earlier than the guard: starts at once");
  });

  it("starts on a boundary of every group (their least common multiple, at least a second)", () => {
    assert.equal(lockingPeriodMs([2, 6]), 6000);
    assert.equal(lockingPeriodMs([4, 6]), 12_000);
    assert.equal(lockingPeriodMs([]), 1000);
  });
});

describe("output locking: keyframes on every segment boundary since the epoch", () => {
  it("forces the first frame and then the first frame at or after each boundary, whatever phase the run starts at", () => {
    for (const phaseSec of [0, 0.52, 1.96]) {
      const expr = epochKeyframeExpr(2).replaceAll(RUN_PHASE, phaseSec.toFixed(6));
      const frames = Array.from({ length: 250 }, (_, n) => n * 0.04);
      const forced = forcedFrames(expr, frames);
      const boundaries = forced.slice(1).map((t) => t + phaseSec);
      assert.equal(forced[0], 0);
      for (const epochSec of boundaries) assert.ok(epochSec % 2 < 0.04 - 1e-9 || 2 - (epochSec % 2) < 1e-6, `phase ${phaseSec}: a keyframe ${epochSec % 2} s past a boundary`);
      assert.equal(boundaries.length, Math.floor((10 + phaseSec - 0.04) / 2) - Math.floor(phaseSec / 2), `phase ${phaseSec}: one keyframe per boundary`);
    }
  });

  it("forces one keyframe after a gap in the frames, not one per missed boundary", () => {
    const expr = epochKeyframeExpr(1).replaceAll(RUN_PHASE, "0");
    assert.deepEqual(forcedFrames(expr, [0, 0.5, 5.2, 5.24, 6.0]), [0, 5.2, 6.0]);
  });
});

describe("output locking: the plan and its runs", () => {
  const locked = (mode: string): ReturnType<typeof planEncoder> => {
    const config = minimalHls();
    config.encoderSettings.globalConfiguration = { outputLockingMode: mode };
    return planEncoder(planRequest(config));
  };

  it("a locked plan keeps the fed timestamps, passes frames through and writes them unshifted", () => {
    for (const mode of ["EPOCH_LOCKING", "PIPELINE_LOCKING"]) {
      const plan = locked(mode);
      assert.equal(plan.outputLocked, true);
      assert.ok(plan.args.indexOf("-copyts") >= 0 && plan.args.indexOf("-copyts") < plan.args.indexOf("-i"));
      const view = outputView(plan, 0);
      assert.equal(valueOf(view.options, "-fps_mode:v"), "passthrough");
      assert.equal(valueOf(view.options, "-force_key_frames:v"), epochKeyframeExpr(6));
      assert.match(view.slave.options.get("hls_segment_options")!, /(^|:)mpegts_copyts=1$/);
    }
  });

  it("an unlocked plan is unchanged: no -copyts, cfr, keyframes counted from the start", () => {
    for (const plan of [locked("DISABLED"), planEncoder(planRequest(minimalHls()))]) {
      assert.equal(plan.outputLocked, undefined);
      assert.ok(!plan.args.includes("-copyts"));
      assert.equal(valueOf(outputView(plan, 0).options, "-fps_mode:v"), "cfr");
      assert.equal(lockedRunPlan(plan, NOON_MS), plan, "a run of an unlocked plan is the plan");
    }
  });

  it("each run gets its start, its input offset before the input and its phase in the keyframe expression", () => {
    const plan = locked("EPOCH_LOCKING");
    const run = lockedRunPlan(plan, NOON_MS + 1_500);
    assert.deepEqual(run.lockedRun, lockedRunStart(NOON_MS + 1_500, 6000, { num: 30, den: 1 }));
    assert.equal(run.lockedRun!.boundaryMs, NOON_MS + 6000);
    const input = run.args.indexOf("-i");
    assert.equal(run.args[input - 1], run.lockedRun!.inputOffsetSec, "the offset right before -i");
    assert.equal(run.args[input - 2], "-itsoffset");
    assert.ok(!run.args.some((arg) => arg.includes(RUN_PHASE)), "the phase is filled in");
    const phaseSec = ((run.lockedRun!.firstFrame90k % (6000 * 90)) / 90_000).toFixed(6);
    assert.equal(valueOf(outputView(run, 0).options, "-force_key_frames:v"), epochKeyframeExpr(6).replaceAll(RUN_PHASE, phaseSec));
    assert.deepEqual(withInputOffset(["-f", "mpegts", "-i", "pipe:0"], "1.5"), ["-f", "mpegts", "-itsoffset", "1.5", "-i", "pipe:0"]);
  });

  it("starts each overlay canvas at the run's first frame (the picture's timestamps are epoch times)", () => {
    const config = minimalHls();
    config.encoderSettings.globalConfiguration = { outputLockingMode: "EPOCH_LOCKING" };
    const run = lockedRunPlan(planEncoder({ ...planRequest(config), overlayCanvasFolder: "/srv/work" }), NOON_MS + 1_500);
    const canvas = run.args.indexOf("/srv/work/overlay-program.pam");
    assert.deepEqual(run.args.slice(canvas - 3, canvas + 1), ["-itsoffset", (run.lockedRun!.firstFrame90k / 90_000).toFixed(6), "-i", "/srv/work/overlay-program.pam"]);
    assert.equal(run.args.filter((arg) => arg === "-itsoffset").length, 2, "the fed TS and the one canvas");
  });
});
