import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { hlsVariantNames, isHlsVariantFile } from "../../../../src/output/hls/hls-file-names.ts";
import { fmp4Codecs } from "../../../../src/output/hls/hls-fmp4.ts";
import { minimalHls, planRequest } from "../encoder/encoder-fixtures.ts";
import { filterGraph, outputView, teeSlaves } from "../encoder/plan-view.ts";

type Json = Record<string, any>;

/** minimalHls (6 s segments) with an fMP4 variant, an MPEG-TS variant and a trick-play output of a 320x180 JPEG description. */
function mixedGroup(): Json {
  const config = minimalHls();
  const group = config.encoderSettings.outputGroups[0];
  group.outputs[0].outputSettings.hlsOutputSettings.hlsSettings = { fmp4HlsSettings: {} };
  group.outputs.push({ outputName: "ts", videoDescriptionName: "v720", audioDescriptionNames: ["a_aac"], outputSettings: { hlsOutputSettings: { nameModifier: "_ts", hlsSettings: { standardHlsSettings: { m3u8Settings: { pmtPid: "480" } } } } } });
  config.encoderSettings.videoDescriptions.push({ name: "thumbs", width: 320, height: 180, codecSettings: { frameCaptureSettings: { captureInterval: 1, captureIntervalUnits: "SECONDS" } } });
  group.outputs.push({ outputName: "trick", videoDescriptionName: "thumbs", outputSettings: { hlsOutputSettings: { nameModifier: "_trick", segmentModifier: "_img", hlsSettings: { frameCaptureHlsSettings: {} } } } });
  return config;
}

