// `./openlive check` against the input types the other check tests leave out, each with a real
// upstream: ffmpeg pushing SRT to the check's listener (right, wrong and missing passphrase),
// ffmpeg as an SRT listener and as an RTMP server that the check pulls from, and an MP4 file
// read from disk and over HTTP (plus files that are not MP4 at all).

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { freeUdpPort, makeTsFile, MediaFixtures } from "../../helpers/media-fixtures.ts";
import { type CheckOutcome, failingLines, ffmpegUpstream, H264_AAC, lineOf, runOpenliveCheck } from "./check-process.ts";

const PASSPHRASE = "correct-horse-battery";

/** Every stream line of a source that arrived, passing, and the JSON report's verdict. */
function assertPasses(outcome: CheckOutcome, inputType: string): void {
  assert.equal(outcome.code, 0, outcome.stdout + outcome.stderr);
  assert.deepEqual(failingLines(outcome.report), []);
  assert.equal(outcome.report?.inputType, inputType);
  assert.equal(outcome.report?.summary.ready, true);
  assert.equal(outcome.report?.sources[0]?.failure, undefined);
  assert.ok((outcome.report?.sources[0]?.bytesIn ?? 0) > 0);
  for (const id of ["protocol", "direction", "video.codec", "video.resolution", "video.frame-rate", "video.gop", "bitrate", "audio.codec"]) {
    assert.equal(lineOf(outcome.report, id).verdict, "pass", `${id}: ${lineOf(outcome.report, id).detail}`);
  }
}

