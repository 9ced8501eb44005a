import assert from "node:assert/strict";
import { test } from "node:test";
import { splitAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { parseH264AccessUnit } from "../../../../src/media/h264/access-unit.ts";
import { parseH264NalHeader } from "../../../../src/media/h264/nal-header.ts";
import { parseH264Pps } from "../../../../src/media/h264/pps.ts";
import { parseH264Sps } from "../../../../src/media/h264/sps.ts";
import { videoInfoFromSps } from "../../../../src/media/h264/video-info.ts";
import { generatedMedia } from "../bits/generated-media.ts";

test("x264 1280x720@30 progressive: High, level 3.1, 30 fps", () => {
  const info = parseH264AccessUnit(generatedMedia("h264_720p30"));
  assert.equal(info.keyframe, true);
  assert.ok(info.sps);
  assert.deepEqual(videoInfoFromSps(info.sps), { codec: "H264", profile: "High", level: "3.1", width: 1280, height: 720, frameRate: 30, interlaced: false });
  assert.equal(info.captions, undefined);
});

test("x264 720x576@25 interlaced (+ildct+ilme): frame_mbs_only 0 → interlaced, 25 fps", () => {
  const info = parseH264AccessUnit(generatedMedia("h264_576i25"));
  assert.ok(info.sps);
  const video = videoInfoFromSps(info.sps);
  assert.equal(video.width, 720);
  assert.equal(video.height, 576);
  assert.equal(video.frameRate, 25);
  assert.equal(video.interlaced, true);
});

test("x264 4:4:4 with JVT scaling matrices: scaling lists skipped, 320x240@24", () => {
  const info = parseH264AccessUnit(generatedMedia("h264_444_cqm"));
  assert.ok(info.sps);
  assert.equal(info.sps.chromaFormatIdc, 3);
  assert.deepEqual(videoInfoFromSps(info.sps), { codec: "H264", profile: "High 4:4:4 Predictive", level: "1.3", width: 320, height: 240, frameRate: 24, interlaced: false });
});

test("byte-literal x264-style SPS: cropping 1920x1088 → 1920x1080, VUI timing → 30 fps", () => {
  // High@4.0: frame_cropping_rect_bottom_offset 4 × CropUnitY 2 → 1088 - 8 = 1080
  const sps = parseH264Sps(
    Uint8Array.of(0x67, 0x64, 0x00, 0x28, 0xac, 0xd9, 0x40, 0x78, 0x02, 0x27, 0xe5, 0x84, 0x00, 0x00, 0x03, 0x00, 0x04, 0x00, 0x00, 0x03, 0x00, 0xf0, 0x3c, 0x60, 0xc6, 0x58),
  );
  assert.ok(sps);
  assert.equal(sps.profileIdc, 100);
  assert.equal(sps.levelIdc, 40);
  assert.equal(sps.widthPx, 1920);
  assert.equal(sps.heightPx, 1080);
  assert.equal(sps.frameRate, 30);
});

test("PPS and NAL header of a real stream", () => {
  const units = splitAnnexB(generatedMedia("h264_720p30"));
  const pps = units.find((u) => parseH264NalHeader(u)?.nalUnitType === 8);
  assert.ok(pps);
  assert.deepEqual(parseH264Pps(pps), { ppsId: 0, spsId: 0, entropyCodingModeFlag: true });
  assert.equal(parseH264NalHeader(new Uint8Array(0)), undefined);
});

test("a truncated SPS gives undefined, not an exception", () => {
  const units = splitAnnexB(generatedMedia("h264_720p30"));
  const sps = units.find((u) => ((u[0] ?? 0) & 0x1f) === 7)!;
  assert.equal(parseH264Sps(sps.subarray(0, 5)), undefined);
  const tailCut = parseH264Sps(sps.subarray(0, sps.length - 6));
  assert.ok(tailCut === undefined || tailCut.frameRate === undefined);
});