describe("HLS plan: fMP4 segments and trick-play images", () => {
  const plan = planEncoder(planRequest(mixedGroup()));
  const slaves = teeSlaves(plan);

  it("writes the fMP4 variant with ffmpeg's fmp4 segments, its init file beside the playlist, and .mp4 segment names", () => {
    const fmp4 = slaves[0]!;
    assert.equal(fmp4.options.get("f"), "hls");
    assert.equal(fmp4.options.get("hls_segment_type"), "fmp4");
    assert.equal(fmp4.options.get("hls_fmp4_init_filename"), "index_720p_init.mp4");
    assert.equal(fmp4.options.get("hls_segment_filename"), "/srv/out/live/index_720p_%05d.mp4");
    assert.equal(fmp4.options.has("hls_segment_options"), false, "MPEG-TS options do not apply to fMP4 segments");
    assert.equal(fmp4.path, "/srv/out/live/index_720p.m3u8.encoder");
  });

  it("keeps the MPEG-TS variant of the same group as it was", () => {
    const ts = slaves[1]!;
    assert.equal(ts.options.get("hls_segment_type"), "mpegts");
    assert.equal(ts.options.get("hls_segment_filename"), "/srv/out/live/index_ts_%05d.ts");
    assert.match(ts.options.get("hls_segment_options") ?? "", /mpegts_pmt_start_pid=480/);
    // One encode feeds both variants.
    assert.deepEqual(outputView(plan, 0).streamIndexes, outputView(plan, 1).streamIndexes);
  });

  it("captures one JPEG per segment (fps 1/6, not the description's 1 s interval) at the description's size into a staging folder", () => {
    const images = slaves[2]!;
    assert.equal(images.options.get("f"), "image2");
    assert.equal(images.options.get("atomic_writing"), "1");
    assert.equal(images.path, "/srv/thumbs/hls-images/hls/o2_%05d.jpg");
    assert.match(filterGraph(plan), /\]fps=1\/6,scale=320:180:/);
    assert.doesNotMatch(filterGraph(plan), /fps=1\/1,scale=320:180/);
  });

  it("describes the group for the master playlist: fMP4 init name and CODECS, the image stream's names and size", () => {
    const group = plan.groups[0]!;
    assert.deepEqual(
      group.variants.map((variant) => [variant.playlistName, variant.fmp4InitName, variant.segmentTemplate]),
      [
        ["index_720p.m3u8", "index_720p_init.mp4", "index_720p_%05d.mp4"],
        ["index_ts.m3u8", undefined, "index_ts_%05d.ts"],
      ],
    );
    assert.deepEqual(group.imageStreams, [{ outputName: "trick", playlistName: "index_trick.m3u8", imageStem: "index_trick_img_", stagingFolder: "/srv/thumbs/hls-images/hls", stagingPrefix: "o2_", width: 320, height: 180 }]);
  });

  it("names H.265 in fMP4 by the hev1 sample entry ffmpeg writes", () => {
    assert.equal(fmp4Codecs("hvc1.1.6.L120.90,mp4a.40.2"), "hev1.1.6.L120.90,mp4a.40.2");
    assert.equal(fmp4Codecs("avc1.4d401f,mp4a.40.2"), "avc1.4d401f,mp4a.40.2");
  });

  it("publishes through the origin exactly the fMP4 variant's init file and .mp4 segments, and the image track's JPEGs", () => {
    const fmp4 = hlsVariantNames("index", { nameModifier: "_720p", hlsSettings: { fmp4HlsSettings: {} } });
    assert.ok(isHlsVariantFile(fmp4, "index_720p_init.mp4", "index"));
    assert.ok(isHlsVariantFile(fmp4, "index_720p_00012.mp4", "index"));
    assert.equal(isHlsVariantFile(fmp4, "index_720p_00012.ts", "index"), false);
    const ts = hlsVariantNames("index", { nameModifier: "_720p", hlsSettings: { standardHlsSettings: { m3u8Settings: {} } } });
    assert.equal(isHlsVariantFile(ts, "index_720p_init.mp4", "index"), false);
    const images = hlsVariantNames("index", { nameModifier: "_trick", hlsSettings: { frameCaptureHlsSettings: {} } });
    assert.ok(isHlsVariantFile(images, "index_trick_00003.jpg", "index"));
    assert.ok(isHlsVariantFile(images, "index_trick.m3u8", "index"));
  });

  it("writes an audio-only output with segmentType FMP4 as fMP4, listed in the fMP4 variant's audio group (audioRenditionSets)", () => {
    const config = minimalHls();
    const group = config.encoderSettings.outputGroups[0];
    group.outputs[0].outputSettings.hlsOutputSettings.hlsSettings = { fmp4HlsSettings: { audioRenditionSets: "aud" } };
    group.outputs[0].audioDescriptionNames = [];
    group.outputs.push({ outputName: "en", audioDescriptionNames: ["a_aac"], outputSettings: { hlsOutputSettings: { nameModifier: "_en", hlsSettings: { audioOnlyHlsSettings: { audioGroupId: "aud", segmentType: "FMP4" } } } } });
    const audioPlan = planEncoder(planRequest(config));
    const audio = teeSlaves(audioPlan)[1]!;
    assert.equal(audio.options.get("hls_segment_type"), "fmp4");
    assert.equal(audio.options.get("hls_fmp4_init_filename"), "index_en_init.mp4");
    assert.equal(audio.options.get("hls_segment_filename"), "/srv/out/live/index_en_%05d.mp4");
    const planned = audioPlan.groups[0]!;
    assert.equal(planned.audioRenditions?.[0]?.fmp4InitName, "index_en_init.mp4");
    assert.deepEqual(planned.variants[0]?.audioGroupIds, ["aud"]);
  });

  it("lets an fMP4 variant share an encode with an MPEG-TS variant's PIDs, whichever comes first, without a warning", () => {
    for (const fmp4First of [true, false]) {
      const config = minimalHls();
      const group = config.encoderSettings.outputGroups[0];
      const ts = { outputName: "ts", videoDescriptionName: "v720", audioDescriptionNames: ["a_aac"], outputSettings: { hlsOutputSettings: { nameModifier: "_ts", hlsSettings: { standardHlsSettings: { m3u8Settings: { videoPid: "33", audioPids: "34" } } } } } };
      group.outputs[0].outputSettings.hlsOutputSettings.hlsSettings = { fmp4HlsSettings: {} };
      group.outputs = fmp4First ? [group.outputs[0], ts] : [ts, group.outputs[0]];
      const sharedPlan = planEncoder(planRequest(config));
      assert.deepEqual(sharedPlan.warnings, [], `fMP4 first: ${fmp4First}`);
      assert.deepEqual(sharedPlan.args.filter((_, i) => sharedPlan.args[i - 1] === "-streamid"), ["0:33", "1:34"], `fMP4 first: ${fmp4First}`);
    }
  });
});