describe("openlive check: SRT, RTMP pull and MP4 file sources", { timeout: 120_000 }, () => {
  const fixtures = new MediaFixtures("openlive-check-sources-");
  let mp4: string;
  before(async () => {
    // Its own picture size, rate, GOP and audio layout, so that what the check reports can only come from this file.
    mp4 = fixtures.path("clip.mp4");
    await promisify(execFile)("ffmpeg", [
      "-hide_banner", "-v", "error", "-y",
      "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
      "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
      "-t", "8", "-ac", "2",
      "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuv420p", "-c:a", "aac",
      "-movflags", "+faststart", mp4,
    ]);
  });
  after(async () => {
    await fixtures.close();
  });

  it("SRT_LISTENER: ffmpeg calling with the passphrase passes, with what it sent and where from", async () => {
    const port = await freeUdpPort();
    const outcome = await runOpenliveCheck([`srt://127.0.0.1:${port}`, "--passphrase", PASSPHRASE, "--seconds", "4", "--json"], {
      listeners: 1,
      whenListening: () => [ffmpegUpstream([...H264_AAC, "-f", "mpegts", `srt://127.0.0.1:${port}?mode=caller&passphrase=${PASSPHRASE}&pbkeylen=16`], { size: "416x240" })],
    });
    assertPasses(outcome, "SRT_LISTENER");
    assert.equal(lineOf(outcome.report, "protocol").detail, "MPEG-TS over SRT, pushed to openlive's listener (SRT_LISTENER)");
    assert.match(lineOf(outcome.report, "direction").detail, /^push: the encoder sends to openlive/);
    assert.match(lineOf(outcome.report, "video.codec").detail, /^H\.264, /);
    assert.equal(lineOf(outcome.report, "video.resolution").detail, "416x240 (SD), progressive");
    assert.equal(lineOf(outcome.report, "video.frame-rate").detail, "25 fps, constant");
    assert.equal(lineOf(outcome.report, "video.gop").detail, "a keyframe every 25 pictures (1.00 s)");
    assert.equal(lineOf(outcome.report, "audio.codec").detail, "AAC LC, 1 channel, 48 kHz");
    assert.match(lineOf(outcome.report, "addresses").detail, /^pushes came from 127\.0\.0\.1\/32:/);
    assert.deepEqual(outcome.report?.sources[0]?.addresses, ["127.0.0.1"]);
    assert.deepEqual(outcome.report?.fittingInputSpecification, { codec: "AVC", resolution: "SD", maximumBitrate: "MAX_10_MBPS" });
  });

  it("SRT_LISTENER: a caller with another passphrase fails the push-or-pull line; none at all is a usage error (exit 2)", async () => {
    const port = await freeUdpPort();
    const outcome = await runOpenliveCheck([`srt://127.0.0.1:${port}`, "--passphrase", PASSPHRASE, "--seconds", "2", "--json"], {
      listeners: 1,
      whenListening: () => [ffmpegUpstream([...H264_AAC, "-f", "mpegts", `srt://127.0.0.1:${port}?mode=caller&passphrase=not-the-${PASSPHRASE}&pbkeylen=16`])],
    });
    assert.equal(outcome.code, 1, outcome.stdout + outcome.stderr);
    assert.deepEqual(failingLines(outcome.report), ["direction@1"]);
    assert.match(lineOf(outcome.report, "direction").detail, /^push: the encoder connected but no media arrived within 2 s \(SRT datagrams arrived but no media came out: a wrong passphrase/);
    assert.equal(outcome.report?.sources[0]?.streamInfo.video.length, 0);

    for (const passphrase of [[], ["--passphrase", "short"]]) {
      const usage = await runOpenliveCheck([`srt://127.0.0.1:${port}`, ...passphrase, "--seconds", "2"]);
      assert.equal(usage.code, 2, usage.stdout + usage.stderr);
      assert.equal(usage.stdout, "");
      assert.match(usage.stderr, /^openlive check: SRT_LISTENER inputs are always encrypted: give the encoder's --passphrase \(10 to 79 characters\); run \.\/openlive check --help$/m);
    }
  });

  it("SRT_CALLER: the check calls ffmpeg's SRT listener (--pull) and passes", async () => {
    const upstream = await fixtures.startSrtListener();
    const outcome = await runOpenliveCheck([`srt://127.0.0.1:${upstream.port}`, "--pull", "--seconds", "4", "--json"]);
    assertPasses(outcome, "SRT_CALLER");
    assert.equal(lineOf(outcome.report, "protocol").detail, "MPEG-TS over SRT, openlive calls the upstream's listener (SRT_CALLER)");
    assert.match(lineOf(outcome.report, "direction").detail, /^pull: openlive connects to the source; it answered and media flowed/);
    assert.equal(lineOf(outcome.report, "video.resolution").detail, "320x180 (SD), progressive");
    assert.equal(lineOf(outcome.report, "video.gop").detail, "a keyframe every 25 pictures (1.00 s)");
    assert.match(lineOf(outcome.report, "audio.codec").detail, /^AAC LC, 1 channel, 44\.1 kHz$/);
    assert.match(lineOf(outcome.report, "addresses").detail, /no input security group/);
  });

  it("RTMP_PULL: the check plays from ffmpeg's RTMP server (-listen 1) and passes", async () => {
    const upstream = await fixtures.startRtmpServer("live/x");
    const outcome = await runOpenliveCheck([upstream.url, "--pull", "--seconds", "4", "--json"]);
    assertPasses(outcome, "RTMP_PULL");
    assert.equal(lineOf(outcome.report, "protocol").detail, "RTMP, pulled (RTMP_PULL)");
    assert.match(lineOf(outcome.report, "video.codec").detail, /^H\.264, /);
    assert.equal(lineOf(outcome.report, "video.resolution").detail, "320x180 (SD), progressive");
    assert.equal(lineOf(outcome.report, "video.frame-rate").detail, "25 fps, constant");
    assert.match(lineOf(outcome.report, "audio.codec").detail, /^AAC LC, 1 channel, 44\.1 kHz$/);
    assert.equal(lineOf(outcome.report, "scte35").detail, "RTMP_PULL inputs carry SCTE-35 as onCuePoint data messages (Adobe cue points), passed on by the channel; this check does not watch for them");
  });

  it("MP4_FILE: the same MP4 passes read from disk (file:///) and served over HTTP", async () => {
    const origin = await fixtures.serveHttp();
    for (const url of [pathToFileURL(mp4).href, `${origin.url}/clip.mp4`]) {
      const outcome = await runOpenliveCheck([url, "--seconds", "3", "--json"]);
      assertPasses(outcome, "MP4_FILE");
      assert.equal(outcome.report?.sources[0]?.url, url);
      assert.equal(lineOf(outcome.report, "protocol").detail, "MP4 file (MP4_FILE)");
      assert.match(lineOf(outcome.report, "video.codec").detail, /^H\.264, /);
      assert.equal(lineOf(outcome.report, "video.resolution").detail, "640x360 (SD), progressive");
      assert.equal(lineOf(outcome.report, "video.frame-rate").detail, "30 fps, constant");
      assert.equal(lineOf(outcome.report, "video.gop").detail, "a keyframe every 30 pictures (1.00 s)");
      assert.equal(lineOf(outcome.report, "audio.codec").detail, "AAC LC, 2 channels, 48 kHz");
      assert.deepEqual(outcome.report?.fittingInputSpecification, { codec: "AVC", resolution: "SD", maximumBitrate: "MAX_10_MBPS" });
    }
    assert.ok(origin.requests.includes("/clip.mp4"), `requests: ${origin.requests.join(", ")}`);
  });

  it("MP4_FILE: a file named .mp4 that is not an MP4 fails the push-or-pull line before any media is read", async () => {
    const junk = fixtures.path("junk.mp4");
    const bytes = randomBytes(64 * 1024);
    bytes[4] = 0; // no box type starts with a NUL: the bytes cannot pass for an MP4 box header by chance
    writeFileSync(junk, bytes);
    // A real MPEG-TS file renamed to .mp4 (which ffmpeg would happily play), served over HTTP.
    copyFileSync(await makeTsFile(fixtures.path("stream.ts")), fixtures.path("renamed.mp4"));
    const origin = await fixtures.serveHttp();
    for (const url of [pathToFileURL(junk).href, `${origin.url}/renamed.mp4`]) {
      const outcome = await runOpenliveCheck([url, "--seconds", "3", "--json"]);
      assert.equal(outcome.code, 1, outcome.stdout + outcome.stderr);
      assert.equal(outcome.report?.inputType, "MP4_FILE");
      assert.deepEqual(failingLines(outcome.report), ["direction@1"]);
      assert.equal(lineOf(outcome.report, "direction").detail, `pull: ${url} is not ready: not an MP4 file`);
      assert.equal(outcome.report?.sources[0]?.failure, "not an MP4 file");
      assert.equal(outcome.report?.sources[0]?.bytesIn, 0);
      assert.equal(lineOf(outcome.report, "protocol").verdict, "info");
      assert.equal(outcome.report?.lines.some((entry) => entry.id === "video.codec"), false);
    }
  });
});
