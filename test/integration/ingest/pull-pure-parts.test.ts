// The pure parts of the pull sources, without sockets or children: the real-time pacer,
// the HLS segment cursor, playlist parsing and variant choice, AES-128 with the RFC 8216
// §5.2 IV rule, the restart backoff, and the child command lines.

import assert from "node:assert/strict";
import { createCipheriv } from "node:crypto";
import { describe, it } from "node:test";
import { decryptAes128, segmentIv } from "../../../src/ingest/pull/hls-aes128.ts";
import { chooseVariant, parseHlsPlaylist, type HlsMediaPlaylist } from "../../../src/ingest/pull/hls-playlist.ts";
import { HlsSegmentCursor } from "../../../src/ingest/pull/hls-segment-cursor.ts";
import { ffmpegPullArgs, ffmpegPullSpec, rtmpFlvRemuxArgs, srtCallerArgs, srtCallerSpec } from "../../../src/ingest/pull/pull-child-args.ts";
import { RealTimePacer } from "../../../src/ingest/pull/real-time-pacer.ts";
import { Backoff, PULL_BACKOFF } from "../../../src/shared/backoff.ts";

function livePlaylist(firstSequence: number, count: number, endList = false): HlsMediaPlaylist {
  const lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:2", `#EXT-X-MEDIA-SEQUENCE:${firstSequence}`];
  for (let index = 0; index < count; index += 1) lines.push("#EXTINF:2.0,", `seg_${firstSequence + index}.ts`);
  if (endList) lines.push("#EXT-X-ENDLIST");
  const parsed = parseHlsPlaylist(lines.join("\n"), "http://origin/live/index.m3u8");
  assert.equal(parsed.kind, "media");
  return parsed as HlsMediaPlaylist;
}

describe("RealTimePacer", () => {
  it("spreads a segment over its duration in whole TS packets, and stops its clock when starved", () => {
    const pacer = new RealTimePacer();
    pacer.enqueue(new Uint8Array(188 * 100), 2_000);
    assert.deepEqual(pacer.take(0), []);
    const first = pacer.take(500);
    assert.equal(first.reduce((sum, chunk) => sum + chunk.length, 0), 188 * 25);
    assert.equal(pacer.take(1_500).reduce((sum, chunk) => sum + chunk.length, 0), 188 * 50);
    assert.equal(pacer.take(2_000).reduce((sum, chunk) => sum + chunk.length, 0), 188 * 25);
    assert.equal(pacer.queuedSegments, 0);
    // A segment arriving 10 s later is not "caught up": its clock starts when it arrives.
    pacer.enqueue(new Uint8Array(188 * 10), 1_000);
    assert.equal(pacer.take(12_000).length, 0);
    assert.equal(pacer.take(12_100).reduce((sum, chunk) => sum + chunk.length, 0), 188);
  });

  it("plays 5 % faster only above the catch-up mark, and never makes up for a long stall", () => {
    const pacer = new RealTimePacer({ catchUpAboveMs: 3_000, maxStepMs: 1_000 });
    for (let index = 0; index < 3; index += 1) pacer.enqueue(new Uint8Array(188 * 1000), 1_000);
    pacer.take(0);
    pacer.take(1_000);
    assert.equal(pacer.queuedMs, 3_000 - 1_000);
    pacer.enqueue(new Uint8Array(188 * 1000), 1_000);
    pacer.enqueue(new Uint8Array(188 * 1000), 1_000);
    pacer.take(1_100); // 4 s queued → 1.05×
    assert.ok(Math.abs(pacer.queuedMs - (4_000 - 105)) < 1);
    pacer.take(60_000); // a one-minute stall plays at most maxStepMs (×1.05)
    assert.ok(pacer.queuedMs > 2_500, `queued ${pacer.queuedMs}`);
  });
});

describe("HlsSegmentCursor", () => {
  it("starts bufferSegments from the live edge, then takes each new segment once", () => {
    const cursor = new HlsSegmentCursor();
    assert.deepEqual(cursor.take(livePlaylist(10, 5), 3).segments.map((segment) => segment.sequence), [12, 13, 14]);
    assert.deepEqual(cursor.take(livePlaylist(10, 5), 3).segments, []);
    assert.deepEqual(cursor.take(livePlaylist(11, 5), 3).segments.map((segment) => segment.sequence), [15]);
  });

  it("rejoins at the live edge after an origin restart or falling behind; VOD starts at the first segment", () => {
    const cursor = new HlsSegmentCursor();
    cursor.take(livePlaylist(100, 5), 3);
    const restarted = cursor.take(livePlaylist(0, 2), 3);
    assert.equal(restarted.rejoined, true);
    assert.deepEqual(restarted.segments.map((segment) => segment.sequence), [0, 1]);
    const behind = cursor.take(livePlaylist(50, 5), 3);
    assert.equal(behind.rejoined, true);
    assert.deepEqual(behind.segments.map((segment) => segment.sequence), [52, 53, 54]);
    assert.deepEqual(new HlsSegmentCursor().take(livePlaylist(0, 5, true), 3).segments.length, 5);
  });
});

