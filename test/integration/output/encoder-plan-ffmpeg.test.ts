// planEncoder's arguments run by the real Debian ffmpeg: a 10 s 1280x720 30 fps H.264+AAC
// MPEG-TS with CEA-608 captions (test/helpers/cea608-injector.ts) is written into ffmpeg's
// stdin as fast as it takes it, twice on the same folder (a restarted pipeline).

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createReadStream, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import * as HLS from "hls-parser";
import pino from "pino";
import { planEncoder, type EncoderPlan } from "../../../src/output/encoder/encoder-plan.ts";
import { ContinuityPublisher } from "../../../src/output/hls/continuity-publisher.ts";
import { injectCea608 } from "../../helpers/cea608-injector.ts";
import { MediaFixtures } from "../../helpers/media-fixtures.ts";
import { fileDestination, h264Video, hlsOutput, minimalHls, planRequest } from "../../unit/output/encoder/encoder-fixtures.ts";

const SEGMENT_SEC = 2;
const INDEX_N = 3;
const KEEP = 4;
const SOURCE_SEC = 10;

function ffmpegSync(args: string[]): void {
  const result = spawnSync("ffmpeg", ["-hide_banner", "-v", "error", "-y", ...args], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
}

/** 1280x720 30 fps H.264 (no B-frames, as the injector needs) with CC1 captions, plus a 48 kHz AAC tone. */
function makeCaptionedSource(fixtures: MediaFixtures): string {
  const raw = fixtures.path("raw.h264");
  ffmpegSync(["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", String(SOURCE_SEC), "-c:v", "libx264", "-preset", "veryfast", "-bf", "0", "-g", "30", "-f", "h264", raw]);
  const captioned = fixtures.path("cc.h264");
  writeFileSync(captioned, injectCea608(readFileSync(raw)));
  const source = fixtures.path("source.ts");
  ffmpegSync(["-framerate", "30", "-f", "h264", "-i", captioned, "-f", "lavfi", "-i", `sine=sample_rate=48000:duration=${SOURCE_SEC}`, "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-f", "mpegts", source]);
  return source;
}

/** Two variants of one group: 640x360 with captions, 320x180 without. */
function channel(): Record<string, any> {
  const config = minimalHls();
  const encoder = config.encoderSettings;
  config.inputAttachments[0].inputSettings.captionSelectors = [{ name: "cc", selectorSettings: { embeddedSourceSettings: {} } }];
  encoder.captionDescriptions = [{ name: "cc-en", captionSelectorName: "cc", languageCode: "eng", destinationSettings: { embeddedDestinationSettings: {} } }];
  encoder.videoDescriptions = [
    h264Video("v360", 640, 360, { rateControlMode: "CBR", bitrate: 800000, profile: "MAIN" }),
    h264Video("v180", 320, 180, { rateControlMode: "VBR", bitrate: 300000, maxBitrate: 400000 }),
  ];
  const group = encoder.outputGroups[0];
  Object.assign(group.outputGroupSettings.hlsGroupSettings, { segmentLength: SEGMENT_SEC, indexNSegments: INDEX_N, keepSegments: KEEP, programDateTime: "INCLUDE" });
  group.outputs = [hlsOutput("hi", "v360", "_hi", { captionDescriptionNames: ["cc-en"] }), hlsOutput("lo", "v180", "_lo")];
  return config;
}

interface RunResult {
  readonly code: number | null;
  readonly stderr: string;
  readonly progress: string;
}

/** Spawns ffmpeg as the worker will (stdin media, progress on fd 3), feeds the file, waits for exit. */
function runEncoder(plan: EncoderPlan, source: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("ffmpeg", [...plan.args], { stdio: ["pipe", "ignore", "pipe", "pipe"] });
    let stderr = "";
    let progress = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdio[plan.progressFd]!.on("data", (chunk: Buffer) => (progress += chunk.toString()));
    child.stdin!.on("error", () => undefined);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      // The encoder writes its own playlist copies; the pipeline publishes the players' ones (as here).
      void new ContinuityPublisher(pino({ level: "silent" })).refresh(plan).then(() => resolve({ code, stderr, progress }), reject);
    });
    // Closing stdin (end of the file) is how the worker stops ffmpeg gracefully.
    createReadStream(source).pipe(child.stdin!);
  });
}

