import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { audioFrameCount, BlankedProgram } from "../../../../src/pipeline/program/blanked-program.ts";
import type { ProgramLayout } from "../../../../src/pipeline/program/program-layout.ts";
import type { ProgramUnit } from "../../../../src/pipeline/program/program-timeline.ts";

/** An ADTS frame (ISO 14496-3 §1.A.2: AAC LC, 48 kHz, stereo) of `length` bytes in all. */
function adts(length: number): Uint8Array {
  const frame = new Uint8Array(length);
  frame.set([0xff, 0xf1, 0x4c, 0x80 | ((length >> 11) & 0x03), (length >> 3) & 0xff, ((length & 0x07) << 5) | 0x1f, 0xfc]);
  return frame;
}

const layout: ProgramLayout = { videoCodec: "H264", width: 320, height: 180, frameRate: { num: 25, den: 1 }, audio: [{ selectorName: "a", codec: "AAC", sampleRateHz: 48_000, channels: 2 }] };
const SLATE = Uint8Array.of(9, 9, 9);
const SILENT = adts(10);
const video = (dts: number, keyframe: boolean, pts = dts): ProgramUnit => ({ track: "video", pts90k: pts, dts90k: dts, keyframe, data: Uint8Array.of(dts & 0xff) });

describe("BlankedProgram: the slate's picture and silence in place of the program", () => {
  it("counts the frames of an audio unit", () => {
    const two = new Uint8Array([...adts(20), ...adts(30)]);
    assert.equal(audioFrameCount("AAC", two), 2);
    assert.equal(audioFrameCount("AC3", Uint8Array.of(1, 2, 3)), 1, "at least one");
  });

  it("from the splice picture on, pictures are the slate's, audio silent with as many frames; the program returns at its next keyframe", () => {
    const program = new BlankedProgram<"AVAIL">({ pictures: { AVAIL: SLATE }, silence: [{ frame: SILENT, frameTicks90k: 1_920 }] }, layout);
    assert.equal(program.video(video(0, true), null).data[0], 0, "the program before");
    const first = program.video(video(3_600, false), "AVAIL");
    assert.equal(first.data, SLATE);
    assert.equal(first.keyframe, true);
    const audio = program.audio({ track: 0, pts90k: 3_600, dts90k: 3_600, keyframe: true, data: new Uint8Array([...adts(20), ...adts(30)]) });
    assert.deepEqual(audio.data, new Uint8Array([...SILENT, ...SILENT]), "two silent frames for two frames");
    assert.equal(audio.pts90k, 3_600);
    assert.equal(program.video(video(7_200, false), null).data, SLATE, "the avail ended, but this picture may reference a replaced one");
    assert.equal(program.showing, "AVAIL");
    const back = program.video(video(10_800, true), null);
    assert.equal(back.data[0], 10_800 & 0xff, "the program's keyframe");
    assert.equal(program.showing, null);
    const late = program.audio({ track: 0, pts90k: 9_000, dts90k: 9_000, keyframe: true, data: adts(20) });
    assert.deepEqual(late.data, SILENT, "audio before the program's return stays silent");
    const live = adts(20);
    assert.equal(program.audio({ track: 0, pts90k: 10_800, dts90k: 10_800, keyframe: true, data: live }).data, live);
  });

  it("replaced pictures are shown in decode order: their PTS only grows, whatever the program's reordering", () => {
    const program = new BlankedProgram<"AVAIL">({ pictures: { AVAIL: SLATE }, silence: [] }, layout);
    const ptsOrder = [
      [0, 7_200],
      [3_600, 18_000],
      [7_200, 10_800],
      [10_800, 14_400],
    ].map(([dts, pts]) => program.video(video(dts!, false, pts), "AVAIL").pts90k);
    assert.deepEqual(ptsOrder, [7_200, 10_800, 14_400, 18_000]);
  });
});
