import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as HLS from "hls-parser";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { renderMasterPlaylist } from "../../../../src/output/hls/master-playlist.ts";
import { abrLadder, minimalHls, planRequest } from "../encoder/encoder-fixtures.ts";

type Json = Record<string, any>;

function render(config: Json, extra: { redundantPeerPrefix?: string } = {}): { text: string; playlist: HLS.types.MasterPlaylist } {
  const plan = planEncoder(planRequest(config));
  const group = plan.groups[0]!;
  const text = renderMasterPlaylist({
    variants: group.variants,
    ...(group.audioRenditions ? { audioRenditions: group.audioRenditions } : {}),
    groupSettings: group.settings,
    captionDescriptions: config.encoderSettings.captionDescriptions,
    ...extra,
  });
  HLS.setOptions({ strictMode: true });
  try {
    const playlist = HLS.parse(text);
    assert.ok(playlist.isMasterPlaylist);
    return { text, playlist: playlist as HLS.types.MasterPlaylist };
  } finally {
    HLS.setOptions({ strictMode: false });
  }
}

function withCaptions(setting: "INSERT" | "OMIT" | "NONE", mappings?: Json[]): Json {
  const config = abrLadder();
  config.encoderSettings.captionDescriptions = [
    { name: "cc-en", captionSelectorName: "cc", languageCode: "eng", languageDescription: "English", accessibility: "IMPLEMENTS_ACCESSIBILITY_FEATURES", destinationSettings: { embeddedDestinationSettings: {} } },
  ];
  for (const output of config.encoderSettings.outputGroups[0].outputs) output.captionDescriptionNames = ["cc-en"];
  const hls = config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings;
  hls.captionLanguageSetting = setting;
  if (mappings) hls.captionLanguageMappings = mappings;
  return config;
}

