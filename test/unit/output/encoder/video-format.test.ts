import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { VideoDescription } from "../../../../src/model/generated/medialive-types.ts";
import { resolveVideo } from "../../../../src/output/encoder/video-format.ts";
import { FED_720P30 } from "./encoder-fixtures.ts";

const resolve = (description: Record<string, unknown>) => resolveVideo(description as unknown as VideoDescription, FED_720P30);

describe("resolveVideo: codecs and MediaLive's defaults", () => {
  it("resolves a description without codecSettings as H.264 CBR at 0.1 bit per pixel per frame", () => {
    const video = resolve({ name: "v", width: 1280, height: 720 });
    assert.equal(video.codec, "H264");
    assert.deepEqual(video.h264, {});
    assert.equal(video.rate.mode, "CBR");
    assert.equal(video.rate.bitrateBps, Math.round(0.1 * 1280 * 720 * 30));
    assert.deepEqual(video.frameRate, { num: 30, den: 1 });
    assert.equal(video.pixelFormat, "yuv420p");
    assert.equal(video.codecs, "avc1.4d401f");
    // No gopSize: a 2 s GOP.
    assert.equal(video.gopFrames, 60);
  });

  it("follows the source's size when width and height are absent", () => {
    const video = resolve({ name: "v" });
    assert.equal(video.width, 1280);
    assert.equal(video.height, 720);
  });

  it("codes the 10-bit and 4:2:2 H.264 profiles in their pixel formats with their profile_idc", () => {
    const high10 = resolve({ name: "v", codecSettings: { h264Settings: { profile: "HIGH_10BIT", bitrate: 1e6 } } });
    assert.equal(high10.pixelFormat, "yuv420p10le");
    assert.match(high10.codecs, /^avc1\.6e00/);
    const high422 = resolve({ name: "v", codecSettings: { h264Settings: { profile: "HIGH_422_10BIT", bitrate: 1e6 } } });
    assert.equal(high422.pixelFormat, "yuv422p10le");
    assert.match(high422.codecs, /^avc1\.7a00/);
  });

  it("reads parControl SPECIFIED with a number absent as 1", () => {
    const video = resolve({ name: "v", codecSettings: { h264Settings: { parControl: "SPECIFIED", parNumerator: 4 } } });
    assert.deepEqual(video.sampleAspectRatio, { num: 4, den: 1 });
  });

  it("codes H.265 HDR10 as Main 10 whatever the profile says", () => {
    const video = resolve({
      name: "v",
      codecSettings: { h265Settings: { framerateNumerator: 25, framerateDenominator: 1, bitrate: 2e6, profile: "MAIN", colorSpaceSettings: { hdr10Settings: { maxCll: 16, maxFall: 8 } } } },
    });
    assert.equal(video.pixelFormat, "yuv420p10le");
    assert.match(video.codecs, /^hvc1\.2\.4\.L/);
    assert.deepEqual(video.colour.hdr10, { maxCll: 16, maxFall: 8 });
    assert.equal(video.colour.tags?.transfer, "smpte2084");
  });

  it("resolves MPEG-2 at 0.3 bit per pixel CBR within the level's VBV buffer, with the display aspect ratio as SAR", () => {
    const sd = resolve({ name: "v", width: 720, height: 576, codecSettings: { mpeg2Settings: { framerateNumerator: 25, framerateDenominator: 1, displayAspectRatio: "DISPLAYRATIO16X9" } } });
    assert.equal(sd.codec, "MPEG2");
    assert.equal(sd.codecs, "mp4v.61");
    assert.equal(sd.levelIdc, 8);
    assert.equal(sd.rate.bitrateBps, Math.round(0.3 * 720 * 576 * 25));
    assert.equal(sd.rate.bufSizeBits, 1_835_008);
    // 16:9 on 720x576: SAR 64:45 (ISO/IEC 13818-2 Table 6-3 semantics).
    assert.deepEqual(sd.sampleAspectRatio, { num: 64, den: 45 });
    const hd = resolve({ name: "v", width: 1920, height: 1080, codecSettings: { mpeg2Settings: { framerateNumerator: 30000, framerateDenominator: 1001, scanType: "INTERLACED" } } });
    assert.equal(hd.levelIdc, 4);
    assert.equal(hd.interlaced, true);
  });

  it("resolves AV1 with its level index and bit depth in the codec string", () => {
    const video = resolve({ name: "v", width: 1280, height: 720, codecSettings: { av1Settings: { framerateNumerator: 30, framerateDenominator: 1, rateControlMode: "QVBR", maxBitrate: 2e6, bitDepth: "DEPTH_10" } } });
    assert.equal(video.codec, "AV1");
    assert.equal(video.pixelFormat, "yuv420p10le");
    assert.equal(video.codecs, "av01.0.05M.10");
    assert.equal(resolve({ name: "v", codecSettings: { av1Settings: { framerateNumerator: 30, framerateDenominator: 1, level: "AV1_LEVEL_5_1", bitrate: 1e6 } } }).levelIdc, 13);
  });

  it("resolves frame capture at one picture per captureInterval", () => {
    assert.deepEqual(resolve({ name: "v", codecSettings: { frameCaptureSettings: { captureInterval: 5 } } }).frameRate, { num: 1, den: 5 });
    const ms = resolve({ name: "v", codecSettings: { frameCaptureSettings: { captureInterval: 500, captureIntervalUnits: "MILLISECONDS" } } });
    assert.equal(ms.codec, "FRAME_CAPTURE");
    assert.deepEqual(ms.frameRate, { num: 1000, den: 500 });
  });
});
