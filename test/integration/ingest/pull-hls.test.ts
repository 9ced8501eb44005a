// URL_PULL against real local origins: a live HLS written by ffmpeg (-re, 1 s segments, a
// window of 5) served by a node:http static server, AES-128 encrypted and basic-auth
// protected VOD, a master playlist with two variants, and fMP4 segments. The pull source's
// MPEG-TS goes through SourceMonitor (demux + probe) as a pipeline would receive it.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { InputRecord } from "../../../src/domain/records.ts";
import { PullStates, type PullSourceOptions, type PullState } from "../../../src/ingest/pull/pull-source.ts";
import {
  killAndWait,
  liveHlsArgs,
  makeHls,
  MediaFixtures,
  spawnLiveEncoder,
  waitForFile,
  waitUntil,
  writeHlsKeyInfo,
  type HttpOrigin,
} from "../../helpers/media-fixtures.ts";
import { inputRecord } from "../../helpers/input-record.ts";
import { PullSources, type Pulled } from "../../helpers/pull-fixtures.ts";
import type { AlertEvent } from "../../../src/shared/alerts.ts";

const fixtures = new MediaFixtures("openlive-pull-hls-");
const sources = new PullSources();
after(async () => {
  await sources.close();
  await fixtures.close();
});

function urlPullInput(urls: readonly string[], credentials: { username?: string; passwordParam?: string } = {}): InputRecord {
  return inputRecord({
    id: "1234567",
    name: "hls",
    type: "URL_PULL",
    inputClass: urls.length > 1 ? "STANDARD" : "SINGLE_PIPELINE",
    sources: urls.map((url) => ({ url, ...credentials })),
  });
}

