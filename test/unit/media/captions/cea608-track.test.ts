import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cea608PairsOfAccessUnit } from "../../../../src/media/captions/cc-pairs.ts";
import { Cea608Track, REORDER_PICTURES } from "../../../../src/media/captions/cea608-track.ts";
import { joinAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { ccDataSeiNal, popOnCaptionPairs } from "../../../helpers/cea608-injector.ts";

const SLICE = Uint8Array.from([0x65, 0x88, 0x84, 0x00]);

describe("cea608PairsOfAccessUnit", () => {
  it("reads field-1 pairs from an H.264 SEI and none for field 2's padding", () => {
    const unit = joinAnnexB([ccDataSeiNal([0x94, 0x20]), SLICE]);
    assert.deepEqual(cea608PairsOfAccessUnit("H264", unit, 1), [[0x94, 0x20]]);
    // The injector's field-2 triplet is marked valid with padding 0x80 0x80.
    assert.deepEqual(cea608PairsOfAccessUnit("H264", unit, 2), [[0x80, 0x80]]);
  });

  it("reads an H.265 prefix SEI (two-byte header)", () => {
    const h264Sei = ccDataSeiNal([0x94, 0x2f]);
    const h265Sei = new Uint8Array(h264Sei.length + 1);
    h265Sei.set([39 << 1, 0x01], 0);
    h265Sei.set(h264Sei.subarray(1), 2);
    assert.deepEqual(cea608PairsOfAccessUnit("H265", joinAnnexB([h265Sei]), 1), [[0x94, 0x2f]]);
  });
});

describe("Cea608Track", () => {
  it("decodes pictures in presentation order though they arrive in decode order", () => {
    const track = new Cea608Track(1);
    const pairs = popOnCaptionPairs("ORDER");
    // Presentation order is pairs[0], pairs[1], …; send each adjacent couple swapped (P before B).
    const pictures = pairs.map((pair, i) => ({ pts90k: i * 3000, pair }));
    for (let i = 0; i + 1 < pictures.length; i += 2) [pictures[i], pictures[i + 1]] = [pictures[i + 1]!, pictures[i]!];
    for (const picture of pictures) track.pushPicture(picture.pts90k, [picture.pair]);
    assert.equal(track.showing, undefined, `the last ${REORDER_PICTURES} pictures are still held`);
    const ended = track.flush(pairs.length * 3000 + 90_000);
    assert.deepEqual(ended.map((caption) => caption.lines.map((line) => line.text)), [["ORDER"]]);
    assert.equal(ended[0]?.startPts90k, (pairs.length - 2) * 3000, "shown at the first EOC");
  });

  it("CC3 reads field 2", () => {
    assert.equal(new Cea608Track(3).field, 2);
    assert.equal(new Cea608Track(2).field, 1);
  });
});
