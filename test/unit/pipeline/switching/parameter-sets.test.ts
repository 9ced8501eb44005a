import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { joinAnnexB, splitAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { ParameterSets } from "../../../../src/pipeline/switching/parameter-sets.ts";

// H.264 NAL headers: nal_ref_idc 3 | type.
const aud = Uint8Array.of(0x09, 0xf0);
const sps = Uint8Array.of(0x67, 0x64, 0x00, 0x1f, 0xac);
const pps = Uint8Array.of(0x68, 0xee, 0x3c, 0x80);
const idr = Uint8Array.of(0x65, 0x88, 0x84, 0x21);
const slice = Uint8Array.of(0x41, 0x9a, 0x22);
const types = (data: Uint8Array): number[] => splitAnnexB(data).map((nal) => nal[0]! & 0x1f);

describe("ParameterSets", () => {
  it("inserts the remembered SPS/PPS after the AUD of a keyframe that lacks them", () => {
    const sets = new ParameterSets();
    sets.observe("H264", joinAnnexB([aud, sps, pps, idr]));
    sets.observe("H264", joinAnnexB([aud, slice]));
    const completed = sets.complete("H264", joinAnnexB([aud, idr]));
    assert.deepEqual(types(completed), [9, 7, 8, 5]);
    assert.deepEqual([...splitAnnexB(completed)[1]!], [...sps]);
    const noAud = sets.complete("H264", joinAnnexB([idr]));
    assert.deepEqual(types(noAud), [7, 8, 5]);
  });

  it("leaves a keyframe that has them, or a codec it knows nothing of, unchanged", () => {
    const sets = new ParameterSets();
    const own = joinAnnexB([aud, sps, pps, idr]);
    assert.equal(sets.complete("H264", own), own, "nothing known yet");
    sets.observe("H264", own);
    assert.equal(sets.complete("H264", own), own);
    const bare = joinAnnexB([idr]);
    assert.equal(sets.complete("H265", bare), bare, "other codec");
    assert.equal(sets.complete("MPEG2_VIDEO", bare), bare);
  });

  it("H.265: VPS, SPS, PPS in order; a codec change forgets the old sets", () => {
    const sets = new ParameterSets();
    const h265 = (type: number): Uint8Array => Uint8Array.of(type << 1, 0x01, 0xaa);
    sets.observe("H265", joinAnnexB([h265(35), h265(32), h265(33), h265(34), h265(19)]));
    const completed = sets.complete("H265", joinAnnexB([h265(35), h265(19)]));
    assert.deepEqual(splitAnnexB(completed).map((nal) => (nal[0]! >> 1) & 0x3f), [35, 32, 33, 34, 19]);
    sets.observe("H264", joinAnnexB([sps, pps, idr]));
    const bare = joinAnnexB([h265(19)]);
    assert.equal(sets.complete("H265", bare), bare);
  });
});