/** A URL_PULL source, with the states it went through. */
function pull(input: InputRecord, options: Partial<PullSourceOptions> = {}): Pulled & { readonly states: PullState[] } {
  const states: PullState[] = [];
  const pulled = sources.pull({ input, resolveSecret: async () => undefined, onState: (state) => states.push(state), ...options });
  return { ...pulled, states };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function ffmpeg(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("ffmpeg", ["-hide_banner", "-v", "error", "-y", ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed: ${stderr}`))));
  });
}

const VOD_SOURCE = ["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac"];

function lastAlert(alerts: readonly AlertEvent[], alertType: string, state: "SET" | "CLEARED"): AlertEvent | undefined {
  return alerts.filter((alert) => alert.alertType === alertType && alert.state === state).at(-1);
}

describe("URL_PULL: openlive's HLS client against a live ffmpeg HLS origin", { timeout: 90_000 }, () => {
  const liveFolder = fixtures.path("live");
  const playlistFile = path.join(liveFolder, "index.m3u8");
  let encoder: ChildProcess | undefined;
  let origin: HttpOrigin;

  before(async () => {
    encoder = spawnLiveEncoder(liveHlsArgs(liveFolder));
    origin = await fixtures.serveHttp();
    // Wait for a full window, so "3 segments from the live edge" is not the whole playlist.
    await waitForFile(playlistFile, (text) => (text.match(/#EXTINF/g) ?? []).length >= 5, 20_000);
  });
  after(() => killAndWait(encoder));

  it("starts 3 segments from the live edge and delivers valid TS at real time, never in a burst", async () => {
    const before = readFileSync(playlistFile, "utf8");
    const sequenceAtStart = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(before)?.[1]);
    const { source, ts, states } = pull(urlPullInput([`${origin.url}/live/index.m3u8`]));
    await waitUntil(() => ts.firstByteMs !== undefined, "the first TS bytes");
    const firstMs = ts.firstByteMs!;
    await sleep(5_200);

    // The live edge: 5 segments listed, the client starts at the 3rd from the end (±1 if the playlist moved meanwhile).
    const firstSegment = origin.requests.find((request) => request.startsWith("/live/seg_"));
    const firstSequence = Number(/seg_(\d+)\.ts/.exec(firstSegment ?? "")?.[1]);
    assert.ok(Math.abs(firstSequence - (sequenceAtStart + 2)) <= 1, `first segment ${firstSegment}, playlist started at ${sequenceAtStart}`);

    const snapshot = ts.snapshot();
    assert.equal(snapshot.usable, true);
    assert.equal(snapshot.streamInfo.video[0]?.codec, "H264");
    assert.equal(snapshot.streamInfo.video[0]?.width, 320);
    assert.equal(snapshot.streamInfo.audio[0]?.codec, "AAC");
    assert.equal(snapshot.continuityErrors, 0);
    assert.deepEqual(states.slice(0, 1), [PullStates.RECEIVING]);

    // Real time: 25 fps → ~100 frames in 4 s; a burst of the 3-segment buffer would be 75 at once.
    const frames = ts.framesBetween(firstMs + 1_000, firstMs + 5_000);
    assert.ok(frames >= 75 && frames <= 125, `${frames} frames in 4 s`);
    const firstHalfSecond = ts.framesBetween(firstMs, firstMs + 500);
    assert.ok(firstHalfSecond <= 25, `${firstHalfSecond} frames in the first 0.5 s`);
    assert.ok(source.stats.segmentsIn >= 5, `segments: ${source.stats.segmentsIn}`);
    assert.equal(source.stats.segmentsSkipped, 0);
    await source.close();
    await source.close();
    assert.equal(source.state, PullStates.CLOSED);
  });

  it("alerts when the live playlist stalls and rejoins when the encoder restarts", async () => {
    const { source, ts, alerts } = pull(urlPullInput([`${origin.url}/live/index.m3u8`]));
    await waitUntil(() => source.state === PullStates.RECEIVING, "RECEIVING");
    await killAndWait(encoder);
    await waitUntil(() => lastAlert(alerts, "HLS Playlist Stalled", "SET") !== undefined, "the stall alert", 10_000);
    assert.equal(source.state, PullStates.RETRYING);

    // ffmpeg starts over at media sequence 0 in the same folder: the client must notice the reset.
    encoder = spawnLiveEncoder(liveHlsArgs(liveFolder));
    const framesBefore = ts.videoFrames.length;
    await waitUntil(() => lastAlert(alerts, "HLS Playlist Stalled", "CLEARED") !== undefined, "the stall alert to clear", 20_000);
    await waitUntil(() => source.state === PullStates.RECEIVING && ts.videoFrames.length > framesBefore + 25, "frames after the restart", 10_000);
    await source.close();
    assert.equal(source.activeAlerts.length, 0);
  });

  it("alerts when the origin is unreachable after the retries, and reconnects when it is back", async () => {
    await waitForFile(playlistFile, (text) => (text.match(/#EXTINF/g) ?? []).length >= 3, 20_000);
    const flaky = await fixtures.serveHttp();
    const port = flaky.port;
    const { source, ts, alerts } = pull(urlPullInput([`${flaky.url}/live/index.m3u8`]), { hlsInputSettings: { retries: 1, retryInterval: 0 } });
    await waitUntil(() => source.state === PullStates.RECEIVING, "RECEIVING");
    await flaky.close();
    await waitUntil(() => lastAlert(alerts, "Unable to Access Input Resource", "SET") !== undefined, "the unavailable alert", 10_000);
    assert.equal(source.state, PullStates.RETRYING);
    assert.match(lastAlert(alerts, "Unable to Access Input Resource", "SET")!.message, /connection refused/);

    const back = await fixtures.serveHttp(port);
    const framesBefore = ts.videoFrames.length;
    await waitUntil(() => lastAlert(alerts, "Unable to Access Input Resource", "CLEARED") !== undefined, "the alert to clear", 20_000);
    await waitUntil(() => source.state === PullStates.RECEIVING && ts.videoFrames.length > framesBefore + 25, "frames after the origin is back", 10_000);
    assert.ok(source.stats.reconnects >= 1);
    await source.close();
    await back.close();
  });
});

describe("URL_PULL: VOD, AES-128, basic auth, variants, fMP4", { timeout: 60_000 }, () => {
  const key = randomBytes(16);
  let origin: HttpOrigin;

  before(async () => {
    const secure = fixtures.path("secure");
    const keyInfo = writeHlsKeyInfo(fixtures.path("keys"), "enc.key", key);
    const fmp4 = fixtures.path("fmp4");
    for (const folder of [secure, fmp4]) mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(secure, "enc.key"), key);
    await Promise.all([
      ffmpeg([...VOD_SOURCE, "-t", "3", "-f", "hls", "-hls_time", "1", "-hls_list_size", "0", "-hls_playlist_type", "vod", "-hls_key_info_file", keyInfo, "-hls_segment_filename", path.join(secure, "s_%03d.ts"), path.join(secure, "index.m3u8")]),
      makeHls(fixtures.path("low"), "index.m3u8", 2),
      makeHls(fixtures.path("high"), "index.m3u8", 2),
      ffmpeg([...VOD_SOURCE, "-t", "2", "-f", "hls", "-hls_time", "1", "-hls_list_size", "0", "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4", path.join(fmp4, "index.m3u8")]),
    ]);
    writeFileSync(
      fixtures.path("master.m3u8"),
      "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=500000\nlow/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=2000000\nhigh/index.m3u8\n",
    );
    origin = await fixtures.serveHttp(0, fixtures.dir, { auth: { pathPrefix: "/secure/", username: "viewer", password: "s3cret-pass" } });
  });

  it("decrypts AES-128 segments fetched with basic auth, plays the VOD at real time, then ENDED", async () => {
    // The fixture really is encrypted: no TS sync byte at the start of a segment.
    assert.notEqual(readFileSync(fixtures.path("secure", "s_000.ts"))[0], 0x47);
    const secrets = new Map([["origin-password", "s3cret-pass"]]);
    const { source, ts, alerts } = pull(urlPullInput([`${origin.url}/secure/index.m3u8`], { username: "viewer", passwordParam: "origin-password" }), {
      resolveSecret: async (name) => secrets.get(name),
    });
    await waitUntil(() => source.state === PullStates.ENDED, "ENDED", 15_000);
    const snapshot = ts.snapshot();
    assert.equal(snapshot.usable, true);
    assert.equal(snapshot.streamInfo.video[0]?.codec, "H264");
    assert.equal(snapshot.continuityErrors, 0);
    assert.ok(ts.videoFrames.length >= 70, `frames: ${ts.videoFrames.length}`);
    // 3 s of media took about 3 s to arrive.
    assert.ok(ts.lastByteMs! - ts.firstByteMs! >= 2_000, `delivered in ${ts.lastByteMs! - ts.firstByteMs!} ms`);
    assert.equal(source.stats.segmentsIn, 3);
    assert.equal(alerts.length, 0);
  });

  it("alerts with the HTTP status when the password is wrong, and when the secret is unknown", async () => {
    const wrong = pull(urlPullInput([`${origin.url}/secure/index.m3u8`], { username: "viewer", passwordParam: "origin-password" }), {
      resolveSecret: async () => "not-the-password",
      hlsInputSettings: { retries: 0 },
    });
    const unknown = pull(urlPullInput([`${origin.url}/secure/index.m3u8`], { username: "viewer", passwordParam: "nowhere" }));
    await waitUntil(() => wrong.alerts.length > 0 && unknown.alerts.length > 0, "both alerts", 10_000);
    assert.match(wrong.alerts[0]!.message, /HTTP 401/);
    assert.equal(wrong.alerts[0]!.alertType, "Unable to Access Input Resource");
    assert.match(unknown.alerts[0]!.message, /secret nowhere not found/);
    assert.equal(wrong.source.state, PullStates.RETRYING);
    assert.equal(wrong.ts.bytes + unknown.ts.bytes, 0);
    await wrong.source.close();
    await unknown.source.close();
    assert.equal(lastAlert(wrong.alerts, "Unable to Access Input Resource", "CLEARED")?.state, "CLEARED");
  });

  it("picks the variant by bandwidth and loops a VOD with sourceEndBehavior LOOP", async () => {
    const capped = pull(urlPullInput([`${origin.url}/master.m3u8`]), { hlsInputSettings: { bandwidth: 1_000_000 }, sourceEndBehavior: "LOOP" });
    const highest = pull(urlPullInput([`${origin.url}/master.m3u8`]));
    await waitUntil(() => capped.source.stats.loops >= 1, "a loop", 15_000);
    await sleep(1_000);
    assert.ok(origin.requests.includes("/low/index_000.ts"));
    assert.ok(origin.requests.includes("/high/index_000.ts"));
    // Each source fetched only its variant's segments: the capped one never /high/, so /high/ segments were fetched once per segment.
    assert.equal(origin.requests.filter((request) => request === "/high/index_000.ts").length, 1);
    assert.ok(origin.requests.filter((request) => request === "/low/index_000.ts").length >= 2);
    assert.equal(capped.source.state, PullStates.RECEIVING);
    // 2 s of media, looped: more than 2 s of video arrived.
    assert.ok(capped.ts.videoFrames.length > 60, `frames: ${capped.ts.videoFrames.length}`);
    await waitUntil(() => highest.source.state === PullStates.ENDED, "the unlooped one to end", 10_000);
  });

  it("raises Unsupported HLS Segments for fragmented MP4 and keeps retrying", async () => {
    assert.match(readFileSync(fixtures.path("fmp4", "index.m3u8"), "utf8"), /#EXT-X-MAP/);
    const { source, ts, alerts } = pull(urlPullInput([`${origin.url}/fmp4/index.m3u8`]));
    await waitUntil(() => alerts.length > 0, "the alert", 10_000);
    assert.equal(alerts[0]!.alertType, "Unsupported HLS Segments");
    assert.equal(source.state, PullStates.RETRYING);
    await sleep(1_200);
    assert.ok(source.stats.reconnects >= 1);
    assert.equal(ts.bytes, 0);
  });
});