describe("renderMasterPlaylist", () => {
  it("lists each variant of the ladder with bandwidth, codecs, resolution and frame rate (RFC 8216 §4.3.4.2)", () => {
    const { text, playlist } = render(abrLadder());
    assert.ok(text.startsWith("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n"));
    assert.ok(text.endsWith("index_360p.m3u8\n"));
    assert.ok(!text.includes("\r"));
    assert.equal(playlist.independentSegments, true);
    assert.deepEqual(playlist.variants.map((v) => v.uri), ["index_1080p.m3u8", "index_720p.m3u8", "index_360p.m3u8"]);
    const [v1080, v720, v360] = playlist.variants;
    // Peak: (max video + audio) × 1.1; average: (video + audio) × 1.1.
    assert.equal(v1080!.bandwidth, Math.round((7_500_000 + 128_000) * 1.1));
    assert.equal(v1080!.averageBandwidth, Math.round((5_000_000 + 128_000) * 1.1));
    assert.equal(v720!.bandwidth, Math.round((3_000_000 + 128_000) * 1.1));
    assert.equal(v720!.averageBandwidth, v720!.bandwidth);
    assert.equal(v360!.bandwidth, Math.round((1_000_000 + 128_000) * 1.1));
    assert.equal(v360!.averageBandwidth, undefined, "QVBR has no known average");
    assert.equal(v1080!.codecs, "avc1.640028,mp4a.40.2");
    assert.equal(v360!.codecs, "avc1.4d401e,mp4a.40.2");
    assert.deepEqual(v720!.resolution, { width: 1280, height: 720 });
    assert.equal(v720!.frameRate, 30);
    assert.ok(!text.includes("CLOSED-CAPTIONS"), "captionLanguageSetting defaults to OMIT");
  });

  it("omits RESOLUTION with streamInfResolution EXCLUDE", () => {
    const config = minimalHls();
    config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings.streamInfResolution = "EXCLUDE";
    const { text, playlist } = render(config);
    assert.ok(!text.includes("RESOLUTION="));
    assert.equal(playlist.variants[0]!.resolution, undefined);
  });

  it("redundant manifest: every variant is followed by the other pipeline's copy with the same attributes", () => {
    const { text, playlist } = render(abrLadder(), { redundantPeerPrefix: "../pipeline-1/" });
    assert.deepEqual(
      playlist.variants.map((v) => v.uri),
      ["index_1080p.m3u8", "../pipeline-1/index_1080p.m3u8", "index_720p.m3u8", "../pipeline-1/index_720p.m3u8", "index_360p.m3u8", "../pipeline-1/index_360p.m3u8"],
    );
    const lines = text.split("\n");
    for (let i = 3; i < 3 + 12; i += 4) assert.equal(lines[i], lines[i + 2], `line ${i} repeated`);
  });

  it("captions INSERT with captionLanguageMappings: one CLOSED-CAPTIONS rendition per CC channel", () => {
    const { text, playlist } = render(
      withCaptions("INSERT", [
        { captionChannel: 1, languageCode: "eng", languageDescription: "English" },
        { captionChannel: 3, languageCode: "spa", languageDescription: "Español" },
      ]),
    );
    const renditions = playlist.variants[0]!.closedCaptions;
    assert.deepEqual(
      renditions.map((r) => [r.groupId, r.name, r.language, r.instreamId, r.isDefault]),
      [
        ["cc", "English", "eng", "CC1", true],
        ["cc", "Español", "spa", "CC3", false],
      ],
    );
    assert.equal((text.match(/CLOSED-CAPTIONS="cc"/g) ?? []).length, 3);
  });

  it("captions INSERT without mappings: the caption description's language, name and accessibility", () => {
    const { playlist } = render(withCaptions("INSERT"));
    const [rendition] = playlist.variants[1]!.closedCaptions;
    assert.deepEqual([rendition!.name, rendition!.language, rendition!.instreamId], ["English", "eng", "CC1"]);
    assert.match(rendition!.characteristics ?? "", /public\.accessibility\.transcribes-spoken-dialog/);
  });

  it("captions INSERT on one variant only: the others carry no CLOSED-CAPTIONS attribute (NONE would have to be on all)", () => {
    const config = withCaptions("INSERT");
    config.encoderSettings.outputGroups[0].outputs[0].captionDescriptionNames = [];
    config.encoderSettings.outputGroups[0].outputs[2].captionDescriptionNames = [];
    const { text, playlist } = render(config);
    assert.deepEqual(playlist.variants.map((v) => v.closedCaptions.length), [0, 1, 0]);
    assert.ok(!text.includes("CLOSED-CAPTIONS=NONE"));
  });

  it("captions NONE writes CLOSED-CAPTIONS=NONE on every variant; OMIT writes nothing", () => {
    const none = render(withCaptions("NONE")).text;
    assert.equal((none.match(/CLOSED-CAPTIONS=NONE/g) ?? []).length, 3);
    assert.ok(!none.includes("#EXT-X-MEDIA"));
    const omit = render(withCaptions("OMIT")).text;
    assert.ok(!omit.includes("CLOSED-CAPTIONS"));
  });

  it("lists a 29.97 fps variant as FRAME-RATE=29.970", () => {
    const config = minimalHls();
    Object.assign(config.encoderSettings.videoDescriptions[0].codecSettings.h264Settings, { framerateNumerator: 30000, framerateDenominator: 1001 });
    assert.match(render(config).text, /FRAME-RATE=29\.970/);
  });
});

