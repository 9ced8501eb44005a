import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { joinAnnexB, splitAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { addEmulationPrevention } from "../../../../src/media/bits/emulation-prevention.ts";
import { parseH265AccessUnit } from "../../../../src/media/h265/access-unit.ts";
import { h265NalType, isH265IrapNalType, parseH265NalHeader } from "../../../../src/media/h265/nal-header.ts";
import { h265LevelName } from "../../../../src/media/h265/profile-tier-level.ts";
import { parseH265Sps } from "../../../../src/media/h265/sps.ts";
import { videoInfoFromH265Sps } from "../../../../src/media/h265/video-info.ts";
import { parseH265Vps } from "../../../../src/media/h265/vps.ts";
import { generatedMedia } from "../bits/generated-media.ts";

test("x265 1280x720@30: Main, level 3.1, 30 fps, progressive, IRAP first picture", () => {
  const info = parseH265AccessUnit(generatedMedia("h265_720p30"));
  assert.equal(info.keyframe, true);
  assert.ok(info.sps && info.vps);
  assert.equal(info.vps.profileTierLevel.profileIdc, 1);
  assert.deepEqual(videoInfoFromH265Sps(info.sps, info.vps), { codec: "H265", profile: "Main", level: "3.1", width: 1280, height: 720, frameRate: 30, interlaced: false });
  assert.equal(info.captions, undefined);
});

test("NAL header: 6-bit type, layer id, temporal id", () => {
  assert.deepEqual(parseH265NalHeader(Uint8Array.of(0x40, 0x01)), { forbiddenZeroBit: 0, nalUnitType: 32, nuhLayerId: 0, nuhTemporalIdPlus1: 1 });
  assert.equal(h265NalType(Uint8Array.of(0x26, 0x01)), 19);
  assert.equal(isH265IrapNalType(21), true);
  assert.equal(isH265IrapNalType(1), false);
  assert.equal(parseH265NalHeader(Uint8Array.of(0x40)), undefined);
  assert.equal(h265LevelName(120), "4");
  assert.equal(h265LevelName(93), "3.1");
});

test("prefix SEI (39) with A/53 GA94 cc_data → CC1", () => {
  const t35 = [0xb5, 0x00, 0x31, 0x47, 0x41, 0x39, 0x34, 0x03, 0xc1, 0xff, 0xfc, 0x94, 0x2c, 0xff];
  const sei = Uint8Array.of(0x4e, 0x01, ...addEmulationPrevention(Uint8Array.of(4, t35.length, ...t35, 0x80)));
  const info = parseH265AccessUnit(joinAnnexB([sei]));
  assert.deepEqual(info.captions, { cea608Channels: [1], cea708Services: [] });
  assert.equal(info.keyframe, false);
});

test("fuzz: H.265 parsers never throw on random or mutated real VPS/SPS", () => {
  const units = splitAnnexB(generatedMedia("h265_720p30").subarray(0, 3000));
  const vps = units.find((u) => h265NalType(u) === 32)!;
  const sps = units.find((u) => h265NalType(u) === 33)!;
  const check = (bytes: Uint8Array): void => {
    const parsedSps = parseH265Sps(bytes);
    if (parsedSps) videoInfoFromH265Sps(parsedSps);
    parseH265Vps(bytes);
    parseH265AccessUnit(bytes);
    parseH265AccessUnit(joinAnnexB([bytes]));
  };
  fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), check), { numRuns: 1000 });
  for (const base of [vps, sps]) {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(), (edits, cut) => {
        const copy = base.slice(0, base.length - (cut % (base.length + 1)));
        for (const [position, value] of edits) if (copy.length > 0) copy[position % copy.length] = value;
        check(copy);
      }),
      { numRuns: 1000 },
    );
  }
});
