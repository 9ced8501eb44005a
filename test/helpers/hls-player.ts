// A real HLS player for tests: one headless Debian Chromium (playwright-core) running hls.js
// (the full build: hls.light has no captions) from node_modules, on a page served by a local
// node:http server on 127.0.0.1. Nothing is loaded from the internet. play() opens a fresh
// browser context, plays a URL muted for watchMs and reports what the viewer got: seconds
// played, stalls, hls.js errors, picture size, caption tracks with their cues (ID3 cues as
// `<frame id>:<text>`), the ID3 metadata hls.js parsed, levels, and the page's console errors. The Chromium flags below are the ones known to play hls.js headless.
//
// The page and the HLS are on different origins (different ports), so the HLS origin must send
// `Access-Control-Allow-Origin` (hls.js fetches with XHR/fetch; without it every load fails as
// a fatal networkError/manifestLoadError). serveHlsFolder() below is such an origin.

import { readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Headless, no sandbox/GPU/QUIC, no background traffic, autoplay without a gesture. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--autoplay-policy=no-user-gesture-required",
];

const HLS_JS_PATH = fileURLToPath(new URL("../../node_modules/hls.js/dist/hls.min.js", import.meta.url));

export interface PlaybackReport {
  /** video.currentTime advance while watching (from the first 'playing' for watchMs). */
  readonly playedSeconds: number;
  /** How long the page watched after playback started (0 if it never started). */
  readonly watchedMs: number;
  /** 'waiting' events after playback started. */
  readonly stalls: number;
  /** hls.js fatal errors as "type/details" (plus the HTTP status or reason when known). */
  readonly fatalErrors: readonly string[];
  /** hls.js non-fatal errors, and a refused video.play() ("video.play(): NotAllowedError …"). */
  readonly nonFatalErrors: readonly string[];
  readonly videoWidth: number;
  readonly videoHeight: number;
  /**
   * Every text track of the video; CEA-608 from the H.264 SEI appears as kind "captions", the
   * ID3 hls.js finds (timed-metadata PES, emsg) as kind "metadata" with cues `<frame id>:<text>`.
   */
  readonly textTracks: readonly { kind: string; label: string; language: string; cues: readonly string[] }[];
  /**
   * Each ID3 sample hls.js parsed (FRAG_PARSING_METADATA): its time on the media element's
   * timeline (s), its kind (hls.js's MetadataSchema: "https://aomedia.org/emsg/ID3" for an
   * fMP4 emsg) and its frames as `<frame id>:<text>`.
   */
  readonly id3Samples: readonly { readonly pts: number; readonly type: string; readonly frames: readonly string[] }[];
  /** The media time hls.js put at 0 on that timeline (INIT_PTS_FOUND: initPTS / timescale, s), the last one found. */
  readonly initPtsSeconds: number | undefined;
  /** hls.levels at the end (a bare media playlist gives one level with width/height 0). */
  readonly levels: readonly { width: number; height: number; bitrate: number; url: string }[];
  /** console.error messages and uncaught exceptions of the page. */
  readonly consoleErrors: readonly string[];
  /** Whether playback started (a 'playing' event) within startTimeoutMs. */
  readonly started: boolean;
  /** From loadSource() to the first 'playing' event (undefined if it never started). */
  readonly startupMs: number | undefined;
  /** video.currentTime when the report was taken. */
  readonly currentTime: number;
  /** getVideoPlaybackQuality() at the end: frames the browser decoded and dropped. */
  readonly frames: { readonly total: number; readonly dropped: number };
  /**
   * While watching, one sample per poll: ms since the first 'playing', currentTime advance,
   * seconds buffered ahead, readyState. Tells a late start from a slow clock from a stall.
   */
  readonly timeline: readonly (readonly [number, number, number, number])[];
}