describe("renderMasterPlaylist: audio-only outputs and audio groups (RFC 8216 §4.3.4.1)", () => {
  function withAudioRenditions(trackTypes: string[], audioRenditionSets?: string): Json {
    const config = abrLadder();
    const group = config.encoderSettings.outputGroups[0];
    for (const output of group.outputs) {
      output.audioDescriptionNames = [];
      if (audioRenditionSets !== undefined) output.outputSettings.hlsOutputSettings.hlsSettings.standardHlsSettings.audioRenditionSets = audioRenditionSets;
    }
    trackTypes.forEach((audioTrackType, i) => {
      group.outputs.push({
        outputName: `audio${i}`,
        audioDescriptionNames: ["a_aac"],
        outputSettings: { hlsOutputSettings: { nameModifier: `_audio${i}`, hlsSettings: { audioOnlyHlsSettings: { audioGroupId: "aac", audioTrackType } } } },
      });
    });
    return config;
  }

  it("lists the renditions as EXT-X-MEDIA TYPE=AUDIO and each variant with AUDIO=<group>, the audio in BANDWIDTH and CODECS", () => {
    const { playlist } = render(withAudioRenditions(["ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT", "ALTERNATE_AUDIO_NOT_AUTO_SELECT"], "aac"));
    assert.equal(playlist.variants.length, 3);
    for (const variant of playlist.variants) {
      assert.equal(variant.audio.length, 2);
      assert.deepEqual(variant.audio.map((rendition) => [rendition.groupId, rendition.uri, rendition.isDefault, rendition.autoselect]), [
        ["aac", "index_audio0.m3u8", true, true],
        ["aac", "index_audio1.m3u8", false, false],
      ]);
      assert.match(variant.codecs!, /^avc1\.[0-9a-f]+,mp4a\.40\.2$/);
    }
    const plain = render(abrLadder()).playlist;
    // Without their own audio, the variants carry the group's largest rendition instead.
    assert.ok(Math.abs(playlist.variants[0]!.bandwidth - plain.variants[0]!.bandwidth) < 1000);
  });

  it("a group at most one DEFAULT=YES; AUDIO_ONLY_VARIANT_STREAM is a variant of its own", () => {
    const { text, playlist } = render(withAudioRenditions(["ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT", "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT", "AUDIO_ONLY_VARIANT_STREAM"], "aac"));
    assert.equal(text.match(/DEFAULT=YES/g)?.length, 1);
    assert.equal(playlist.variants.length, 4);
    const audioOnly = playlist.variants[3]!;
    assert.equal(audioOnly.uri, "index_audio2.m3u8");
    assert.equal(audioOnly.codecs, "mp4a.40.2");
    assert.equal(audioOnly.resolution, undefined);
  });

  it("variants whose audioRenditionSets name no group with renditions get no AUDIO attribute", () => {
    const { text } = render(withAudioRenditions(["ALTERNATE_AUDIO_AUTO_SELECT"], "other_group"));
    assert.doesNotMatch(text, /AUDIO="/);
    assert.match(text, /#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac"/);
  });

  it("lists each variant's I-frame-only playlist with iFrameOnlyPlaylists STANDARD (video codec only, estimated BANDWIDTH), also the peer's", () => {
    const config = abrLadder();
    const hls = config.encoderSettings.outputGroups[0].outputGroupSettings.hlsGroupSettings;
    hls.iFrameOnlyPlaylists = "STANDARD";
    hls.segmentLength = 2;
    const { text, playlist } = render(config, { redundantPeerPrefix: "../pipeline-1/" });
    const iFrames = playlist.variants.filter((variant) => variant.isIFrameOnly);
    assert.deepEqual(iFrames.map((variant) => variant.uri), [
      "index_1080p_iframes.m3u8", "../pipeline-1/index_1080p_iframes.m3u8",
      "index_720p_iframes.m3u8", "../pipeline-1/index_720p_iframes.m3u8",
      "index_360p_iframes.m3u8", "../pipeline-1/index_360p_iframes.m3u8",
    ]);
    for (const variant of iFrames) assert.match(variant.codecs ?? "", /^avc1\.[0-9a-f]{6}$/, "the video codec alone");
    // 1080p: 10 pictures of 7.5 Mb/s at 30 fps, once per 2 s segment, plus 10 % mux overhead.
    assert.match(text, /^#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1375000,CODECS="avc1\.[0-9a-f]{6}",RESOLUTION=1920x1080,URI="index_1080p_iframes\.m3u8"$/m);
    assert.doesNotMatch(render(abrLadder()).text, /I-FRAME/, "DISABLED (the default) lists none");
  });
});
