import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkCaptions, checkCodecs, checkOrientation, compareRedundantSources, redundantSourceDifferences } from "../../../../src/ingest/monitor/source-checks.ts";
import type { StreamInfo } from "../../../../src/media/types.ts";

const NO_CAPTIONS = { cea608Channels: [], cea708Services: [], dvbSubPids: [], teletextPids: [], scte27Pids: [] };

function info(overrides: Partial<StreamInfo> = {}): StreamInfo {
  return {
    video: [{ trackId: 256, codec: "H264", width: 1280, height: 720, frameRate: 30 }],
    audio: [{ trackId: 257, codec: "AAC", channels: 2, sampleRateHz: 48000 }],
    captions: NO_CAPTIONS,
    scte35Pids: [],
    bitrateBps: 5_000_000,
    ...overrides,
  };
}

describe("checkCodecs (the codecs each input type carries, docs/ingest.md)", () => {
  it("accepts H.264 + AAC everywhere", () => {
    for (const type of ["RTP_PUSH", "RTMP_PUSH", "SRT_LISTENER", "URL_PULL", "MP4_FILE", "TS_FILE", "RTMP_PULL", "SRT_CALLER"] as const) assert.deepEqual(checkCodecs(type, info()), [], type);
  });

  it("names the codec and the input type: HEVC over RTMP, MPEG audio in HLS, AC-3 over RTMP", () => {
    const hevc = info({ video: [{ trackId: 0, codec: "H265", width: 1280, height: 720 }] });
    assert.deepEqual(checkCodecs("RTMP_PUSH", hevc).map((f) => f.message), ["video codec H.265 (HEVC) is not supported on RTMP_PUSH inputs; supported: H.264"]);
    assert.deepEqual(checkCodecs("RTP_PUSH", hevc), []);
    const mp2 = info({ audio: [{ trackId: 1, codec: "MPEG_AUDIO" }] });
    assert.match(checkCodecs("URL_PULL", mp2)[0]!.message, /audio codec MPEG audio is not supported on URL_PULL inputs; supported: AAC, Dolby Digital \(AC-3\), Dolby Digital Plus \(E-AC-3\)/);
    assert.equal(checkCodecs("RTP_PUSH", mp2).length, 0);
    const unknown = info({ video: [{ trackId: 1, codec: "UNKNOWN" }] });
    assert.equal(checkCodecs("RTP_PUSH", unknown)[0]!.type, "Unsupported Codec");
  });
});

describe("checkCaptions", () => {
  it("flags a selector whose format the source lacks", () => {
    const selectors = [
      { name: "cc", kind: "embeddedSourceSettings" as const },
      { name: "dvb", kind: "dvbSubSourceSettings" as const },
    ];
    assert.deepEqual(
      checkCaptions(selectors, info()).map((f) => f.message),
      ['caption selector "cc" expects embedded CEA-608/708 captions, which the source does not carry', 'caption selector "dvb" expects DVB subtitles, which the source does not carry'],
    );
    assert.deepEqual(checkCaptions(selectors, info({ captions: { ...NO_CAPTIONS, cea608Channels: [1], dvbSubPids: [300] } })), []);
  });
});

describe("compareRedundantSources (seed page: identical resolution and bitrate)", () => {
  it("is quiet for identical sources and within 10 % bitrate", () => {
    assert.deepEqual(compareRedundantSources(info(), info({ bitrateBps: 4_600_000 })), []);
  });

  it("names both values of every difference", () => {
    const other = info({ video: [{ trackId: 256, codec: "H264", width: 1920, height: 1080, frameRate: 25 }], bitrateBps: 8_000_000, audio: [{ trackId: 257, codec: "AC3" }] });
    const [finding] = compareRedundantSources(info(), other);
    assert.equal(finding!.type, "Redundant Sources Differ");
    assert.match(finding!.message, /resolution 1280x720 vs 1920x1080/);
    assert.match(finding!.message, /frame rate 30 vs 25 fps/);
    assert.match(finding!.message, /audio codecs AAC vs AC3/);
    assert.match(finding!.message, /bitrate 5\.00 vs 8\.00 Mbit\/s/);
  });

  it("lists what differs by aspect, so a change in what differs can be told from values moving", () => {
    const smaller = info({ video: [{ trackId: 256, codec: "H264", width: 640, height: 360, frameRate: 30 }] });
    assert.deepEqual(redundantSourceDifferences(info(), smaller).map((d) => d.aspect), ["resolution"]);
    const noSizeYet = info({ video: [{ trackId: 256, codec: "H264", frameRate: 30 }], bitrateBps: 90_000 });
    assert.deepEqual(
      redundantSourceDifferences(info(), noSizeYet).map((d) => [d.aspect, d.text]),
      [["bitrate", "bitrate 5.00 vs 0.09 Mbit/s (more than 10 % apart)"]],
    );
  });
});

describe("checkOrientation", () => {
  it("flags portrait video", () => {
    assert.equal(checkOrientation(info({ video: [{ trackId: 1, codec: "H264", width: 720, height: 1280 }] })).length, 1);
    assert.equal(checkOrientation(info()).length, 0);
  });
});