export interface PlayOptions {
  /** How long to watch after playback started; default 10000. Ends early on a fatal hls.js error. */
  readonly watchMs?: number;
  /**
   * Ends the watch early once currentTime has advanced this far: for checks of what the viewer
   * saw (seconds played, stalls) that should not depend on how busy the machine's cores are.
   */
  readonly untilPlayedSeconds?: number;
  /**
   * With untilPlayedSeconds: the watch does not end early before `settled` settled and
   * `thenPlayedSeconds` more have played after that (still at most watchMs): for a test whose
   * events (a failover) take as long as the machine makes them, and whose viewer must play
   * through them whenever they come.
   */
  readonly notBefore?: { readonly settled: Promise<unknown>; readonly thenPlayedSeconds: number };
  /** How long to wait for playback to start; default 15000. Ends early on a fatal hls.js error. */
  readonly startTimeoutMs?: number;
  /** Extra hls.js config (JSON-serialisable), merged over the defaults. */
  readonly hlsConfig?: Readonly<Record<string, unknown>>;
}

export interface HlsPlayer {
  play(url: string, options?: PlayOptions): Promise<PlaybackReport>;
  close(): Promise<void>;
  /** The origin of the player page (http://127.0.0.1:<port>), for CORS allow-lists. */
  readonly pageOrigin: string;
}

