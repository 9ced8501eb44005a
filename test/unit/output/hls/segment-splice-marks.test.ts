import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { joinAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { StreamTypes } from "../../../../src/media/mpegts/constants.ts";
import { TsMuxer } from "../../../../src/media/mpegts/ts-muxer.ts";
import { insertSpliceMark } from "../../../../src/media/scte35/splice-mark-sei.ts";
import { segmentSpliceMarks } from "../../../../src/output/hls/segment-splice-marks.ts";

const idr = joinAnnexB([Uint8Array.of(0x09, 0xf0), Uint8Array.of(0x65, 0x88, 0x84, 0x21)]);
const p = joinAnnexB([Uint8Array.of(0x09, 0x30), Uint8Array.of(0x41, 0x9a, 0x21)]);

function segment(pictures: Uint8Array[]): Uint8Array {
  const muxer = new TsMuxer({ streams: [{ pid: 256, streamType: StreamTypes.H264 }] });
  const packets = pictures.flatMap((data, i) => muxer.mux({ trackId: 256, pts90k: 900_000 + i * 3_600, dts90k: 900_000 + i * 3_600, keyframe: i === 0, data }));
  return Buffer.concat(packets);
}

describe("segmentSpliceMarks", () => {
  it("finds the marks of a segment and whether each is on its first picture", () => {
    assert.deepEqual(segmentSpliceMarks(segment([insertSpliceMark("H264", idr, 4), p, insertSpliceMark("H264", p, 5)])), [
      { markId: 4, onFirstPicture: true },
      { markId: 5, onFirstPicture: false },
    ]);
    assert.deepEqual(segmentSpliceMarks(segment([idr, p])), []);
    assert.deepEqual(segmentSpliceMarks(new Uint8Array(0)), []);
  });
});

describe("segmentSpliceMarks: a mark cut by TS packet headers", () => {
  it("is found wherever the packet boundaries fall in its UUID", () => {
    // Filler data (NAL type 12) of growing size before the slice moves the mark's SEI across every offset of a packet payload.
    for (let size = 150; size < 150 + 184; size += 1) {
      const picture = joinAnnexB([Uint8Array.of(0x09, 0x30), Uint8Array.of(0x0c, ...new Uint8Array(size).fill(0xff)), Uint8Array.of(0x41, 0x9a, 0x21)]);
      const marks = segmentSpliceMarks(segment([idr, insertSpliceMark("H264", picture, size)]));
      assert.deepEqual(marks, [{ markId: size, onFirstPicture: false }], `picture of ${size} bytes`);
    }
  });
});
