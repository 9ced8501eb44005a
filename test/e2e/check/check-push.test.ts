// `./openlive check` against real ffmpeg upstreams pushing RTP (and one pushing plain UDP):
// an upstream that passes, and one for each line that must fail, each asserting the exact
// failing line and the exit status.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { freeUdpPort } from "../../helpers/media-fixtures.ts";
import { failingLines, ffmpegUpstream, H264_AAC, lineOf, runOpenliveCheck } from "./check-process.ts";

const SECONDS = ["--seconds", "4"];

/** One RTP listener on a free port, one ffmpeg pushing to it with `codecArgs`. */
async function checkRtp(codecArgs: readonly string[], checkArgs: readonly string[] = [], format: "rtp_mpegts" | "mpegts" = "rtp_mpegts", upstream: { size?: string; rate?: number } = {}) {
  const port = await freeUdpPort();
  const scheme = format === "rtp_mpegts" ? "rtp" : "udp";
  return runOpenliveCheck([`rtp://127.0.0.1:${port}`, ...SECONDS, "--json", ...checkArgs], {
    listeners: 1,
    whenListening: () => [ffmpegUpstream([...codecArgs, "-f", format, `${scheme}://127.0.0.1:${port}`], upstream)],
  });
}

describe("openlive check: RTP push upstreams", { timeout: 120_000 }, () => {
  it("H.264 + AAC over RTP passes every line (exit 0), with the source address and the inputSpecification that fits", async () => {
    const outcome = await checkRtp(H264_AAC);
    assert.equal(outcome.code, 0, outcome.stdout + outcome.stderr);
    assert.deepEqual(failingLines(outcome.report), []);
    assert.equal(lineOf(outcome.report, "protocol").detail, "MPEG-TS over RTP (RTP_PUSH)");
    assert.equal(lineOf(outcome.report, "video.codec").verdict, "pass");
    assert.match(lineOf(outcome.report, "video.codec").detail, /^H\.264, /);
    assert.match(lineOf(outcome.report, "video.resolution").detail, /^320x180 \(SD\)/);
    assert.equal(lineOf(outcome.report, "video.frame-rate").detail, "25 fps, constant");
    assert.match(lineOf(outcome.report, "video.gop").detail, /^a keyframe every 25 pictures \(1\.00 s\)$/);
    assert.match(lineOf(outcome.report, "audio.codec").detail, /^AAC LC, 1 channel, 48 kHz$/);
    assert.match(lineOf(outcome.report, "addresses").detail, /127\.0\.0\.1\/32/);
    assert.deepEqual(outcome.report?.fittingInputSpecification, { codec: "AVC", resolution: "SD", maximumBitrate: "MAX_10_MBPS" });
  });

  it("bare UDP (-f mpegts udp://) fails the protocol line: send RTP, not UDP", async () => {
    const outcome = await checkRtp(H264_AAC, [], "mpegts");
    assert.equal(outcome.code, 1, outcome.stdout + outcome.stderr);
    assert.deepEqual(failingLines(outcome.report), ["protocol@1"]);
    assert.match(lineOf(outcome.report, "protocol").detail, /send RTP, not UDP/);
  });

  it("MPEG-4 part 2 video fails the video codec line", async () => {
    const outcome = await checkRtp(["-c:v", "mpeg4", "-c:a", "aac"]);
    assert.equal(outcome.code, 1, outcome.stdout + outcome.stderr);
    assert.deepEqual(failingLines(outcome.report), ["video.codec@1"]);
    assert.match(lineOf(outcome.report, "video.codec").detail, /^video codec MPEG-4 Part 2 video is not supported on RTP_PUSH inputs/);
  });

  it("Opus audio fails the audio codec line", async () => {
    const outcome = await checkRtp(["-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "libopus"]);
    assert.equal(outcome.code, 1, outcome.stdout + outcome.stderr);
    assert.deepEqual(failingLines(outcome.report), ["audio.codec@1"]);
    assert.match(lineOf(outcome.report, "audio.codec").detail, /^audio codec Opus is not supported on RTP_PUSH inputs/);
  });

  it("a variable frame rate fails the frame rate line", async () => {
    // Frame durations alternate 60 ms / 20 ms, kept by -fps_mode passthrough (a 50 fps source, so that its 1/50 s
    // time base holds them; the pictures then arrive faster than real time, which does not matter here).
    const outcome = await checkRtp(["-vf", "setpts=(N*0.04+mod(N\\,2)*0.02)/TB", "-fps_mode", "passthrough", ...H264_AAC], [], "rtp_mpegts", { rate: 50 });
    assert.equal(outcome.code, 1, outcome.stdout + outcome.stderr);
    assert.deepEqual(failingLines(outcome.report), ["video.frame-rate@1"]);
    assert.match(lineOf(outcome.report, "video.frame-rate").detail, /^variable frame rate/);
  });

  it("--caption-selector embedded without captions fails the captions line", async () => {
    const outcome = await checkRtp(H264_AAC, ["--caption-selector", "embedded"]);
    assert.equal(outcome.code, 1, outcome.stdout + outcome.stderr);
    assert.deepEqual(failingLines(outcome.report), ["captions.embedded@1"]);
    assert.match(lineOf(outcome.report, "captions.embedded").detail, /expects embedded CEA-608\/708 captions, which the source does not carry \(found: no captions\)/);
  });

  it("12 Mbit/s against --input-spec AVC,SD,MAX_10_MBPS fails the inputSpecification line", async () => {
    const cbr12 = ["-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-b:v", "12M", "-minrate", "12M", "-maxrate", "12M", "-bufsize", "4M", "-x264-params", "nal-hrd=cbr", "-c:a", "aac"];
    const outcome = await checkRtp(cbr12, ["--input-spec", "AVC,SD,MAX_10_MBPS"]);
    assert.equal(outcome.code, 1, outcome.stdout + outcome.stderr);
    assert.deepEqual(failingLines(outcome.report), ["input-spec"]);
    assert.match(lineOf(outcome.report, "input-spec").detail, /^AVC,SD,MAX_10_MBPS does not cover the stream: 1\d\.\d Mbit\/s is above MAX_10_MBPS$/);
    assert.deepEqual(outcome.report?.fittingInputSpecification?.maximumBitrate, "MAX_20_MBPS");
  });

  it("prints one line per check and a summary without --json; usage mistakes exit 2", async () => {
    const port = await freeUdpPort();
    const outcome = await runOpenliveCheck([`rtp://127.0.0.1:${port}`, "--seconds", "1"]);
    assert.equal(outcome.code, 1);
    assert.match(outcome.stdout, /^FAIL {2}Push or pull +push: nothing arrived on rtp:\/\/127\.0\.0\.1:\d+ within 1 s .*\(docs\/upstream\.md#push-or-pull\)$/m);
    assert.match(outcome.stdout, /\d+ checks: \d+ pass, 1 fail, \d+ warn, \d+ info — not ready/);
    const usage = await runOpenliveCheck(["rtsp://camera/stream"]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /rtsp:\/\/ is not an input protocol/);
  });
});
