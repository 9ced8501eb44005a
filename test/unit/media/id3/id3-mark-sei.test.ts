// ID3 marks in the video (media/id3/id3-mark-sei.ts): the tag, its mark id and its carriages'
// keys in a user_data_unregistered SEI of the picture, read back as written whatever bytes the
// tag holds (emulation prevention), beside splice marks, and retired in place.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { joinAnnexB, splitAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { pseudoRandomBytes } from "../../../../src/media/bits/pseudo-random.ts";
import { parseH264AccessUnit } from "../../../../src/media/h264/access-unit.ts";
import { ID3_MARK_UUID, id3MarkNal, id3MarksIn, insertId3Marks, mayHoldId3Mark, retireId3Marks } from "../../../../src/media/id3/id3-mark-sei.ts";
import { textTag } from "../../../../src/media/id3/id3-tag.ts";
import { insertSpliceMark, spliceMarksIn } from "../../../../src/media/scte35/splice-mark-sei.ts";

const aud = Uint8Array.of(0x09, 0xf0);
const sps = Uint8Array.of(0x67, 0x42, 0xc0, 0x1e, 0xd9);
const idr = Uint8Array.of(0x65, 0x88, 0x84, 0x00, 0x00, 0x00, 0x21);
const hevcIdr = Uint8Array.of(19 << 1, 0x01, 0xaf, 0x00);
const TAG = textTag("TIT2", "Hello");

describe("ID3 marks in the video", () => {
  it("H.264: one SEI per mark before the first slice, read back in order; the picture stays a keyframe", () => {
    const marks = [
      { markId: 1, carriers: ["HLS/PRIV/10/P/-"], tag: TAG },
      { markId: 0x01000000, carriers: ["HLS/-/-/P/6", "CMAF/-/-/P/2"], tag: textTag("TIT2", "Other") },
    ];
    const marked = insertId3Marks("H264", joinAnnexB([aud, sps, idr]), marks);
    assert.deepEqual(splitAnnexB(marked).map((nal) => (nal[0] ?? 0) & 0x1f), [9, 7, 6, 6, 5]);
    assert.deepEqual(id3MarksIn("H264", marked), marks);
    assert.equal(parseH264AccessUnit(marked).keyframe, true);
    assert.ok(mayHoldId3Mark(marked));
  });

  it("H.265: prefix SEI NAL units (type 39)", () => {
    const marked = insertId3Marks("H265", joinAnnexB([Uint8Array.of(35 << 1, 1, 0x50), hevcIdr]), [{ markId: 9, carriers: ["k"], tag: TAG }]);
    assert.deepEqual(splitAnnexB(marked).map((nal) => ((nal[0] ?? 0) >> 1) & 0x3f), [35, 39, 19]);
    assert.deepEqual(id3MarksIn("H265", marked), [{ markId: 9, carriers: ["k"], tag: TAG }]);
  });

  it("beside a splice mark, each reads its own", () => {
    const both = insertId3Marks("H264", insertSpliceMark("H264", joinAnnexB([aud, idr]), 42), [{ markId: 42, carriers: ["k"], tag: TAG }]);
    assert.deepEqual(spliceMarksIn("H264", both), [42]);
    assert.deepEqual(id3MarksIn("H264", both).map((mark) => mark.markId), [42]);
  });

  it("retired marks are no longer read, the access unit keeps its length and its other SEI", () => {
    const marked = insertId3Marks("H264", insertSpliceMark("H264", joinAnnexB([aud, idr]), 3), [{ markId: 5, carriers: ["k"], tag: TAG }]);
    const copy = Uint8Array.from(marked);
    assert.equal(retireId3Marks(copy), 1);
    assert.equal(copy.length, marked.length);
    assert.deepEqual(id3MarksIn("H264", copy), []);
    assert.deepEqual(spliceMarksIn("H264", copy), [3]);
    assert.equal(retireId3Marks(copy), 0, "nothing left to retire");
  });

  it("carriage keys with a comma or outside printable ASCII are refused", () => {
    assert.throws(() => id3MarkNal("H264", { markId: 1, carriers: ["a,b"], tag: TAG }), /keys/);
    assert.throws(() => id3MarkNal("H264", { markId: 1, carriers: [""], tag: TAG }), /keys/);
  });

  it("no mark in a unit without slices, or with another UUID", () => {
    const noSlice = joinAnnexB([aud, sps]);
    assert.equal(insertId3Marks("H264", noSlice, [{ markId: 1, carriers: ["k"], tag: TAG }]), noSlice);
    const other = Uint8Array.from(id3MarkNal("H264", { markId: 1, carriers: ["k"], tag: TAG }));
    other[3] = (ID3_MARK_UUID[0] ?? 0) ^ 0xff;
    assert.deepEqual(id3MarksIn("H264", joinAnnexB([other, idr])), []);
  });
});

describe("ID3 marks: fuzzed", () => {
  it("round trip: random tags (zero runs included), ids and keys read back exactly, with no start code inside the SEI", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = pseudoRandomBytes(1 + (seed % 61) * 13, seed);
      // Zero runs force emulation prevention: 00 00 00, 00 00 01, 00 00 03 …
      const tag = Uint8Array.from(random, (byte, i) => (i % 7 < 3 ? 0 : byte));
      const markId = (seed * 2_654_435_761) >>> 0;
      const carriers = Array.from({ length: 1 + (seed % 3) }, (_, i) => `K${seed}/${i}`);
      const nal = id3MarkNal(seed % 2 === 0 ? "H264" : "H265", { markId, carriers, tag });
      for (let i = 2; i < nal.length; i++) assert.ok(!(nal[i - 2] === 0 && nal[i - 1] === 0 && (nal[i] ?? 0) < 3), `seed ${seed}: no start code inside`);
      const codec = seed % 2 === 0 ? "H264" : "H265";
      const slice = codec === "H264" ? idr : hevcIdr;
      assert.deepEqual(id3MarksIn(codec, joinAnnexB([nal, slice])), [{ markId, carriers, tag }], `seed ${seed}`);
    }
  });

  it("reading marks from random access units never throws and finds none", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const bytes = pseudoRandomBytes(1 + (seed % 97) * 7, seed);
      const framed = joinAnnexB([Uint8Array.of(0x06), bytes, Uint8Array.of(0x4e, 0x01), bytes]);
      assert.deepEqual(id3MarksIn("H264", framed), []);
      assert.deepEqual(id3MarksIn("H265", framed), []);
    }
  });

  it("a damaged mark (cut anywhere) never throws", () => {
    const nal = id3MarkNal("H264", { markId: 7, carriers: ["k"], tag: TAG });
    for (let cut = 1; cut < nal.length; cut++) assert.doesNotThrow(() => id3MarksIn("H264", joinAnnexB([nal.subarray(0, cut), idr])));
  });
});
