// Real media sources on loopback for tests, made by Debian ffmpeg at test time: an HLS
// playlist with segments, MPEG-TS and MP4 files, ffmpeg as an RTMP server (`-listen 1`)
// and as an SRT listener, a node:http origin that serves a folder, and free ports. Every
// child process and server is registered in a MediaFixtures and stopped by close().

import { spawn, type ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** A TCP port nobody listens on right now: bind port 0 on 127.0.0.1, note it, release it. */
export async function freeTcpPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A UDP port nobody has bound right now. */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * Waits until something is bound to 127.0.0.1:port, read from /proc/net so that the wait
 * does not itself connect (ffmpeg's `-listen 1` RTMP server serves exactly one client).
 */
export async function waitForBound(port: number, protocol: "tcp" | "udp", child?: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  const state = protocol === "tcp" ? "0A" : "07"; // LISTEN / UDP bound, unconnected
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const table = readFileSync(`/proc/net/${protocol}`, "utf8");
    const bound = table.split("\n").some((line) => {
      const fields = line.trim().split(/\s+/);
      return fields[1] === local && fields[3] === state;
    });
    if (bound) return;
    if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`the ${protocol} server on port ${port} exited early (${child.exitCode ?? child.signalCode})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing bound to 127.0.0.1:${port}/${protocol} within ${timeoutMs} ms`);
}

/** testsrc2 + sine, the picture and tone of every fixture. */
const LAVFI_SOURCE = ["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine"];

function runFfmpeg(args: readonly string[], timeoutMs = 60_000): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let stderr = "";
    const child = spawn("ffmpeg", ["-hide_banner", "-v", "error", "-y", ...args], { stdio: ["ignore", "ignore", "pipe"] });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`ffmpeg ${args.join(" ")} failed (${code ?? signal}):\n${stderr}`));
    });
  });
}

/** 4 s of HLS (1 s segments, every segment listed, VOD-style) into `folder`/`playlist`. */
export async function makeHls(folder: string, playlist = "index.m3u8", seconds = 4): Promise<string> {
  mkdirSync(folder, { recursive: true });
  const target = path.join(folder, playlist);
  await runFfmpeg([
    ...LAVFI_SOURCE,
    "-t",
    String(seconds),
    "-c:v",
    "libx264",
    "-g",
    "25",
    "-c:a",
    "aac",
    "-f",
    "hls",
    "-hls_time",
    "1",
    "-hls_list_size",
    "0",
    "-hls_segment_filename",
    path.join(folder, `${path.parse(playlist).name}_%03d.ts`),
    target,
  ]);
  return target;
}

/** A short MPEG-TS file. */
export async function makeTsFile(file: string, seconds = 1): Promise<string> {
  mkdirSync(path.dirname(file), { recursive: true });
  await runFfmpeg([...LAVFI_SOURCE, "-t", String(seconds), "-c:v", "libx264", "-c:a", "aac", "-f", "mpegts", file]);
  return file;
}

/** A short MP4 file (moov first). */
export async function makeMp4File(file: string, seconds = 1): Promise<string> {
  mkdirSync(path.dirname(file), { recursive: true });
  await runFfmpeg([...LAVFI_SOURCE, "-t", String(seconds), "-c:v", "libx264", "-c:a", "aac", "-movflags", "+faststart", file]);
  return file;
}

const LIVE_SOURCE_ARGS = ["-hide_banner", "-v", "error", "-re", ...LAVFI_SOURCE, "-c:v", "libx264", "-tune", "zerolatency", "-g", "25", "-c:a", "aac"];

export interface HttpOrigin {
  readonly server: Server;
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Paths requested so far (e.g. "/live/index.m3u8"). */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Owns every fixture process, server and temp folder of a test file; close() releases them all. */
export class MediaFixtures {
  readonly dir: string;
  readonly #children = new Set<ChildProcess>();
  readonly #servers = new Set<{ close(): Promise<void> }>();

