import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AccessUnit } from "../../../../src/media/types.ts";
import { GopBuffer } from "../../../../src/pipeline/switching/gop-buffer.ts";

function video(dts: number, keyframe: boolean, trackId = 256): AccessUnit {
  return { trackId, kind: "video", codec: "H264", pts90k: dts, dts90k: dts, keyframe, data: new Uint8Array([dts & 0xff]) };
}
function audio(dts: number): AccessUnit {
  return { trackId: 257, kind: "audio", codec: "AAC", pts90k: dts, dts90k: dts, keyframe: true, data: new Uint8Array([1]) };
}

describe("GopBuffer", () => {
  it("keeps the last keyframe and everything after it, with arrival times", () => {
    const gop = new GopBuffer();
    gop.push(audio(0), 0, 256);
    gop.push(video(3000, false), 10, 256);
    assert.equal(gop.keyframeArrivalMs, undefined, "nothing before the first keyframe");
    gop.push(video(6000, true), 40, 256);
    gop.push(audio(6100), 45, 256);
    gop.push(video(9000, false), 80, 256);
    assert.equal(gop.keyframeArrivalMs, 40);
    assert.deepEqual(gop.units().map((b) => [b.unit.kind, b.unit.dts90k, b.arrivalMs]), [["video", 6000, 40], ["audio", 6100, 45], ["video", 9000, 80]]);
    gop.push(video(12000, true), 120, 256);
    assert.deepEqual(gop.units().map((b) => b.unit.dts90k), [12000], "a new keyframe starts a new GOP");
  });

  it("ignores other video tracks and drops a GOP older than maxAgeMs or longer than maxUnits", () => {
    const gop = new GopBuffer({ maxAgeMs: 1000, maxUnits: 5 });
    gop.push(video(0, true, 300), 0, 256);
    assert.equal(gop.keyframeArrivalMs, undefined);
    gop.push(video(0, true), 0, 256);
    gop.push(video(3000, false), 900, 256);
    assert.equal(gop.units().length, 2);
    gop.push(video(6000, false), 1001, 256);
    assert.equal(gop.units().length, 0, "a keyframe older than maxAgeMs is of no use");
    gop.push(video(9000, false), 1040, 256);
    assert.equal(gop.units().length, 0, "nothing until the next keyframe");
    gop.push(video(12000, true), 1080, 256);
    for (let i = 1; i <= 4; i++) gop.push(audio(12000 + i), 1080 + i, 256);
    assert.equal(gop.units().length, 5);
    gop.push(audio(12010), 1090, 256);
    assert.equal(gop.units().length, 0, "bounded in units");
    gop.push(video(15000, true), 1100, 256);
    gop.clear();
    assert.equal(gop.keyframeArrivalMs, undefined);
  });
});
