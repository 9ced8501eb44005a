// The browser player helper against real HLS on loopback: a live HLS that Debian ffmpeg keeps
// writing in real time (1 s segments, sliding window of 6), a VOD HLS whose H.264 carries
// CEA-608 captions (test/helpers/cea608-injector.ts), a 404, and an origin without CORS.
// Real Chromium, real hls.js, real ffmpeg; nothing is mocked.

import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { injectCea608, popOnCaptionPairs, withOddParity } from "../../helpers/cea608-injector.ts";
import { launchHlsPlayer, serveHlsFolder, type HlsOrigin, type HlsPlayer } from "../../helpers/hls-player.ts";

const FIRST_CAPTION = "HELLO OPENLIVE";
const SECOND_CAPTION = "SECOND LINE";

let dir = "";
let player: HlsPlayer | undefined;
let origin: HlsOrigin | undefined;
let noCorsOrigin: HlsOrigin | undefined;
let live: ChildProcess | undefined;
let liveStderr = "";

function ffmpeg(args: readonly string[]): void {
  const result = spawnSync("ffmpeg", ["-hide_banner", "-v", "error", "-y", ...args], { encoding: "utf8", timeout: 60_000 });
  assert.equal(result.status, 0, `ffmpeg ${args.join(" ")} failed:\n${result.stderr}`);
}

/** Two pop-on captions: FIRST at ~0.4 s, erased at 2 s; SECOND at ~3.4 s, erased at 5 s (30 fps). */
function captionScript(): [number, number][] {
  const pairs: [number, number][] = [];
  const padTo = (picture: number): void => {
    while (pairs.length < picture) pairs.push([0x80, 0x80]);
  };
  const eraseDisplayed = (): void => {
    pairs.push([withOddParity(0x14), withOddParity(0x2c)], [withOddParity(0x14), withOddParity(0x2c)]);
  };
  pairs.push(...popOnCaptionPairs(FIRST_CAPTION));
  padTo(60);
  eraseDisplayed();
  padTo(90);
  pairs.push(...popOnCaptionPairs(SECOND_CAPTION));
  padTo(150);
  eraseDisplayed();
  return pairs;
}

/** 6 s of 640x360@30 H.264 (no B-frames) with CEA-608 in the SEI + AAC, as VOD HLS with 2 s segments. */
function makeCaptionedVod(folder: string): void {
  mkdirSync(folder, { recursive: true });
  const raw = path.join(dir, "raw.h264");
  ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "6", "-c:v", "libx264", "-preset", "veryfast", "-bf", "0", "-g", "60", "-f", "h264", raw]);
  const withCc = path.join(dir, "cc.h264");
  writeFileSync(withCc, injectCea608(readFileSync(raw), captionScript()));
  // prettier-ignore
  ffmpeg([
    "-framerate", "30", "-f", "h264", "-i", withCc, "-f", "lavfi", "-i", "sine", "-t", "6",
    "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac",
    "-f", "hls", "-hls_time", "2", "-hls_list_size", "0", "-hls_playlist_type", "vod",
    "-hls_segment_filename", path.join(folder, "seg_%03d.ts"), path.join(folder, "index.m3u8"),
  ]);
}

/** Debian ffmpeg writing a live HLS in real time into `folder` (1 s segments, 6 listed, old ones deleted). */
function startLiveHls(folder: string): ChildProcess {
  mkdirSync(folder, { recursive: true });
  // prettier-ignore
  const child = spawn("ffmpeg", [
    "-hide_banner", "-v", "error", "-re",
    "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine",
    "-c:v", "libx264", "-preset", "veryfast", "-g", "30", "-c:a", "aac",
    "-f", "hls", "-hls_time", "1", "-hls_list_size", "6", "-hls_flags", "delete_segments",
    "-hls_segment_filename", path.join(folder, "seg_%05d.ts"), path.join(folder, "index.m3u8"),
  ], { stdio: ["ignore", "ignore", "pipe"] });
  child.stderr?.on("data", (chunk: Buffer) => (liveStderr += chunk.toString()));
  return child;
}

