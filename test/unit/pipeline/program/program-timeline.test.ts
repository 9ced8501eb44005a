import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FillPhases, ProgramTimeline, type ProgramUnit } from "../../../../src/pipeline/program/program-timeline.ts";

const FRAME = 3000; // 30 fps
const AUDIO_FRAME = 1920; // 1024 samples at 48 kHz
const black = new Uint8Array([0xb1]);
const image = new Uint8Array([0x1a]);
const silence = new Uint8Array([0x5e]);

function timeline(overrides: Partial<ConstructorParameters<typeof ProgramTimeline>[0]> = {}): ProgramTimeline {
  return new ProgramTimeline({
    startMs: 0,
    videoFrameTicks90k: FRAME,
    fill: { black, image, silence: [{ frame: silence, frameTicks90k: AUDIO_FRAME }] },
    inputLossThresholdMs: 1000,
    repeatFrameMs: 1000,
    blackFrameMs: 2000,
    ...overrides,
  });
}

function video(dts: number, keyframe: boolean, pts = dts, marker = 0x11): ProgramUnit {
  return { track: "video", dts90k: dts, pts90k: pts, keyframe, data: new Uint8Array([marker]) };
}

function assertIncreasing(units: readonly ProgramUnit[], track: ProgramUnit["track"]): void {
  const dts = units.filter((u) => u.track === track).map((u) => u.dts90k);
  for (let i = 1; i < dts.length; i++) assert.ok(dts[i]! > dts[i - 1]!, `track ${track}: DTS ${dts[i]} after ${dts[i - 1]} at ${i}`);
}

