import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CheckLine, CheckOptions } from "../../../src/check/check-types.ts";
import { buildReport, evaluateChecklist, exitStatusOf } from "../../../src/check/evaluate-checklist.ts";
import { parseInputSpec } from "../../../src/check/input-specification.ts";
import { formatReportText } from "../../../src/check/print-report.ts";
import { arrivals, h264Aac, NO_CAPTIONS, observation } from "./fixtures.ts";

const RTP: CheckOptions = { inputType: "RTP_PUSH", captionSelectors: [], seconds: 10 };

function failing(lines: readonly CheckLine[]): string[] {
  return lines.filter((entry) => entry.verdict === "fail").map((entry) => (entry.source !== undefined ? `${entry.id}@${entry.source}` : entry.id));
}

function find(lines: readonly CheckLine[], id: string, source?: number): CheckLine {
  const found = lines.find((entry) => entry.id === id && (source === undefined || entry.source === source));
  assert.ok(found, `no line ${id} in ${lines.map((entry) => entry.id).join(", ")}`);
  return found;
}

describe("evaluateChecklist", () => {
  it("passes a clean H.264/AAC RTP source, in the seed page's order, every line citing docs/upstream.md", () => {
    const lines = evaluateChecklist([observation()], RTP);
    assert.deepEqual(failing(lines), []);
    assert.deepEqual(
      lines.map((entry) => entry.id),
      ["protocol", "direction", "video.codec", "video.resolution", "video.frame-rate", "video.gop", "bitrate", "audio.codec", "captions", "scte35", "redundancy.identical", "addresses", "input-spec"],
    );
    assert.ok(lines.every((entry) => /^docs\/upstream\.md#[a-z0-9-]+$/.test(entry.rule)));
    assert.equal(find(lines, "video.codec").detail, "H.264, High profile, level 3.1");
    assert.equal(find(lines, "audio.codec").detail, "AAC LC, 2 channels, 48 kHz");
    assert.equal(find(lines, "video.gop").detail, "a keyframe every 25 pictures (1.00 s)");
    assert.match(find(lines, "addresses").detail, /192\.0\.2\.10\/32/);
    assert.match(find(lines, "input-spec").detail, /AVC,HD,MAX_10_MBPS/);
  });

  it("bare UDP on an RTP listener: only the protocol line fails, with 'send RTP, not UDP'", () => {
    const lines = evaluateChecklist([observation({ bareUdp: true, mediaBytes: 0, streamInfo: { video: [], audio: [], captions: NO_CAPTIONS, scte35Pids: [] } })], RTP);
    assert.deepEqual(failing(lines), ["protocol@1"]);
    assert.match(find(lines, "protocol").detail, /send RTP, not UDP/);
    assert.match(find(lines, "protocol").fix ?? "", /-f rtp_mpegts/);
    assert.equal(find(lines, "direction").verdict, "pass");
  });

  it("nothing pushed: the direction line fails and no stream line is printed", () => {
    const lines = evaluateChecklist([observation({ bytesIn: 0, mediaBytes: 0, addresses: [], streamInfo: { video: [], audio: [], captions: NO_CAPTIONS, scte35Pids: [] } })], RTP);
    assert.deepEqual(failing(lines), ["direction@1"]);
    assert.match(find(lines, "direction").detail, /nothing arrived on rtp:\/\/0\.0\.0\.0:5000 within 10 s/);
    assert.ok(!lines.some((entry) => entry.id.startsWith("video.")));
  });

  it("a dead pull source fails with the reason", () => {
    const lines = evaluateChecklist([observation({ direction: "pull", url: "http://127.0.0.1:9/a.m3u8", failure: "connection refused", mediaBytes: 0, bytesIn: 0 })], { ...RTP, inputType: "URL_PULL" });
    assert.deepEqual(failing(lines), ["direction@1"]);
    assert.equal(find(lines, "direction").detail, "pull: http://127.0.0.1:9/a.m3u8 is not ready: connection refused");
    assert.match(find(lines, "addresses").detail, /no input security group/);
  });

  it("MPEG-4 part 2 video and Opus audio fail their codec lines with the monitor's message", () => {
    const info = h264Aac({
      video: [{ trackId: 256, codec: "UNKNOWN", description: "MPEG-4 Part 2 video" }],
      audio: [{ trackId: 257, codec: "UNKNOWN", description: "Opus" }],
    });
    const lines = evaluateChecklist([observation({ streamInfo: info, gop: { keyframes: 0 } })], RTP);
    assert.deepEqual(failing(lines), ["video.codec@1", "audio.codec@1"]);
    assert.match(find(lines, "video.codec").detail, /^video codec MPEG-4 Part 2 video is not supported on RTP_PUSH inputs/);
    assert.match(find(lines, "audio.codec").detail, /^audio codec Opus is not supported on RTP_PUSH inputs/);
    assert.equal(find(lines, "video.resolution").verdict, "info");
  });

  it("RTMP takes H.264 + AAC only: HEVC (never converted) and AC-3 fail", () => {
    const options: CheckOptions = { ...RTP, inputType: "RTMP_PUSH" };
    const hevc = evaluateChecklist([observation({ unsupportedCodecs: [{ kind: "video", name: "HEVC" }], streamInfo: h264Aac({ video: [] }) })], options);
    assert.deepEqual(failing(hevc), ["video.codec@1"]);
    assert.match(find(hevc, "video.codec").detail, /HEVC is not supported on RTMP_PUSH inputs; supported: H\.264/);
    const ac3 = evaluateChecklist([observation({ streamInfo: h264Aac({ audio: [{ trackId: 1, codec: "AC3", channels: 6, sampleRateHz: 48_000 }] }) })], options);
    assert.deepEqual(failing(ac3), ["audio.codec@1"]);
  });

  it("variable frame rate fails the frame-rate line", () => {
    const lines = evaluateChecklist([observation({ variableFrameRate: true })], RTP);
    assert.deepEqual(failing(lines), ["video.frame-rate@1"]);
    assert.match(find(lines, "video.frame-rate").detail, /variable frame rate/);
  });

  it("caption selectors: missing embedded captions fail, present ones pass", () => {
    const options: CheckOptions = { ...RTP, captionSelectors: ["embedded", "dvb-sub"] };
    const lines = evaluateChecklist([observation({ streamInfo: h264Aac({ captions: { ...NO_CAPTIONS, cea608Channels: [1], dvbSubPids: [] } }) })], options);
    assert.deepEqual(failing(lines), ["captions.dvb-sub@1"]);
    assert.equal(find(lines, "captions.embedded").detail, "found: CEA-608 CC1");
    const none = evaluateChecklist([observation()], { ...RTP, captionSelectors: ["embedded"] });
    assert.deepEqual(failing(none), ["captions.embedded@1"]);
    assert.match(find(none, "captions.embedded").detail, /expects embedded CEA-608\/708 captions, which the source does not carry/);
  });

  it("--input-spec: 12 Mbit/s against MAX_10_MBPS fails the input-spec line only, and names the class that fits", () => {
    const spec = parseInputSpec("AVC,HD,MAX_10_MBPS");
    assert.ok(spec.ok);
    const lines = evaluateChecklist([observation({ streamInfo: h264Aac({ bitrateBps: 12_300_000 }) })], { ...RTP, inputSpec: spec.spec });
    assert.deepEqual(failing(lines), ["input-spec"]);
    assert.equal(find(lines, "input-spec").detail, "AVC,HD,MAX_10_MBPS does not cover the stream: 12.3 Mbit/s is above MAX_10_MBPS");
    assert.match(find(lines, "input-spec").fix ?? "", /AVC,HD,MAX_20_MBPS/);
    const ok = evaluateChecklist([observation()], { ...RTP, inputSpec: spec.spec });
    assert.equal(find(ok, "input-spec").verdict, "pass");
  });

  it("--input-spec: a 1080p HEVC source against AVC,SD names codec and resolution", () => {
    const spec = parseInputSpec("avc, sd, max_20_mbps");
    assert.ok(spec.ok);
    const info = h264Aac({ video: [{ trackId: 256, codec: "H265", width: 1920, height: 1080, frameRate: 25 }] });
    const lines = evaluateChecklist([observation({ streamInfo: info })], { ...RTP, inputSpec: spec.spec });
    assert.match(find(lines, "input-spec").detail, /the video is HEVC, not AVC; 1080 lines is HD, above SD/);
  });

  it("two identical, synchronised sources pass; 720p vs 1080p fails the identical line", () => {
    const same = evaluateChecklist([observation(), observation({ url: "rtp://0.0.0.0:5002", arrivals: arrivals(20) })], RTP);
    assert.deepEqual(failing(same), []);
    assert.equal(find(same, "redundancy.sync").verdict, "pass");
    const second = h264Aac({ video: [{ trackId: 256, codec: "H264", width: 1920, height: 1080, frameRate: 25 }] });
    const differ = evaluateChecklist([observation(), observation({ streamInfo: second })], RTP);
    assert.deepEqual(failing(differ), ["redundancy.identical"]);
    assert.match(find(differ, "redundancy.identical").detail, /resolution 1280x720 vs 1920x1080/);
    assert.deepEqual(find(differ, "video.resolution", 2).source, 2);
  });

  it("an offset of 1.3 s is a warning with the seed page's consequence", () => {
    const lines = evaluateChecklist([observation(), observation({ arrivals: arrivals(1300) })], RTP);
    const sync = find(lines, "redundancy.sync");
    assert.equal(sync.verdict, "warn");
    assert.match(sync.detail, /^not synchronised by 1\.3 s: accepted, but a failover may skip or repeat up to 1\.3 s/);
    const unrelated = evaluateChecklist([observation(), observation({ arrivals: arrivals(0, 9_000_000) })], RTP);
    assert.match(find(unrelated, "redundancy.sync").detail, /share no timestamps/);
  });

  it("a long GOP and no keyframe are warnings, not failures", () => {
    const long = evaluateChecklist([observation({ gop: { keyframes: 3, minFrames: 250, maxFrames: 250, meanSeconds: 10, maxSeconds: 10 } })], { ...RTP, seconds: 30 });
    assert.equal(find(long, "video.gop").verdict, "warn");
    const none = evaluateChecklist([observation({ gop: { keyframes: 0 } })], RTP);
    assert.equal(find(none, "video.gop").verdict, "warn");
    assert.deepEqual(failing(none), []);
  });

  it("builds a report: summary, exit status, the fitting specification, and a text form", () => {
    const report = buildReport([observation(), observation({ addresses: ["::ffff:198.51.100.7"], arrivals: arrivals(1300) })], RTP);
    assert.equal(exitStatusOf(report), 0);
    assert.deepEqual(report.fittingInputSpecification, { codec: "AVC", resolution: "HD", maximumBitrate: "MAX_10_MBPS" });
    assert.equal(report.summary.warn, 1);
    assert.ok(!("arrivals" in report.sources[0]!));
    const text = formatReportText(report);
    assert.match(text, /^PASS {2}Video codec \[1\] +H\.264, High profile, level 3\.1$/m);
    assert.match(text, /^WARN {2}Time offset of the two streams +not synchronised by 1\.3 s.*\(docs\/upstream\.md#synchronisation\)$/m);
    assert.match(text, /198\.51\.100\.7\/32/);
    assert.match(text, /ready: create the input and the channel\n$/);
    const failed = buildReport([observation({ variableFrameRate: true })], RTP);
    assert.equal(exitStatusOf(failed), 1);
    assert.match(formatReportText(failed), /^FAIL {2}Frame rate +variable frame rate/m);
  });
});
