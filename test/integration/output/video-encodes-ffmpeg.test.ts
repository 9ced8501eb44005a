// The video filter chains and encoder arguments of openlive's plan run by the real Debian
// ffmpeg on 1 s of a 320x180 test pattern, and the results probed: what each MediaLive
// setting is mapped to must really be in the coded stream.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import type { VideoDescription } from "../../../src/model/generated/medialive-types.ts";
import { videoCodecArgs } from "../../../src/output/encoder/video-codec-args.ts";
import { videoFilterChain } from "../../../src/output/encoder/video-filter.ts";
import { resolveVideo } from "../../../src/output/encoder/video-format.ts";
import { MediaFixtures } from "../../helpers/media-fixtures.ts";
import { FED_720P30 } from "../../unit/output/encoder/encoder-fixtures.ts";

let fixtures: MediaFixtures;

/** Encodes 1 s of testsrc through the description's chain and encoder into `file`. */
function encode(file: string, description: Record<string, unknown>): string {
  const video = resolveVideo({ name: "v", width: 320, height: 180, ...description } as unknown as VideoDescription, FED_720P30);
  const out = fixtures.path(file);
  const args = ["-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=30:duration=1"];
  args.push("-filter_complex", `[0:v]${videoFilterChain(video)}[v]`, "-map", "[v]", ...videoCodecArgs(video, false, "expr:gte(t,n_forced*1)"), out);
  const result = spawnSync("ffmpeg", args, { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  return out;
}

/** ffprobe's key=value lines of the first video stream and its first frame. */
function probe(file: string): string {
  const result = spawnSync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_streams", "-show_frames", "-read_intervals", "%+#1", file], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe("video encodes as ffmpeg codes them", () => {
  before(() => {
    fixtures = new MediaFixtures("openlive-video-");
  });
  after(async () => {
    await fixtures?.close();
  });

  it("H.265 HDR10: Main 10, 10-bit, PQ/BT.2020 colour description, mastering display and content light level", () => {
    const info = probe(
      encode("hdr10.ts", {
        codecSettings: { h265Settings: { framerateNumerator: 30, framerateDenominator: 1, bitrate: 500000, profile: "MAIN_10BIT", colorSpaceSettings: { hdr10Settings: { maxCll: 600, maxFall: 200 } } } },
      }),
    );
    assert.match(info, /^profile=Main 10$/m);
    assert.match(info, /^pix_fmt=yuv420p10le$/m);
    assert.match(info, /^color_transfer=smpte2084$/m);
    assert.match(info, /^color_primaries=bt2020$/m);
    assert.match(info, /^side_data_type=Mastering display metadata$/m);
    assert.match(info, /^max_content=600$/m);
    assert.match(info, /^max_average=200$/m);
  });

  it("H.264 HIGH_10BIT with a BT.709 conversion and a burned-in timecode: High 10, tagged BT.709", () => {
    const info = probe(
      encode("high10.ts", {
        sharpness: 80,
        codecSettings: {
          h264Settings: {
            bitrate: 500000,
            profile: "HIGH_10BIT",
            qualityLevel: "ENHANCED_QUALITY",
            minQp: 10,
            colorSpaceSettings: { rec709Settings: {} },
            timecodeBurninSettings: { fontSize: "SMALL_16", position: "BOTTOM_CENTER", prefix: "tc:" },
            filterSettings: { temporalFilterSettings: { strength: "STRENGTH_4" } },
          },
        },
      }),
    );
    assert.match(info, /^profile=High 10$/m);
    assert.match(info, /^pix_fmt=yuv420p10le$/m);
    assert.match(info, /^color_space=bt709$/m);
    assert.match(info, /^color_primaries=bt709$/m);
  });

  it("H.264 HIGH_422: High 4:2:2 on yuv422p", () => {
    const info = probe(encode("high422.ts", { codecSettings: { h264Settings: { bitrate: 500000, profile: "HIGH_422" } } }));
    assert.match(info, /^profile=High 4:2:2$/m);
    assert.match(info, /^pix_fmt=yuv422p$/m);
  });

  it("MPEG-2 interlaced 16:9: Main profile, top field first, display aspect ratio 16:9", () => {
    const info = probe(
      encode("mpeg2.ts", {
        width: 720,
        height: 576,
        codecSettings: { mpeg2Settings: { framerateNumerator: 25, framerateDenominator: 1, scanType: "INTERLACED", displayAspectRatio: "DISPLAYRATIO16X9", gopSize: 12, gopSizeUnits: "FRAMES" } },
      }),
    );
    assert.match(info, /^codec_name=mpeg2video$/m);
    assert.match(info, /^profile=Main$/m);
    assert.match(info, /^display_aspect_ratio=16:9$/m);
    assert.match(info, /^field_order=tt$/m);
  });

  it("AV1 QVBR 10-bit with libsvtav1", () => {
    const info = probe(
      encode("av1.mkv", { codecSettings: { av1Settings: { framerateNumerator: 30, framerateDenominator: 1, rateControlMode: "QVBR", maxBitrate: 500000, bitDepth: "DEPTH_10" } } }),
    );
    assert.match(info, /^codec_name=av1$/m);
    assert.match(info, /^pix_fmt=yuv420p10le$/m);
  });

  it("colorMetadata IGNORE with a BT.709 conversion: converted, but no colour description written", () => {
    const info = probe(encode("ignore.ts", { codecSettings: { h264Settings: { bitrate: 500000, colorMetadata: "IGNORE", colorSpaceSettings: { rec709Settings: {} } } } }));
    assert.match(info, /^color_space=unknown$/m);
    assert.match(info, /^color_primaries=unknown$/m);
  });
});