describe("HLS playlists", () => {
  it("resolves URIs, reads keys and IVs, and flags fMP4", () => {
    const text = [
      "#EXTM3U",
      "#EXT-X-TARGETDURATION:4",
      "#EXT-X-MEDIA-SEQUENCE:7",
      '#EXT-X-KEY:METHOD=AES-128,URI="../keys/k1",IV=0x000102030405060708090a0b0c0d0e0f',
      "#EXTINF:4,",
      "a.ts",
      '#EXT-X-MAP:URI="init.mp4"',
      "#EXTINF:4,",
      "b.m4s",
    ].join("\n");
    const parsed = parseHlsPlaylist(text, "http://origin/live/x/index.m3u8") as HlsMediaPlaylist;
    assert.equal(parsed.targetDurationMs, 4_000);
    assert.equal(parsed.segments[0]!.uri, "http://origin/live/x/a.ts");
    assert.equal(parsed.segments[0]!.sequence, 7);
    assert.equal(parsed.segments[0]!.key?.uri, "http://origin/live/keys/k1");
    assert.deepEqual([...parsed.segments[0]!.key!.iv!], [...Array(16).keys()]);
    assert.deepEqual(parsed.segments.map((segment) => segment.fragmentedMp4), [false, true]);
    assert.equal(parseHlsPlaylist("<html>", "http://origin/").kind, "invalid");
  });

  it("chooses the highest BANDWIDTH not above the cap (the lowest when all are above; the highest without a cap)", () => {
    const variants = [
      { uri: "a", bandwidthBps: 800_000 },
      { uri: "b", bandwidthBps: 3_000_000 },
      { uri: "c", bandwidthBps: 1_500_000 },
    ];
    assert.equal(chooseVariant(variants, 2_000_000)?.uri, "c");
    assert.equal(chooseVariant(variants, 100)?.uri, "a");
    assert.equal(chooseVariant(variants)?.uri, "b");
    assert.equal(chooseVariant([], 1), undefined);
  });
});

describe("AES-128 (RFC 8216 §5.2)", () => {
  it("uses the media sequence number as a big-endian IV when the tag names none", () => {
    // Fixed bytes, so the wrong-key case below fails the padding check every run (not 255 runs in 256).
    const key = Buffer.alloc(16, 0x2a);
    const plain = Buffer.alloc(188 * 7, 0x47);
    const iv = segmentIv(258, undefined);
    assert.deepEqual([...iv], [...Array(14).fill(0), 1, 2]);
    const cipher = createCipheriv("aes-128-cbc", key, iv);
    const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
    assert.deepEqual(Buffer.from(decryptAes128(encrypted, key, iv)), plain);
    assert.throws(() => decryptAes128(encrypted, Buffer.alloc(16, 0x2b), iv));
  });
});

