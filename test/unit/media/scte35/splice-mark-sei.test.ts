import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { joinAnnexB, splitAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { insertSpliceMark, spliceMarkNal, spliceMarksIn, SPLICE_MARK_UUID } from "../../../../src/media/scte35/splice-mark-sei.ts";
import { parseH264AccessUnit } from "../../../../src/media/h264/access-unit.ts";

const aud = Uint8Array.of(0x09, 0xf0);
const sps = Uint8Array.of(0x67, 0x42, 0xc0, 0x1e, 0xd9);
const idr = Uint8Array.of(0x65, 0x88, 0x84, 0x00, 0x00, 0x00, 0x21);
const hevcIdr = Uint8Array.of(19 << 1, 0x01, 0xaf, 0x00);

describe("splice marks in the video (user_data_unregistered SEI, H.264 §D.1.7 / H.265 §D.2.7)", () => {
  it("an H.264 mark goes before the first slice and reads back; the picture stays what it was", () => {
    const unit = joinAnnexB([aud, sps, idr]);
    const marked = insertSpliceMark("H264", unit, 0x01020304);
    const types = splitAnnexB(marked).map((nal) => (nal[0] ?? 0) & 0x1f);
    assert.deepEqual(types, [9, 7, 6, 5]);
    assert.deepEqual(spliceMarksIn("H264", marked), [0x01020304]);
    assert.deepEqual(spliceMarksIn("H264", unit), []);
    assert.equal(parseH264AccessUnit(marked).keyframe, true);
    assert.equal(parseH264AccessUnit(insertSpliceMark("H264", joinAnnexB([aud, Uint8Array.of(0x41, 0x9a)]), 1)).keyframe, false, "a mark is no recovery point");
  });

  it("ids with zero bytes are emulation-protected and still read back", () => {
    const nal = spliceMarkNal("H264", 0x00000001);
    for (let i = 2; i < nal.length; i++) assert.ok(!(nal[i - 2] === 0 && nal[i - 1] === 0 && (nal[i] ?? 0) <= 3 && nal[i] !== 3), "no start code inside");
    assert.deepEqual(spliceMarksIn("H264", joinAnnexB([aud, nal, idr])), [1]);
  });

  it("H.265: a prefix SEI (type 39) before the first VCL NAL", () => {
    const marked = insertSpliceMark("H265", joinAnnexB([Uint8Array.of(35 << 1, 1, 0x50), hevcIdr]), 77);
    assert.deepEqual(splitAnnexB(marked).map((nal) => ((nal[0] ?? 0) >> 1) & 0x3f), [35, 39, 19]);
    assert.deepEqual(spliceMarksIn("H265", marked), [77]);
  });

  it("SEI with another UUID, or a unit without slices, carry no mark", () => {
    const other = Uint8Array.from(spliceMarkNal("H264", 5));
    other[3] = (SPLICE_MARK_UUID[0] ?? 0) ^ 0xff;
    assert.deepEqual(spliceMarksIn("H264", joinAnnexB([other, idr])), []);
    const noSlice = joinAnnexB([aud, sps]);
    assert.equal(insertSpliceMark("H264", noSlice, 3), noSlice);
  });
});

describe("splice marks: arbitrary bytes", () => {
  it("reading marks from random access units never throws and finds none", async () => {
    const { pseudoRandomBytes } = await import("../../../../src/media/bits/pseudo-random.ts");
    for (let seed = 1; seed <= 300; seed++) {
      const bytes = pseudoRandomBytes(1 + (seed % 97) * 7, seed);
      const framed = joinAnnexB([Uint8Array.of(0x06), bytes, Uint8Array.of(0x4e, 0x01), bytes]);
      assert.deepEqual(spliceMarksIn("H264", bytes), []);
      assert.deepEqual(spliceMarksIn("H264", framed), []);
      assert.deepEqual(spliceMarksIn("H265", framed), []);
    }
  });
});