// The player page. Plain browser JavaScript: window.__player.start(url, config) creates a muted
// <video>, attaches hls.js and records events; window.__player.snapshot() reads the state.
const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>openlive test player</title></head>
<body style="margin:0;background:#000">
<script src="/hls.min.js"></script>
<script>
(() => {
  const state = {
    loadAt: 0, started: false, startedAt: 0, startCurrentTime: 0, stalls: 0,
    fatal: [], nonFatal: [], video: null, hls: null, id3: [], initPtsSeconds: null,
  };
  // A cue's text, or an ID3 cue's frame (hls.js puts { key, info, data } in cue.value) as
  // "<key>:<data>" ("PRIV:<owner>:<data>", binary data as Latin-1).
  const cueText = (cue) => {
    const value = cue.value;
    if (!value || typeof value !== "object" || !value.key) return String(cue.text);
    const data = typeof value.data === "string" ? value.data : value.data instanceof ArrayBuffer ? latin1(new Uint8Array(value.data)) : "";
    return String(value.key) + ":" + (value.info ? value.info + ":" : "") + data;
  };
  // ID3v2.3/2.4 frames read on the page: text frames and TXXX as text, PRIV as owner:data (Latin-1).
  const latin1 = (bytes) => Array.from(bytes, (b) => String.fromCharCode(b)).join("");
  const id3Frames = (data) => {
    const frames = [];
    if (!data || data.length < 10 || latin1(data.subarray(0, 3)) !== "ID3") return frames;
    const synchsafe = (at) => ((data[at] & 0x7f) << 21) | ((data[at + 1] & 0x7f) << 14) | ((data[at + 2] & 0x7f) << 7) | (data[at + 3] & 0x7f);
    const end = 10 + synchsafe(6);
    let at = 10;
    while (at + 10 <= end && data[at] !== 0) {
      const id = latin1(data.subarray(at, at + 4));
      const length = data[3] === 4 ? synchsafe(at + 4) : (data[at + 4] << 24) | (data[at + 5] << 16) | (data[at + 6] << 8) | data[at + 7];
      const body = data.subarray(at + 10, at + 10 + length);
      let text = "";
      if (id === "PRIV") text = latin1(body).replace(String.fromCharCode(0), ":");
      else if (id === "TXXX") text = new TextDecoder().decode(body.subarray(1)).split(String.fromCharCode(0)).pop();
      else if (id[0] === "T") text = new TextDecoder().decode(body.subarray(1));
      frames.push(id + ":" + text);
      at += 10 + length;
    }
    return frames;
  };
  const describeError = (data) => {
    let text = String(data.type) + "/" + String(data.details);
    const code = data.response && data.response.code;
    if (code) text += " HTTP " + code;
    if (data.reason) text += " (" + data.reason + ")";
    else if (data.error && data.error.message) text += " (" + data.error.message + ")";
    return text;
  };
  const unhide = (track) => { if (track && track.mode === "disabled") track.mode = "hidden"; };
  window.__player = {
    start(url, config) {
      const video = document.createElement("video");
      video.muted = true;
      video.autoplay = true;
      video.playsInline = true;
      video.width = 640;
      document.body.appendChild(video);
      state.video = video;
      // Cues of a disabled track are not readable (track.cues is null): keep every track hidden at least.
      video.textTracks.addEventListener("addtrack", (event) => unhide(event.track));
      video.addEventListener("playing", () => {
        if (state.started) return;
        state.started = true;
        state.startedAt = performance.now();
        state.startCurrentTime = video.currentTime;
      });
      video.addEventListener("waiting", () => { if (state.started) state.stalls++; });
      if (typeof Hls === "undefined" || !Hls.isSupported()) {
        state.fatal.push("hls.js unavailable or MediaSource unsupported");
        return;
      }
      const hls = new Hls(Object.assign({ enableCEA708Captions: true, renderTextTracksNatively: true }, config));
      state.hls = hls;
      hls.on(Hls.Events.ERROR, (_event, data) => (data.fatal ? state.fatal : state.nonFatal).push(describeError(data)));
      hls.on(Hls.Events.INIT_PTS_FOUND, (_event, data) => { state.initPtsSeconds = data.initPTS / data.timescale; });
      hls.on(Hls.Events.FRAG_PARSING_METADATA, (_event, data) => {
        for (const sample of data.samples) state.id3.push({ pts: sample.pts, type: String(sample.type), frames: id3Frames(sample.data) });
      });
      hls.on(Hls.Events.MANIFEST_PARSED, () => {
        const played = video.play();
        if (played) played.catch((error) => state.nonFatal.push("video.play(): " + (error && error.name) + " " + (error && error.message)));
      });
      hls.attachMedia(video);
      state.loadAt = performance.now();
      hls.loadSource(url);
    },
    snapshot() {
      const video = state.video;
      const tracks = [];
      if (video) {
        for (let i = 0; i < video.textTracks.length; i++) {
          const track = video.textTracks[i];
          unhide(track);
          const cues = [];
          for (let j = 0; track.cues && j < track.cues.length; j++) cues.push(cueText(track.cues[j]));
          tracks.push({ kind: track.kind, label: track.label, language: track.language, cues });
        }
      }
      const quality = video && video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : null;
      const levels = state.hls
        ? state.hls.levels.map((level) => ({ width: level.width || 0, height: level.height || 0, bitrate: level.bitrate || 0, url: String(level.url) }))
        : [];
      return {
        now: performance.now(),
        started: state.started,
        startedAt: state.startedAt,
        startupMs: state.started ? state.startedAt - state.loadAt : null,
        startCurrentTime: state.startCurrentTime,
        currentTime: video ? video.currentTime : 0,
        stalls: state.stalls,
        fatal: state.fatal.slice(),
        nonFatal: state.nonFatal.slice(),
        videoWidth: video ? video.videoWidth : 0,
        videoHeight: video ? video.videoHeight : 0,
        readyState: video ? video.readyState : 0,
        bufferedAhead: video && video.buffered.length ? video.buffered.end(video.buffered.length - 1) - video.currentTime : 0,
        frames: quality ? { total: quality.totalVideoFrames, dropped: quality.droppedVideoFrames } : { total: 0, dropped: 0 },
        textTracks: tracks,
        id3Samples: state.id3.slice(),
        initPtsSeconds: state.initPtsSeconds,
        levels,
      };
    },
  };
})();
</script>
</body></html>
`;

interface Snapshot {
  now: number;
  started: boolean;
  startedAt: number;
  startupMs: number | null;
  startCurrentTime: number;
  currentTime: number;
  stalls: number;
  fatal: string[];
  nonFatal: string[];
  videoWidth: number;
  videoHeight: number;
  readyState: number;
  bufferedAhead: number;
  frames: { total: number; dropped: number };
  textTracks: { kind: string; label: string; language: string; cues: string[] }[];
  id3Samples: { pts: number; type: string; frames: string[] }[];
  initPtsSeconds: number | null;
  levels: { width: number; height: number; bitrate: number; url: string }[];
}

const snapshot = (page: Page): Promise<Snapshot> => page.evaluate("window.__player.snapshot()") as Promise<Snapshot>;
const round2 = (value: number): number => Math.round(value * 100) / 100;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function listen(server: Server, sockets: Set<Socket>): Promise<number> {
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return (server.address() as AddressInfo).port;
}

async function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A player launched ahead of need (launchHlsPlayerAhead). */
export interface PlayerLaunch {
  /** The player once launched (rejects as launchHlsPlayer would). */
  readonly ready: Promise<HlsPlayer>;
  /** Closes the player, whether or not a test took it; nothing if the launch failed. Idempotent. */
  close(): Promise<void>;
}

/**
 * Launches the player now, for a test that plays later: Chromium's start (1–2 s on a loaded
 * 2-core machine) overlaps the channel's start instead of adding to it.
 */
export function launchHlsPlayerAhead(): PlayerLaunch {
  const ready = launchHlsPlayer();
  // A failed launch is reported to whoever awaits `ready`, not as an unhandled rejection.
  ready.catch(() => undefined);
  return { ready, close: async () => (await ready.catch(() => undefined))?.close() };
}

/** One headless Chromium and the player page's server; reuse it for several play() calls, then close(). */
export async function launchHlsPlayer(): Promise<HlsPlayer> {
  const hlsJs = readFileSync(HLS_JS_PATH);
  const sockets = new Set<Socket>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const pathname = new URL(request.url ?? "/", "http://page").pathname;
    if (pathname === "/") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      response.end(PAGE_HTML);
    } else if (pathname === "/hls.min.js") {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "content-length": hlsJs.length });
      response.end(hlsJs);
    } else {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
    }
  });
  const port = await listen(server, sockets);
  const pageOrigin = `http://127.0.0.1:${port}`;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
  } catch (error) {
    await closeServer(server, sockets);
    throw error;
  }
  let closed = false;

  return {
    pageOrigin,
    async play(url: string, options: PlayOptions = {}): Promise<PlaybackReport> {
      const watchMs = options.watchMs ?? 10_000;
      const startTimeoutMs = options.startTimeoutMs ?? 15_000;
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const consoleErrors: string[] = [];
        page.on("console", (message) => {
          if (message.type() === "error") consoleErrors.push(message.text());
        });
        page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
        await page.goto(`${pageOrigin}/`);
        await page.evaluate(([source, config]) => (globalThis as unknown as { __player: { start(u: string, c: unknown): void } }).__player.start(source, config), [url, options.hlsConfig ?? {}] as const);

        // Wait for the first 'playing', a fatal error, or the start timeout.
        const startDeadline = Date.now() + startTimeoutMs;
        let state = await snapshot(page);
        while (!state.started && state.fatal.length === 0 && Date.now() < startDeadline) {
          await sleep(100);
          state = await snapshot(page);
        }
        let watchedMs = 0;
        let playedSeconds = 0;
        const timeline: [number, number, number, number][] = [];
        const sample = (): void => {
          if (state.started) timeline.push([Math.round(state.now - state.startedAt), round2(state.currentTime - state.startCurrentTime), round2(state.bufferedAhead), state.readyState]);
        };
        sample();
        if (state.started) {
          // Watch from the first 'playing' (page clock) for watchMs, or until a fatal error.
          const watchDeadline = Date.now() + Math.max(0, watchMs - (state.now - state.startedAt));
          // Where the viewer was when notBefore settled (undefined until then).
          let settledAt: number | undefined;
          const { notBefore } = options;
          const markSettled = (): void => void (settledAt = state.currentTime);
          void notBefore?.settled.then(markSettled, markSettled);
          const notBeforeMet = (): boolean => !notBefore || (settledAt !== undefined && state.currentTime - settledAt >= notBefore.thenPlayedSeconds);
          const enoughPlayed = (): boolean => options.untilPlayedSeconds !== undefined && state.currentTime - state.startCurrentTime >= options.untilPlayedSeconds && notBeforeMet();
          while (state.fatal.length === 0 && Date.now() < watchDeadline && !enoughPlayed()) {
            await sleep(Math.min(250, Math.max(0, watchDeadline - Date.now())));
            state = await snapshot(page);
            sample();
          }
          watchedMs = Math.round(state.now - state.startedAt);
          playedSeconds = Math.max(0, state.currentTime - state.startCurrentTime);
        }
        return {
          playedSeconds,
          watchedMs,
          stalls: state.stalls,
          fatalErrors: state.fatal,
          nonFatalErrors: state.nonFatal,
          videoWidth: state.videoWidth,
          videoHeight: state.videoHeight,
          textTracks: state.textTracks,
          id3Samples: state.id3Samples,
          initPtsSeconds: state.initPtsSeconds ?? undefined,
          levels: state.levels,
          consoleErrors,
          started: state.started,
          startupMs: state.startupMs === null ? undefined : Math.round(state.startupMs),
          currentTime: state.currentTime,
          frames: state.frames,
          timeline,
        };
      } finally {
        await context.close();
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await browser.close();
      await closeServer(server, sockets);
    },
  };
}

