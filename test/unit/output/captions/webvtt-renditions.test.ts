import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as HLS from "hls-parser";
import { TsMuxer } from "../../../../src/media/mpegts/ts-muxer.ts";
import { firstVideoPts90k } from "../../../../src/output/captions/first-video-pts.ts";
import { renderWebvttPlaylist } from "../../../../src/output/captions/webvtt-playlist.ts";
import { embeddedCaptionNames, isWebvttRenditionFile, segmentFileName, webvttRenditionsOf, webvttSubtitleRenditions } from "../../../../src/output/captions/webvtt-renditions.ts";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { renderMasterPlaylist } from "../../../../src/output/hls/master-playlist.ts";
import { abrLadder, planRequest } from "../encoder/encoder-fixtures.ts";

type Json = Record<string, any>;

/** The ABR ladder with an embedded description on every output and a WebVTT one (CC3) on the first two. */
function withWebvtt(): Json {
  const config = abrLadder();
  config.inputAttachments[0].inputSettings.captionSelectors = [{ name: "cc", selectorSettings: { embeddedSourceSettings: { source608ChannelNumber: 3 } } }];
  config.encoderSettings.captionDescriptions = [
    { name: "cc-en", captionSelectorName: "cc", destinationSettings: { embeddedDestinationSettings: {} } },
    { name: "subs en", captionSelectorName: "cc", languageCode: "eng", languageDescription: "English", accessibility: "IMPLEMENTS_ACCESSIBILITY_FEATURES", destinationSettings: { webvttDestinationSettings: { styleControl: "PASSTHROUGH" } } },
  ];
  const outputs = config.encoderSettings.outputGroups[0].outputs;
  outputs[0].captionDescriptionNames = ["subs en"];
  outputs[1].captionDescriptionNames = ["subs en", "cc-en"];
  return config;
}

describe("WebVTT renditions of an HLS group", () => {
  it("one per WebVTT description an output names, reading the selector's CEA-608 channel", () => {
    const config = withWebvtt();
    const group = planEncoder(planRequest(config)).groups[0]!;
    assert.deepEqual(webvttRenditionsOf(config as unknown as ChannelConfig, group), [
      { captionDescriptionName: "subs en", cea608Channel: 3, styleControl: "PASSTHROUGH", playlistName: "index_subs_en.m3u8", segmentTemplate: "index_subs_en_%05d.vtt", name: "English", languageCode: "eng", accessible: true },
    ]);
    assert.equal(segmentFileName("index_subs_en_%05d.vtt", 42), "index_subs_en_00042.vtt");
  });

  it("a captions-only output (MediaLive's form of a WebVTT rendition) is not encoded but gives the rendition", () => {
    const config = withWebvtt();
    const outputs = config.encoderSettings.outputGroups[0].outputs;
    outputs[0].captionDescriptionNames = [];
    outputs[1].captionDescriptionNames = ["cc-en"];
    outputs.push({ outputName: "subs", captionDescriptionNames: ["subs en"], outputSettings: { hlsOutputSettings: { nameModifier: "_subs", hlsSettings: { standardHlsSettings: { m3u8Settings: {} } } } } });
    const plan = planEncoder(planRequest(config));
    assert.equal(plan.variants.length, 3);
    assert.deepEqual(webvttRenditionsOf(config as unknown as ChannelConfig, plan.groups[0]!).map((rendition) => rendition.playlistName), ["index_subs_en.m3u8"]);
  });

  it("names the files the origin may serve for the group", () => {
    const config = withWebvtt();
    const group = config.encoderSettings.outputGroups[0];
    const names = ["index_subs_en.m3u8", "index_subs_en_00012.vtt", "index_subs_en_x.vtt", "index_subs_en.vtt", "index_cc-en.m3u8"];
    assert.deepEqual(names.filter((name) => isWebvttRenditionFile(config as unknown as ChannelConfig, group, "index", name)), ["index_subs_en.m3u8", "index_subs_en_00012.vtt"]);
  });

  it("keeps -a53cc for the embedded description only", () => {
    const plan = planEncoder(planRequest(withWebvtt()));
    assert.deepEqual(plan.variants.map((variant) => variant.captions), [false, true, false]);
    assert.deepEqual(embeddedCaptionNames(withWebvtt() as unknown as ChannelConfig, ["subs en", "cc-en"]), ["cc-en"]);
  });

  it("are listed in the master playlist as TYPE=SUBTITLES, referenced by every variant, and not as CLOSED-CAPTIONS", () => {
    const config = withWebvtt();
    config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.captionLanguageSetting = "INSERT";
    const group = planEncoder(planRequest(config)).groups[0]!;
    const text = renderMasterPlaylist({ variants: group.variants, groupSettings: group.settings, captionDescriptions: config.encoderSettings.captionDescriptions, subtitles: webvttSubtitleRenditions(config as unknown as ChannelConfig, group) });
    HLS.setOptions({ strictMode: true });
    try {
      const playlist = HLS.parse(text) as HLS.types.MasterPlaylist;
      const subtitles = playlist.variants[0]!.subtitles;
      assert.deepEqual(subtitles.map((rendition) => [rendition.groupId, rendition.name, rendition.language, rendition.uri, rendition.isDefault]), [["subs", "English", "eng", "index_subs_en.m3u8", true]]);
      assert.ok(playlist.variants.every((variant) => variant.subtitles.length === 1));
      assert.deepEqual(playlist.variants.map((variant) => variant.closedCaptions.map((rendition) => rendition.name)), [[], ["cc-en"], []]);
    } finally {
      HLS.setOptions({ strictMode: false });
    }
  });
});

describe("firstVideoPts90k", () => {
  it("reads the PTS of the first video PES, past audio", () => {
    const muxer = new TsMuxer({ streams: [{ pid: 0x100, streamType: 0x1b }, { pid: 0x101, streamType: 0x0f }] });
    const packets = [
      ...muxer.mux({ trackId: 0x101, pts90k: 1000, dts90k: 1000, keyframe: true, data: new Uint8Array(50) }),
      ...muxer.mux({ trackId: 0x100, pts90k: 126_000, dts90k: 123_000, keyframe: true, data: Uint8Array.from([0, 0, 0, 1, 0x65, 0x88]) }),
    ];
    const ts = new Uint8Array(packets.reduce((sum, packet) => sum + packet.length, 0));
    let offset = 0;
    for (const packet of packets) {
      ts.set(packet, offset);
      offset += packet.length;
    }
    assert.equal(firstVideoPts90k(ts), 126_000);
    assert.equal(firstVideoPts90k(ts.subarray(0, 188)), undefined);
  });
});

describe("renderWebvttPlaylist", () => {
  it("a sliding window with its media sequence, target duration and the discontinuity of a restart", () => {
    const text = renderWebvttPlaylist([
      { index: 7, fileName: "a_00007.vtt", durationSec: 2, discontinuity: false },
      { index: 8, fileName: "a_00008.vtt", durationSec: 2, discontinuity: true },
    ], 2, 1);
    assert.equal(text, "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:7\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n#EXTINF:2.000,\na_00007.vtt\n#EXT-X-DISCONTINUITY\n#EXTINF:2.000,\na_00008.vtt\n");
    const parsed = HLS.parse(text) as HLS.types.MediaPlaylist;
    assert.deepEqual(parsed.segments.map((segment) => [segment.mediaSequenceNumber, Boolean(segment.discontinuity)]), [[7, false], [8, true]]);
  });
});