describe("ProgramTimeline", () => {
  it("fills with black and silence from the start while no source has arrived", () => {
    const t = timeline();
    const out = [...t.tick(0), ...t.tick(100), ...t.tick(200)];
    const pictures = out.filter((u) => u.track === "video");
    assert.ok(pictures.length >= 6 && pictures.length <= 8, `${pictures.length} pictures in 200 ms`);
    assert.ok(pictures.every((u) => u.data === black && u.keyframe));
    assert.ok(out.some((u) => u.track === 0 && u.data === silence));
    assertIncreasing(out, "video");
    assertIncreasing(out, 0);
    assert.equal(t.phase, FillPhases.BLACK);
  });

  it("waits for a keyframe, then rebases the source onto the output clock without going back", () => {
    const t = timeline();
    const fill = [...t.tick(0), ...t.tick(500)];
    assert.deepEqual(t.live(video(5_000_000, false), 510), [], "a non-keyframe cannot start the source");
    assert.deepEqual(t.live({ track: 0, dts90k: 5_000_000, pts90k: 5_000_000, keyframe: true, data: silence }, 510), [], "audio waits for the video lock");
    const [first] = t.live(video(5_000_000, true), 520);
    assert.ok(first);
    const lastFill = Math.max(...fill.filter((u) => u.track === "video").map((u) => u.dts90k));
    assert.ok(first.dts90k > lastFill, "continues after the fill");
    assert.ok(first.dts90k - lastFill <= 2 * FRAME, `gap ${first.dts90k - lastFill} ticks`);
    const [second] = t.live(video(5_003_000, false), 553);
    assert.equal(second!.dts90k - first.dts90k, 3000, "source spacing kept");
    assert.equal(t.phase, FillPhases.LIVE);
  });

  it("repeats the last keyframe, then black, then the loss image; the source resumes on the same timeline", () => {
    const t = timeline();
    const units: ProgramUnit[] = [];
    let srcDts = 1_000;
    for (let ms = 0; ms <= 1000; ms += 33) {
      units.push(...t.live(video(srcDts, ms % 990 === 0, srcDts, 0x42), ms));
      units.push(...t.tick(ms));
      srcDts += FRAME;
    }
    assert.equal(t.phase, FillPhases.LIVE);
    // The source stops at 1000 ms: loss detected at 2000 ms.
    const phases: string[] = [];
    for (let ms = 1100; ms <= 6000; ms += 100) {
      units.push(...t.tick(ms));
      phases.push(t.phase);
    }
    assert.ok(phases.includes(FillPhases.REPEAT) && phases.includes(FillPhases.BLACK) && phases.includes(FillPhases.IMAGE), phases.join(","));
    assert.equal(phases.indexOf(FillPhases.BLACK) < phases.indexOf(FillPhases.IMAGE), true);
    const repeated = units.filter((u) => u.track === "video" && u.data[0] === 0x42 && u.dts90k > 0);
    assert.ok(repeated.length > 30, "the last keyframe picture is repeated");
    assert.ok(units.some((u) => u.data === image));
    // Back, with a source clock that jumped (an encoder restart upstream).
    const resumed = t.live(video(90_000_000, true), 6010);
    assert.equal(resumed.length, 1);
    units.push(...resumed, ...t.live(video(90_003_000, false), 6043));
    assertIncreasing(units, "video");
    assertIncreasing(units, 0);
    const videoUnits = units.filter((u) => u.track === "video");
    const clockSpan = videoUnits.at(-1)!.dts90k - videoUnits[0]!.dts90k;
    assert.ok(Math.abs(clockSpan - 6043 * 90) < 6 * FRAME, `timeline ${clockSpan} ticks for 6.043 s of wall time`);
  });

  it("fills a source without audio with silence, and stops when live audio arrives", () => {
    const t = timeline();
    const out: ProgramUnit[] = [];
    let src = 0;
    for (let ms = 0; ms < 1000; ms += 33, src += FRAME) {
      out.push(...t.live(video(src, src === 0), ms), ...t.tick(ms));
    }
    const silent = out.filter((u) => u.track === 0 && u.data === silence);
    assert.ok(silent.length > 30, `${silent.length} silent frames in 1 s`);
    const liveAudio: ProgramUnit[] = [];
    for (let ms = 1000, a = src; ms < 2000; ms += 20, a += AUDIO_FRAME) {
      liveAudio.push(...t.live({ track: 0, pts90k: a, dts90k: a, keyframe: true, data: new Uint8Array([0xaa]) }, ms));
      liveAudio.push(...t.live(video(a, false), ms));
      liveAudio.push(...t.tick(ms));
    }
    const tail = liveAudio.filter((u) => u.track === 0).slice(-20);
    assert.ok(tail.every((u) => u.data[0] === 0xaa), "live audio replaces the silence");
  });

  it("live audio lagging the video at lock takes over from the silence once it passes it, without a gap", () => {
    const t = timeline();
    const out: ProgramUnit[] = [...t.tick(0), ...t.tick(500)];
    const LAG = 27_000; // the source's audio runs 300 ms behind its video
    for (let ms = 510, src = 0; ms < 3000; ms += 20, src += 1800) {
      out.push(...t.live(video(src, src === 0), ms));
      if (src >= LAG) out.push(...t.live({ track: 0, pts90k: src - LAG, dts90k: src - LAG, keyframe: true, data: new Uint8Array([0xaa]) }, ms));
      out.push(...t.tick(ms));
    }
    const audio = out.filter((u) => u.track === 0);
    assertIncreasing(out, 0);
    const tail = audio.slice(-40);
    assert.ok(tail.every((u) => u.data[0] === 0xaa), "live audio replaces the silence");
    const firstLive = audio.findIndex((u) => u.data[0] === 0xaa);
    assert.ok(firstLive > 0, "silence before the source");
    assert.ok(audio[firstLive]!.dts90k - audio[firstLive - 1]!.dts90k <= AUDIO_FRAME, "no gap between the last silence and the live audio");
  });

  it("keeps PTS after DTS and increasing across the switch to fill when the source had B-frames", () => {
    const t = timeline({ repeatFrameMs: 0 });
    const out = [...t.live(video(0, true, 6000), 0), ...t.live(video(3000, false, 12_000), 33), ...t.live(video(6000, false, 9000), 66)];
    for (let ms = 1100; ms < 1500; ms += 50) out.push(...t.tick(ms));
    const fill = out.filter((u) => u.track === "video" && u.data === black);
    assert.ok(fill.length > 0);
    assert.ok(fill[0]!.pts90k > 12_000 - 1 + 0, "the first fill picture is presented after the last live one");
    for (const u of fill) assert.ok(u.pts90k >= u.dts90k);
  });

  it("tells how far a buffered keyframe would be placed after its arrival (switch replay)", () => {
    const t = timeline();
    assert.equal(t.lagIfLockedAt(0), 0, "nothing output yet");
    t.tick(0);
    t.live(video(1_000_000, true), 100);
    t.live(video(1_000_000 + FRAME, false), 133);
    // Output is at the picture that arrived at 133 ms: a keyframe that arrived at 200 ms fits
    // after it without delay, one that arrived at 133 ms must wait one frame (~33 ms).
    assert.equal(t.lagIfLockedAt(200), 0);
    assert.ok(Math.abs(t.lagIfLockedAt(133) - FRAME / 90) < 0.01, String(t.lagIfLockedAt(133)));
    assert.ok(Math.abs(t.lagIfLockedAt(33) - (FRAME / 90 + 100)) < 0.01, "100 ms before the last picture: 100 ms plus a frame later");
    // After the loss is declared and filled, the output has moved on: an old keyframe lags by the fill.
    t.tick(1_200);
    assert.ok(t.lagIfLockedAt(150) > 1_000, String(t.lagIfLockedAt(150)));
  });

  it("a switch replayed from arrival times continues the output without a backward step or a gap", () => {
    const t = timeline({ inputLossThresholdMs: 500 });
    t.tick(0);
    const out: ProgramUnit[] = [];
    for (let i = 0; i < 10; i++) out.push(...t.live(video(1_000_000 + i * FRAME, i === 0), 100 + i * 33));
    // The primary stops at ~397 ms; the standby's keyframe arrived at 420 ms, its next picture at 453 ms.
    t.relock();
    out.push(...t.live(video(7_000_000, true, 7_000_000, 0x22), 420));
    out.push(...t.live(video(7_000_000 + FRAME, false, 7_000_000 + FRAME, 0x22), 453));
    out.push(...t.tick(900));
    assertIncreasing(out, "video");
    const switchedAt = out.findIndex((u) => u.data[0] === 0x22);
    const gap90k = out[switchedAt]!.dts90k - out[switchedAt - 1]!.dts90k;
    assert.ok(gap90k <= FRAME + 23 * 90 + 90, `gap ${gap90k / 90} ms: the time between the streams, no more`);
    assert.equal(t.phase, FillPhases.LIVE, "453 ms + threshold not reached at 900 ms");
  });
});
