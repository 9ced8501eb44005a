import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parseMpeg2VideoAccessUnit, videoInfoFromMpeg2Sequence } from "../../../../src/media/mpeg2video/access-unit.ts";
import { parseMpeg2PictureHeader } from "../../../../src/media/mpeg2video/picture-header.ts";
import { mpeg2BitRateBps, parseMpeg2SequenceExtension } from "../../../../src/media/mpeg2video/sequence-extension.ts";
import { parseMpeg2SequenceHeader } from "../../../../src/media/mpeg2video/sequence-header.ts";
import { splitMpeg2StartCodes } from "../../../../src/media/mpeg2video/start-codes.ts";
import { generatedMedia } from "../bits/generated-media.ts";

test("ffmpeg mpeg2video 1280x720@30 progressive: sequence header, extension, I picture", () => {
  const es = generatedMedia("mpeg2_720p30");
  const info = parseMpeg2VideoAccessUnit(es);
  assert.equal(info.keyframe, true);
  assert.equal(info.gopHeader, true);
  assert.ok(info.sequenceHeader);
  assert.equal(info.sequenceHeader.aspectRatioInformation, 3);
  assert.equal(info.sequenceHeader.frameRateCode, 5);
  assert.deepEqual(videoInfoFromMpeg2Sequence(info.sequenceHeader, info.sequenceExtension), {
    codec: "MPEG2_VIDEO",
    profile: "Main",
    level: "High 1440",
    width: 1280,
    height: 720,
    frameRate: 30,
    interlaced: false,
  });
});

test("ffmpeg mpeg2video 720x576@25 interlaced: progressive_sequence 0", () => {
  const info = parseMpeg2VideoAccessUnit(generatedMedia("mpeg2_576i25"));
  assert.ok(info.sequenceHeader && info.sequenceExtension);
  const video = videoInfoFromMpeg2Sequence(info.sequenceHeader, info.sequenceExtension);
  assert.deepEqual([video.width, video.height, video.frameRate, video.interlaced, video.level], [720, 576, 25, true, "Main"]);
});

test("byte-literal sequence header: 720x480, 4:3, 29.97 fps, 15 Mbit/s; no extension → MPEG-1 progressive", () => {
  // 2D0 1E0 | aspect 2, frame_rate_code 4 | bit_rate_value 37500 (0x0927C) marker vbv 112 ...
  const header = parseMpeg2SequenceHeader(Uint8Array.of(0x2d, 0x01, 0xe0, 0x24, 0x24, 0x9f, 0x23, 0x80));
  assert.ok(header);
  assert.equal(header.horizontalSize, 720);
  assert.equal(header.verticalSize, 480);
  assert.equal(header.bitRateBps, 37500 * 400);
  assert.equal(mpeg2BitRateBps(header), 15_000_000);
  assert.equal(videoInfoFromMpeg2Sequence(header).frameRate, 29.97);
  assert.equal(videoInfoFromMpeg2Sequence(header).interlaced, false);
  assert.deepEqual(parseMpeg2PictureHeader(Uint8Array.of(0x00, 0x0f)), { temporalReference: 0, pictureCodingType: 1 });
  assert.equal(parseMpeg2SequenceExtension(Uint8Array.of(0x24, 0x48, 0x00, 0x01, 0x00, 0x00)), undefined, "identifier 2 is not a sequence extension");
});

test("P/B-only chunk is not a keyframe", () => {
  const es = generatedMedia("mpeg2_720p30");
  const units = splitMpeg2StartCodes(es);
  const second = units.filter((u) => u.code === 0x00)[1];
  assert.ok(second);
  assert.notEqual(parseMpeg2PictureHeader(second.body)?.pictureCodingType, 1);
  assert.equal(parseMpeg2VideoAccessUnit(Uint8Array.of(0, 0, 1, 0, ...second.body.subarray(0, 8))).keyframe, false);
});

test("fuzz: MPEG-2 video parsers never throw on random or mutated real headers", () => {
  const es = generatedMedia("mpeg2_576i25").subarray(0, 200);
  const check = (bytes: Uint8Array): void => {
    const info = parseMpeg2VideoAccessUnit(bytes);
    if (info.sequenceHeader) videoInfoFromMpeg2Sequence(info.sequenceHeader, info.sequenceExtension);
    parseMpeg2SequenceHeader(bytes);
    parseMpeg2SequenceExtension(bytes);
    parseMpeg2PictureHeader(bytes);
  };
  fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), check), { numRuns: 1000 });
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(), (edits, cut) => {
      const copy = es.slice(0, es.length - (cut % (es.length + 1)));
      for (const [position, value] of edits) if (copy.length > 0) copy[position % copy.length] = value;
      check(copy);
    }),
    { numRuns: 1000 },
  );
});