export interface HlsOrigin {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** Paths requested so far. */
  readonly requests: string[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".m3u8": "application/vnd.apple.mpegurl",
  ".ts": "video/mp2t",
  ".m4s": "video/iso.segment",
  ".mp4": "video/mp4",
  ".aac": "audio/aac",
  ".vtt": "text/vtt",
};

/**
 * Serves the files of `root` over HTTP on 127.0.0.1 (port 0) with HLS content types, no caching
 * of playlists, and (unless `cors: false`) `Access-Control-Allow-Origin: *`. 404 for anything else.
 */
export async function serveHlsFolder(root: string, options: { cors?: boolean } = {}): Promise<HlsOrigin> {
  const cors = options.cors ?? true;
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const base = path.resolve(root);
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://origin").pathname);
    requests.push(pathname);
    const headers: Record<string, string | number> = cors ? { "access-control-allow-origin": "*", "access-control-allow-headers": "range", "access-control-expose-headers": "content-length, content-range" } : {};
    if (request.method === "OPTIONS") {
      response.writeHead(204, { ...headers, "access-control-allow-methods": "GET, HEAD, OPTIONS" });
      response.end();
      return;
    }
    const file = path.join(base, path.normalize(pathname));
    let body: Buffer;
    try {
      if (!file.startsWith(base + path.sep) || !statSync(file).isFile()) throw new Error("not a file");
      body = readFileSync(file);
    } catch {
      response.writeHead(404, { ...headers, "content-type": "text/plain", "content-length": 9 });
      response.end("not found");
      return;
    }
    const extension = path.extname(file);
    const type = CONTENT_TYPES[extension] ?? "application/octet-stream";
    response.writeHead(200, { ...headers, "content-type": type, "content-length": body.length, "cache-control": extension === ".m3u8" ? "no-cache" : "max-age=60" });
    response.end(request.method === "HEAD" ? undefined : body);
  });
  const port = await listen(server, sockets);
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: async () => {
      if (closed) return;
      closed = true;
      await closeServer(server, sockets);
    },
  };
}