/** Waits until the live playlist lists at least `segments` segments. */
async function waitForLivePlaylist(playlist: string, segments: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(playlist) && (readFileSync(playlist, "utf8").match(/^#EXTINF:/gm) ?? []).length >= segments) return;
    if (live && live.exitCode !== null) throw new Error(`live ffmpeg exited (${live.exitCode}):\n${liveStderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${playlist} did not list ${segments} segments within ${timeoutMs} ms:\n${liveStderr}`);
}

describe("hls-player helper: hls.js in headless Chromium", () => {
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "openlive-player-"));
    live = startLiveHls(path.join(dir, "www", "live"));
    makeCaptionedVod(path.join(dir, "www", "vod"));
    origin = await serveHlsFolder(path.join(dir, "www"));
    noCorsOrigin = await serveHlsFolder(path.join(dir, "www"), { cors: false });
    player = await launchHlsPlayer();
  });

  after(async () => {
    await player?.close();
    await origin?.close();
    await noCorsOrigin?.close();
    if (live && live.exitCode === null && live.signalCode === null) {
      const exited = new Promise((resolve) => live?.once("exit", resolve));
      live.kill("SIGKILL");
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("plays a live HLS from another origin (CORS) for 12 s: ≥ 8 s played, no fatal error, 640x360", async (t) => {
    await waitForLivePlaylist(path.join(dir, "www", "live", "index.m3u8"), 3);
    const report = await player!.play(`${origin!.url}/live/index.m3u8`, { watchMs: 12_000, startTimeoutMs: 15_000 });
    const context = JSON.stringify(report);
    t.diagnostic(context);
    assert.equal(report.started, true, context);
    assert.deepEqual(report.fatalErrors, [], context);
    assert.deepEqual(report.consoleErrors, [], context);
    assert.ok(report.stalls <= 2, context);
    assert.ok(report.playedSeconds >= 8, `played only ${report.playedSeconds} s: ${context}`);
    assert.ok(report.watchedMs >= 11_500 && report.watchedMs < 14_000, context);
    assert.equal(report.videoWidth, 640, context);
    assert.equal(report.videoHeight, 360, context);
    assert.equal(report.levels.length, 1, context);
    assert.ok(report.levels[0]!.url.endsWith("/live/index.m3u8"), context);
    // hls.js kept reloading the sliding playlist and fetching new segments
    assert.ok(origin!.requests.filter((p) => p === "/live/index.m3u8").length >= 5, context);
  });

  it("shows CEA-608 captions of a VOD HLS as a 'captions' text track with the injected cues", async (t) => {
    const report = await player!.play(`${origin!.url}/vod/index.m3u8`, { watchMs: 4_000 });
    const context = JSON.stringify(report);
    t.diagnostic(context);
    assert.equal(report.started, true, context);
    assert.deepEqual(report.fatalErrors, [], context);
    assert.ok(report.playedSeconds >= 3, context);
    assert.equal(report.videoWidth, 640, context);
    const captions = report.textTracks.filter((track) => track.kind === "captions");
    assert.equal(captions.length, 1, context);
    assert.ok(captions[0]!.cues.some((cue) => cue.includes(FIRST_CAPTION)), context);
    assert.ok(captions[0]!.cues.some((cue) => cue.includes(SECOND_CAPTION)), context);
  });

  it("reports a fatal error, and nothing played, for a playlist that 404s, without hanging", async (t) => {
    const started = Date.now();
    const report = await player!.play(`${origin!.url}/missing/index.m3u8`, { watchMs: 5_000, startTimeoutMs: 8_000 });
    const context = JSON.stringify(report);
    t.diagnostic(context);
    assert.ok(Date.now() - started < 8_000 + 3_000, context);
    assert.equal(report.started, false, context);
    assert.equal(report.playedSeconds, 0, context);
    assert.equal(report.watchedMs, 0, context);
    assert.ok(report.fatalErrors.length > 0, context);
    assert.match(report.fatalErrors[0]!, /^networkError\/manifestLoadError HTTP 404/, context);
    assert.ok(report.consoleErrors.some((line) => line.includes("404")), context);
  });

  it("cannot load HLS from another origin that sends no CORS headers (fatal manifestLoadError)", async (t) => {
    const report = await player!.play(`${noCorsOrigin!.url}/vod/index.m3u8`, { watchMs: 2_000, startTimeoutMs: 8_000 });
    const context = JSON.stringify(report);
    t.diagnostic(context);
    assert.equal(report.playedSeconds, 0, context);
    assert.match(report.fatalErrors[0] ?? "", /^networkError\/manifestLoadError/, context);
    assert.ok(report.consoleErrors.some((line) => /CORS|Access-Control-Allow-Origin/.test(line)), context);
  });
});