  constructor(prefix = "openlive-media-") {
    this.dir = mkdtempSync(path.join(tmpdir(), prefix));
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  /**
   * Serves this.dir (or `root`) over HTTP on 127.0.0.1, on `port` (0 = any free one). Files only; 404 otherwise.
   * Range requests work. With `auth`, paths under `auth.pathPrefix` need HTTP Basic credentials (401 otherwise).
   */
  async serveHttp(port = 0, root = this.dir, options: { auth?: { pathPrefix: string; username: string; password: string } } = {}): Promise<HttpOrigin> {
    const requests: string[] = [];
    const sockets = new Set<Socket>();
    const auth = options.auth;
    const expectedAuthorization = auth ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}` : undefined;
    const server = createHttpServer((request: IncomingMessage, response: ServerResponse) => {
      const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://origin").pathname);
      requests.push(pathname);
      if (auth && pathname.startsWith(auth.pathPrefix) && request.headers.authorization !== expectedAuthorization) {
        response.writeHead(401, { "www-authenticate": 'Basic realm="origin"', "content-length": 0 });
        response.end();
        return;
      }
      const file = path.join(root, path.normalize(pathname));
      let body: Buffer;
      try {
        if (!file.startsWith(root) || !statSync(file).isFile()) throw new Error("not a file");
        body = readFileSync(file);
      } catch {
        response.writeHead(404, { "content-type": "text/plain", "content-length": 9 });
        response.end("not found");
        return;
      }
      const type = file.endsWith(".m3u8") ? "application/vnd.apple.mpegurl" : file.endsWith(".ts") ? "video/mp2t" : "application/octet-stream";
      const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? "");
      if (range) {
        const first = Number(range[1]);
        const last = Math.min(range[2] ? Number(range[2]) : body.length - 1, body.length - 1);
        response.writeHead(206, { "content-type": type, "content-range": `bytes ${first}-${last}/${body.length}`, "content-length": last - first + 1 });
        response.end(body.subarray(first, last + 1));
        return;
      }
      response.writeHead(200, { "content-type": type, "content-length": body.length });
      response.end(body);
    });
    server.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", resolve);
    });
    const actual = (server.address() as AddressInfo).port;
    let closed = false;
    const origin: HttpOrigin = {
      server,
      port: actual,
      url: `http://127.0.0.1:${actual}`,
      requests,
      close: async () => {
        if (closed) return;
        closed = true;
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        this.#servers.delete(origin);
      },
    };
    this.#servers.add(origin);
    return origin;
  }