function mediaPlaylist(file: string): HLS.types.MediaPlaylist {
  const playlist = HLS.parse(readFileSync(file, "utf8"));
  assert.ok(!playlist.isMasterPlaylist);
  return playlist as HLS.types.MediaPlaylist;
}

function probe(file: string): string {
  return spawnSync("ffprobe", ["-hide_banner", file], { encoding: "utf8" }).stderr;
}

const segmentNumber = (uri: string): number => Number(/_(\d{5})\.ts$/.exec(uri)?.[1]);

describe("planEncoder's arguments with Debian ffmpeg", { timeout: 120_000 }, () => {
  let fixtures: MediaFixtures;
  let source: string;
  let out: string;
  let plan: EncoderPlan;
  let first: RunResult;
  let firstHi: HLS.types.MediaPlaylist;

  before(async () => {
    fixtures = new MediaFixtures("openlive-encoder-");
    source = makeCaptionedSource(fixtures);
    out = fixtures.path("out");
    plan = planEncoder({ ...planRequest(channel(), { hls: fileDestination(out) }), thumbnailFile: fixtures.path("thumb.jpg") });
    spawnSync("mkdir", ["-p", out]);
    first = await runEncoder(plan, source);
    firstHi = mediaPlaylist(`${out}/index_hi.m3u8`);
  });

  after(async () => {
    await fixtures?.close();
  });

  it("exits 0 when stdin closes, reporting progress on the plan's fd", () => {
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.progress, /out_time_us=\d+/);
    assert.match(first.progress, /progress=end\s*$/);
  });

  it("writes MediaLive-named variant playlists and segments of ≈ segmentLength, aligned across variants", () => {
    const lo = mediaPlaylist(`${out}/index_lo.m3u8`);
    for (const playlist of [firstHi, lo]) {
      assert.equal(playlist.segments.length, INDEX_N);
      assert.equal(playlist.targetDuration, SEGMENT_SEC);
      assert.ok(playlist.segments.every((segment) => segment.programDateTime instanceof Date), "programDateTime INCLUDE");
    }
    assert.ok(firstHi.segments.every((segment) => /^index_hi_\d{5}\.ts$/.test(segment.uri)));
    assert.ok(lo.segments.every((segment) => /^index_lo_\d{5}\.ts$/.test(segment.uri)));
    // Every complete segment is 2 s (the last one ends with the input).
    for (const segment of firstHi.segments.slice(0, -1)) assert.ok(Math.abs(segment.duration - SEGMENT_SEC) < 0.05, `duration ${segment.duration}`);
    assert.deepEqual(firstHi.segments.map((s) => [segmentNumber(s.uri), s.duration]), lo.segments.map((s) => [segmentNumber(s.uri), s.duration]));
    assert.equal(existsSync(`${out}/index.m3u8`), false, "the master playlist is the worker's");
  });

  it("keeps keepSegments segments on disk and deletes older ones", () => {
    const files = readdirSync(out).filter((name) => /^index_hi_\d{5}\.ts$/.test(name)).sort();
    const last = segmentNumber(firstHi.segments.at(-1)!.uri);
    assert.ok(last > KEEP, `${last} segments produced, more than ${KEEP}`);
    assert.equal(files.length, KEEP, files.join(" "));
    assert.ok(!files.includes("index_hi_00001.ts"), "the first segment was deleted");
    assert.equal(files.at(-1), `index_hi_${String(last).padStart(5, "0")}.ts`);
    assert.equal(readdirSync(out).filter((name) => name.endsWith(".tmp")).length, 0);
  });

  it("encodes the configured codec, size, audio and TS layout; captions only where the output names them", () => {
    const hi = probe(`${out}/${firstHi.segments[0]!.uri}`);
    assert.match(hi, /Program 1/);
    assert.match(hi, /Stream #0:0\[0x1e1\]: Video: h264 \(Main\).*640x360.*Closed Captions.*30 fps/);
    assert.match(hi, /Stream #0:1\[0x1ec\]: Audio: aac \(LC\).*48000 Hz, stereo/);
    const lo = probe(`${out}/index_lo_${String(segmentNumber(firstHi.segments[0]!.uri)).padStart(5, "0")}.ts`);
    assert.match(lo, /Video: h264 \(High\).*320x180/);
    assert.doesNotMatch(lo, /Closed Captions/);
  });

  it("rewrites the thumbnail JPEG, 360 lines high", () => {
    const jpeg = readFileSync(fixtures.path("thumb.jpg"));
    assert.deepEqual([...jpeg.subarray(0, 2)], [0xff, 0xd8]);
    assert.match(probe(fixtures.path("thumb.jpg")), /Video: mjpeg.*640x360/);
  });

  it("a second run on the same folder continues the media sequence after a discontinuity", async () => {
    const lastFirst = segmentNumber(firstHi.segments.at(-1)!.uri);
    // 3 s this time, so the restart is still inside the 3-segment window when ffmpeg stops.
    const short = fixtures.path("short.ts");
    ffmpegSync(["-i", source, "-t", "3", "-c", "copy", "-f", "mpegts", short]);
    const second = await runEncoder(plan, short);
    assert.equal(second.code, 0, second.stderr);
    const text = readFileSync(`${out}/index_hi.m3u8`, "utf8");
    const playlist = mediaPlaylist(`${out}/index_hi.m3u8`);
    assert.ok(playlist.mediaSequenceBase! > firstHi.mediaSequenceBase!, `${playlist.mediaSequenceBase} > ${firstHi.mediaSequenceBase}`);
    const numbers = playlist.segments.map((segment) => segmentNumber(segment.uri));
    assert.deepEqual(numbers, [lastFirst, lastFirst + 1, lastFirst + 2], "numbering continues");
    // The discontinuity sits between the first run's last segment and the second run's first.
    assert.match(text, new RegExp(`index_hi_${String(lastFirst).padStart(5, "0")}\\.ts\n#EXT-X-DISCONTINUITY\n`));
    assert.doesNotMatch(text, /#EXT-X-ENDLIST/);
  });
});

/** One video output that takes its audio from the group "aac", one audio-only output in it; MediaLive's TS and naming settings. */
function audioGroupChannel(): Record<string, any> {
  const config = minimalHls();
  const encoder = config.encoderSettings;
  encoder.videoDescriptions = [h264Video("v180", 320, 180, { rateControlMode: "CBR", bitrate: 300000 })];
  const group = encoder.outputGroups[0];
  Object.assign(group.outputGroupSettings.hlsGroupSettings, { segmentLength: SEGMENT_SEC, indexNSegments: INDEX_N, keepSegments: KEEP, clientCache: "DISABLED" });
  const video = hlsOutput("video", "v180", "_$h$p", { audioDescriptionNames: [] });
  Object.assign(video.outputSettings.hlsOutputSettings, { segmentModifier: "_$dt$" });
  video.outputSettings.hlsOutputSettings.hlsSettings.standardHlsSettings = { audioRenditionSets: "aac", m3u8Settings: { pcrControl: "PCR_EVERY_PES_PACKET", audioFramesPerPes: 4 } };
  const audio = { outputName: "audio", audioDescriptionNames: ["a_aac"], outputSettings: { hlsOutputSettings: { nameModifier: "_audio", hlsSettings: { audioOnlyHlsSettings: { audioGroupId: "aac", audioTrackType: "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT" } } } } };
  group.outputs = [video, audio];
  return config;
}

/** TS packets of `pid` in a file: how many start a PES packet and how many carry a PCR (ISO/IEC 13818-1 §2.4.3). */
function pesAndPcr(file: string, pid: number): { pes: number; pcr: number } {
  const data = readFileSync(file);
  let pes = 0;
  let pcr = 0;
  for (let at = 0; at + 188 <= data.length; at += 188) {
    if ((((data[at + 1]! & 0x1f) << 8) | data[at + 2]!) !== pid) continue;
    if (data[at + 1]! & 0x40) pes += 1;
    const adaptation = (data[at + 3]! >> 4) & 2;
    if (adaptation && data[at + 4]! > 0 && data[at + 5]! & 0x10) pcr += 1;
  }
  return { pes, pcr };
}

describe("an audio group, identifiers and TS settings with Debian ffmpeg", { timeout: 120_000 }, () => {
  let fixtures: MediaFixtures;
  let out: string;
  let plan: EncoderPlan;
  let run: RunResult;

  before(async () => {
    fixtures = new MediaFixtures("openlive-audio-group-");
    const source = fixtures.path("source.ts");
    ffmpegSync(["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-f", "lavfi", "-i", "sine=sample_rate=48000", "-t", "6", "-c:v", "libx264", "-preset", "veryfast", "-g", "30", "-c:a", "aac", "-f", "mpegts", source]);
    out = fixtures.path("out");
    spawnSync("mkdir", ["-p", out]);
    plan = planEncoder({ ...planRequest(audioGroupChannel(), { hls: fileDestination(out) }), thumbnailFile: fixtures.path("thumb.jpg") });
    run = await runEncoder(plan, source);
    const { writeMasterPlaylists } = await import("../../../src/output/hls/publish-master-playlists.ts");
    await writeMasterPlaylists(plan, planRequest(audioGroupChannel()).config, 0);
  });

  after(async () => {
    await fixtures?.close();
  });

  it("the master playlist parses, its audio rendition and variant URIs exist and parse as media playlists", () => {
    assert.equal(run.code, 0, run.stderr);
    HLS.setOptions({ strictMode: true });
    const master = HLS.parse(readFileSync(`${out}/index.m3u8`, "utf8")) as HLS.types.MasterPlaylist;
    HLS.setOptions({ strictMode: false });
    assert.equal(master.variants.length, 1);
    const variant = master.variants[0]!;
    assert.equal(variant.uri, "index_180p.m3u8");
    assert.deepEqual(variant.audio.map((rendition) => [rendition.groupId, rendition.uri, rendition.isDefault]), [["aac", "index_audio.m3u8", true]]);
    for (const uri of [variant.uri, variant.audio[0]!.uri!]) {
      const media = mediaPlaylist(`${out}/${uri}`);
      assert.ok(media.segments.length > 0, uri);
      for (const segment of media.segments) assert.ok(existsSync(`${out}/${segment.uri}`), segment.uri);
    }
  });

  it("the audio rendition's segments hold audio only, the video's video only", () => {
    const audio = mediaPlaylist(`${out}/index_audio.m3u8`).segments[0]!.uri;
    const audioProbe = probe(`${out}/${audio}`);
    assert.match(audioProbe, /Audio: aac/);
    assert.doesNotMatch(audioProbe, /Video:/);
    const video = mediaPlaylist(`${out}/index_180p.m3u8`).segments[0]!.uri;
    assert.doesNotMatch(probe(`${out}/${video}`), /Audio:/);
  });

  it("$h$ and $dt$ name the files; clientCache DISABLED writes EXT-X-ALLOW-CACHE:NO", () => {
    const text = readFileSync(`${out}/index_180p.m3u8`, "utf8");
    assert.match(text, /#EXT-X-ALLOW-CACHE:NO/);
    const names = mediaPlaylist(`${out}/index_180p.m3u8`).segments.map((segment) => segment.uri);
    assert.ok(names.every((name) => /^index_180p_\d{8}T\d{6}_\d{5}\.ts$/.test(name)), names.join(" "));
  });

  it("PCR_EVERY_PES_PACKET: every video PES packet carries a PCR", () => {
    const video = mediaPlaylist(`${out}/index_180p.m3u8`).segments[0]!.uri;
    const { pes, pcr } = pesAndPcr(`${out}/${video}`, 481);
    assert.ok(pes >= SEGMENT_SEC * 30 - 1, `${pes} video PES packets`);
    assert.equal(pcr, pes);
  });
});

describe("audioFramesPerPes with Debian ffmpeg", { timeout: 60_000 }, () => {
  it("4 (MediaLive's default): about 4 AAC frames per audio PES packet", async () => {
    const fixtures = new MediaFixtures("openlive-pes-");
    try {
      const source = fixtures.path("source.ts");
      ffmpegSync(["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-f", "lavfi", "-i", "sine=sample_rate=48000", "-t", "4", "-c:v", "libx264", "-preset", "veryfast", "-g", "30", "-c:a", "aac", "-f", "mpegts", source]);
      const out = fixtures.path("out");
      spawnSync("mkdir", ["-p", out]);
      const config = audioGroupChannel();
      const plan = planEncoder({ ...planRequest(config, { hls: fileDestination(out) }), thumbnailFile: fixtures.path("thumb.jpg") });
      assert.equal((await runEncoder(plan, source)).code, 0);
      const segment = mediaPlaylist(`${out}/index_audio.m3u8`).segments[0]!;
      const frames = Math.round((segment.duration * 48_000) / 1024);
      const { pes } = pesAndPcr(`${out}/${segment.uri}`, 492);
      assert.ok(Math.abs(frames / pes - 4) < 0.5, `${frames} frames in ${pes} PES packets`);
    } finally {
      await fixtures.close();
    }
  });
});