describe("Backoff of pull sources", () => {
  it("doubles from 0.5 s to 10 s and resets after 30 s of health", () => {
    const backoff = new Backoff(PULL_BACKOFF);
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map(() => backoff.failed(0)), [500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    backoff.healthy(1_000);
    assert.equal(backoff.failed(20_000), 10_000);
    backoff.healthy(30_000);
    assert.equal(backoff.failed(61_000), 500);
  });
});

describe("child command lines", () => {
  it("ffmpeg: -re and -stream_loop only for files, copy to MPEG-TS on stdout", () => {
    const loopFile = ffmpegPullArgs({ kind: "TS_FILE", url: "file:///media/a%20b.ts", loop: true });
    assert.deepEqual(loopFile.slice(loopFile.indexOf("-re"), loopFile.indexOf("-i") + 2), ["-re", "-stream_loop", "-1", "-i", "file:/media/a b.ts"]);
    assert.equal(loopFile.at(-1), "pipe:1");
    // RTMP_PULL: the player's FLV on stdin, no -re (the server paces it), the stream's timestamps kept.
    const rtmp = rtmpFlvRemuxArgs();
    assert.ok(!rtmp.includes("-re") && !rtmp.includes("-stream_loop"));
    assert.deepEqual(rtmp.slice(rtmp.indexOf("-f"), rtmp.indexOf("-i") + 5), ["-f", "flv", "-i", "pipe:0", "-copyts", "-mpegts_copyts", "1"]);
    assert.equal(rtmp.at(-1), "pipe:1");
  });

  it("ffmpeg: a clip is -ss/-to on the input (with -re, before -i), for files only; a looping clip leaves -stream_loop out", () => {
    const inputOptions = (args: string[]) => args.slice(args.indexOf("-loglevel") + 2, args.indexOf("-i") + 2);
    assert.deepEqual(inputOptions(ffmpegPullArgs({ kind: "MP4_FILE", url: "file:///m/a.mp4", loop: false, clipping: { startMs: 2_000, stopMs: 5_040 } })), [
      "-re",
      "-ss",
      "2.000",
      "-to",
      "5.040",
      "-i",
      "file:/m/a.mp4",
    ]);
    assert.deepEqual(inputOptions(ffmpegPullArgs({ kind: "TS_FILE", url: "file:///m/a.ts", loop: true, clipping: { stopMs: 1_001 / 3 } })), ["-re", "-to", "0.334", "-i", "file:/m/a.ts"]);
    assert.deepEqual(inputOptions(ffmpegPullArgs({ kind: "TS_FILE", url: "file:///m/a.ts", loop: true, clipping: { startMs: 1_500 } })), ["-re", "-ss", "1.500", "-i", "file:/m/a.ts"]);
    // An empty clip (from the start to the end) is no clip: the file loops as usual.
    assert.deepEqual(inputOptions(ffmpegPullArgs({ kind: "TS_FILE", url: "file:///m/a.ts", loop: true, clipping: { startMs: 0 } })), ["-re", "-stream_loop", "-1", "-i", "file:/m/a.ts"]);
  });

  it("srt-live-transmit: caller with stream id and latency, to stdout", () => {
    const args = srtCallerArgs({ srtListenerAddress: "10.0.0.1", srtListenerPort: "9000", streamId: "a/b", minimumLatency: 300 });
    const url = new URL(args.at(-2)!);
    assert.equal(url.host, "10.0.0.1:9000");
    assert.deepEqual(Object.fromEntries(url.searchParams), { mode: "caller", latency: "300", streamid: "a/b" });
    assert.equal(args.at(-1), "file://con");
    assert.ok(args.includes("-a:no"));
  });

  it("an encrypted SRT caller is ffmpeg reading an ffconcat script on stdin: no passphrase on the command line", () => {
    const spec = srtCallerSpec({ srtListenerAddress: "10.0.0.1", srtListenerPort: "9000", streamId: "a/b", minimumLatency: 300, decryption: { algorithm: "AES256", passphraseSecretArn: "x" } }, "0123456789a'bc");
    assert.ok(spec.ok);
    assert.equal(spec.command, "ffmpeg");
    assert.ok(!spec.args.join(" ").includes("0123456789"));
    assert.deepEqual(spec.args.slice(spec.args.indexOf("-protocol_whitelist"), spec.args.indexOf("-i") + 2), ["-protocol_whitelist", "pipe,srt,udp", "-f", "concat", "-safe", "0", "-i", "pipe:0"]);
    assert.equal(
      spec.stdinText,
      "ffconcat version 1.0\nfile 'srt://10.0.0.1:9000?mode=caller'\noption latency '300000'\noption streamid 'a/b'\noption passphrase '0123456789a'\\''bc'\noption pbkeylen '32'\n",
    );
  });

  it("ffmpeg with credentials: URL and clip in the script on stdin, never on the command line", () => {
    const file = ffmpegPullSpec({ kind: "TS_FILE", url: "https://h/live/a.ts", loop: false }, { username: "u", password: "p@ss$word" });
    assert.ok(file.ok);
    assert.ok(!file.args.some((arg) => arg.includes("p@ss") || arg.includes("https://")));
    assert.equal(file.stdinText, "ffconcat version 1.0\nfile 'https://u:p%40ss$word@h/live/a.ts'\n");
    assert.deepEqual(file.secrets, ["p%40ss$word", "p@ss$word", "p%40ss%24word"]);
    const clip = ffmpegPullSpec({ kind: "MP4_FILE", url: "https://h/a.mp4", loop: true, clipping: { startMs: 2_000, stopMs: 5_040 } }, { username: "u", password: "x" });
    assert.ok(clip.ok);
    assert.ok(!clip.args.includes("-ss") && !clip.args.includes("-stream_loop") && clip.args.includes("-re"));
    assert.match(clip.stdinText, /\ninpoint 2\.000\noutpoint 5\.040\n$/);
    const plain = ffmpegPullSpec({ kind: "TS_FILE", url: "http://h/a.ts", loop: false }, {});
    assert.ok(plain.ok);
    assert.equal(plain.stdinText, "");
    assert.ok(plain.args.includes("http://h/a.ts"));
  });
});