  /** A TCP server on 127.0.0.1 that accepts connections and never says a word. */
  async silentTcpServer(): Promise<{ port: number; close(): Promise<void> }> {
    const sockets = new Set<Socket>();
    const server: TcpServer = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const handle = {
      port,
      close: async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        this.#servers.delete(handle);
      },
    };
    this.#servers.add(handle);
    return handle;
  }

  #startLive(args: readonly string[]): ChildProcess {
    const child = spawn("ffmpeg", [...LIVE_SOURCE_ARGS, ...args], { stdio: ["ignore", "ignore", "ignore"] });
    this.#children.add(child);
    child.once("exit", () => this.#children.delete(child));
    return child;
  }

  /** Debian ffmpeg as an RTMP server with a live test stream at rtmp://127.0.0.1:<port>/live/<stream> (serves one client). */
  async startRtmpServer(stream = "live/a"): Promise<{ url: string; port: number; child: ChildProcess }> {
    const port = await freeTcpPort();
    const url = `rtmp://127.0.0.1:${port}/${stream}`;
    const child = this.#startLive(["-f", "flv", "-listen", "1", url]);
    await waitForBound(port, "tcp", child);
    return { url, port, child };
  }

  /** Debian ffmpeg as an SRT listener sending a live MPEG-TS test stream on 127.0.0.1:<port>. */
  async startSrtListener(): Promise<{ port: number; child: ChildProcess }> {
    const port = await freeUdpPort();
    const child = this.#startLive(["-f", "mpegts", `srt://127.0.0.1:${port}?mode=listener`]);
    await waitForBound(port, "udp", child);
    return { port, child };
  }

  /** Kills every child (SIGKILL), closes every server, removes the folder. */
  async close(): Promise<void> {
    const exits = [...this.#children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    );
    await Promise.all([...exits, ...[...this.#servers].map((server) => server.close())]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---- Live sources for the pull input tests (test/integration/ingest/pull-*.test.ts). The import is here, not at
// the top, so that this section only appends to the file.

import { readdirSync, writeFileSync } from "node:fs";

/** A live ffmpeg test encoder (testsrc2 + sine at real time, H.264 + AAC) with `outputArgs`; the caller kills it. */
export function spawnLiveEncoder(outputArgs: readonly string[]): ChildProcess {
  const child = spawn("ffmpeg", [...LIVE_SOURCE_ARGS, ...outputArgs], { stdio: ["ignore", "ignore", "ignore"] });
  child.on("error", () => undefined);
  return child;
}

/** Output args of a live HLS (1 s segments, 5 listed, old ones deleted) into `folder`/index.m3u8. */
export function liveHlsArgs(folder: string, extra: readonly string[] = []): string[] {
  mkdirSync(folder, { recursive: true });
  return ["-f", "hls", "-hls_time", "1", "-hls_list_size", "5", "-hls_flags", "delete_segments", ...extra, "-hls_segment_filename", path.join(folder, "seg_%05d.ts"), path.join(folder, "index.m3u8")];
}

/** An AES-128 key file and ffmpeg's -hls_key_info_file for it (key URI as the playlist will name it). */
export function writeHlsKeyInfo(folder: string, keyUri: string, key: Uint8Array): string {
  mkdirSync(folder, { recursive: true });
  const keyFile = path.join(folder, "hls.key");
  writeFileSync(keyFile, key);
  const info = path.join(folder, "keyinfo.txt");
  writeFileSync(info, `${keyUri}\n${keyFile}\n`);
  return info;
}

/** Waits until `file` exists and `ready(text)` holds for its content. */
export async function waitForFile(file: string, ready: (text: string) => boolean = () => true, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (ready(readFileSync(file, "utf8"))) return;
    } catch {
      // not written yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${file} not ready within ${timeoutMs} ms`);
}

/** SIGKILLs `child` and resolves once it is gone. */
export function killAndWait(child: ChildProcess | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

/** Polls `condition` every 50 ms; throws with `what` after timeoutMs. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Pids of processes whose command line contains `marker` (from /proc; never this process). */
export function pidsWithMarker(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // A zombie (state Z) has exited; only its parent has not reaped it yet.
      if (cmdline.includes(marker) && !/\) Z /.test(stat)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

import { SourceMonitor, type SourceSnapshot } from "../../src/ingest/monitor/source-monitor.ts";
import { TsUnits } from "../../src/ingest/ts-units.ts";
import { TsDemuxer } from "../../src/media/mpegts/ts-demuxer.ts";
import type { SupportedInputType } from "../../src/domain/records.ts";

/** Records MPEG-TS as a pipeline would receive it: bytes, and video frames with their arrival time and PTS. */
export class TsArrivals {
  readonly monitor: SourceMonitor;
  readonly videoFrames: { readonly atMs: number; readonly pts90k: number }[] = [];
  /** A second demuxer, for the byte-level counters SourceMonitor does not expose (sync losses, skipped bytes). */
  readonly demuxer = new TsDemuxer();
  readonly #units = new TsUnits();
  bytes = 0;
  firstByteMs: number | undefined;
  lastByteMs: number | undefined;

  constructor(inputType: SupportedInputType) {
    this.monitor = new SourceMonitor({ inputType });
  }

  push = (bytes: Uint8Array, nowMs: number): void => {
    this.bytes += bytes.length;
    this.firstByteMs ??= nowMs;
    this.lastByteMs = nowMs;
    for (const event of this.#units.push(bytes, nowMs)) {
      this.monitor.observe(event, nowMs);
      if (event.type === "unit" && event.unit.kind === "video" && event.unit.pts90k !== null) this.videoFrames.push({ atMs: nowMs, pts90k: event.unit.pts90k });
    }
    this.demuxer.push(bytes, nowMs);
  };

  snapshot(): SourceSnapshot {
    return this.monitor.snapshot(Date.now());
  }

  /** Video frames that arrived in [fromMs, toMs). */
  framesBetween(fromMs: number, toMs: number): number {
    return this.videoFrames.filter((frame) => frame.atMs >= fromMs && frame.atMs < toMs).length;
  }
}

/** Feeds MPEG-TS to a monitor the way a TS edge does: demuxed into edge events first. */
export function tsInto(monitor: SourceMonitor): (bytes: Uint8Array, nowMs: number) => void {
  const units = new TsUnits();
  return (bytes, nowMs) => {
    for (const event of units.push(bytes, nowMs)) monitor.observe(event, nowMs);
  };
}
