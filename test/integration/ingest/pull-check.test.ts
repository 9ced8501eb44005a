// Pull-source verification against real sources on loopback: an HTTP origin serving HLS,
// TS and MP4 made by Debian ffmpeg at test time, Debian ffmpeg as an RTMP server and as an
// SRT listener, a closed port, and a TCP server that never answers. Nothing is mocked.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { InputRecord, PullSourceRecord, SrtCallerSourceRecord, SupportedInputType } from "../../../src/domain/records.ts";
import { verifyPullInputs, type PullCheckTarget } from "../../../src/ingest/pull-check/verify-pull-inputs.ts";

const SECRETS: Readonly<Record<string, string>> = {
  "/openlive/origin-password": "s3cret-pass",
  "arn:aws:secretsmanager:us-west-2:123456789012:secret:srt-pass": "correct-horse-battery",
  "arn:aws:secretsmanager:us-west-2:123456789012:secret:srt-wrong": "wrong-horse-battery-x",
};
const resolveSecret = (name: string): string | undefined => SECRETS[name];
const ORIGIN_USER = "bob";

let workDir = "";
let origin: Server;
let originUrl = "";
let silentServer: ReturnType<typeof createTcpServer>;
let silentPort = 0;
let tricklePort = 0;
let trickleServer: ReturnType<typeof createTcpServer>;
const openSockets = new Set<Socket>();
const children: ChildProcess[] = [];

function input(id: string, type: SupportedInputType, sources: PullSourceRecord[] = [], srtCallerSources: SrtCallerSourceRecord[] = []): InputRecord {
  return { id, name: `in-${id}`, type, inputClass: "SINGLE_PIPELINE", streamNames: [], endpoints: [], sources, securityGroupIds: [], srtCallerSources, tags: {}, attachedChannelIds: [] };
}

function target(attachmentName: string, record: InputRecord, index = 0): PullCheckTarget {
  return { attachmentName, elementPath: `inputAttachments[${index}].inputId`, input: record };
}

async function verify(targets: PullCheckTarget[], timeoutMs = 5000): Promise<{ messages: string[]; elapsedMs: number; paths: string[] }> {
  const started = performance.now();
  const problems = await verifyPullInputs(targets, { timeoutMs, resolveSecret, inputRoots: [workDir] });
  return { messages: problems.map((p) => p.errorMessage), paths: problems.map((p) => p.elementPath), elapsedMs: performance.now() - started };
}

/** A port nobody listens on: bind port 0, note it, release it. */
async function freeTcpPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * Waits until something is bound to 127.0.0.1:port, read from /proc/net so that the probe
 * does not itself connect: ffmpeg's `-listen 1` RTMP server serves exactly one client.
 */
async function waitForBound(port: number, protocol: "tcp" | "udp", child: ChildProcess): Promise<void> {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  const state = protocol === "tcp" ? "0A" : "07"; // LISTEN / UDP "closed" (bound, unconnected)
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const table = readFileSync(`/proc/net/${protocol}`, "utf8");
    if (table.split("\n").some((line) => line.trim().split(/\s+/)[1] === local && line.trim().split(/\s+/)[3] === state)) return;
    if (child.exitCode !== null) throw new Error(`the ${protocol} server exited early with code ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing bound to 127.0.0.1:${port}/${protocol} within 10 s`);
}

const TEST_SOURCE_ARGS = ["-hide_banner", "-v", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine", "-c:v", "libx264", "-tune", "zerolatency", "-g", "25", "-c:a", "aac"];

function startFfmpeg(args: string[]): ChildProcess {
  const child = spawn("ffmpeg", [...TEST_SOURCE_ARGS, ...args], { stdio: ["ignore", "ignore", "ignore"] });
  children.push(child);
  return child;
}

async function startRtmpServer(): Promise<{ url: string }> {
  const port = await freeTcpPort();
  const url = `rtmp://127.0.0.1:${port}/live/a`;
  const child = startFfmpeg(["-f", "flv", "-listen", "1", url]);
  await waitForBound(port, "tcp", child);
  return { url };
}

async function startSrtListener(passphrase?: string): Promise<{ port: string }> {
  const port = await freeUdpPort();
  const secret = passphrase !== undefined ? `&passphrase=${passphrase}&pbkeylen=32` : "";
  const child = startFfmpeg(["-f", "mpegts", `srt://127.0.0.1:${port}?mode=listener${secret}`]);
  await waitForBound(port, "udp", child);
  return { port: String(port) };
}

/** ffprobe children of this process still alive (there must be none after a verification). */
function ffprobeChildren(): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const afterName = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return stat.includes("(ffprobe)") && Number(afterName[1]) === process.pid;
      } catch {
        return false; // exited while we looked
      }
    })
    .map(Number);
}

function serveOrigin(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? "/", "http://origin");
  const send = (status: number, body: Buffer | string, type = "application/octet-stream"): void => {
    response.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
    response.end(body);
  };
  if (url.pathname.startsWith("/secure/") && url.pathname !== "/secure/master.m3u8") {
    const expected = `Basic ${Buffer.from(`${ORIGIN_USER}:${SECRETS["/openlive/origin-password"]}`).toString("base64")}`;
    if (request.headers.authorization !== expected) {
      response.writeHead(401, { "www-authenticate": 'Basic realm="origin"', "content-length": 0 });
      response.end();
      return;
    }
  }
  const fixed: Record<string, [string, string]> = {
    "/live/master.m3u8": ["#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=320x180\nv.m3u8\n", "application/vnd.apple.mpegurl"],
    "/secure/master.m3u8": ["#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nv.m3u8\n", "application/vnd.apple.mpegurl"],
    "/dead-variant/master.m3u8": ["#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\ngone/v.m3u8\n", "application/vnd.apple.mpegurl"],
    "/live/empty.m3u8": ["#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n", "application/vnd.apple.mpegurl"],
    "/notes/readme.m3u8": ["These are not the segments you are looking for.\n", "text/plain"],
  };
  const entry = fixed[url.pathname];
  if (entry) return send(200, entry[0], entry[1]);
  const folder = url.pathname.startsWith("/live/") ? "live" : url.pathname.startsWith("/secure/") ? "live" : url.pathname.startsWith("/files/") ? "files" : undefined;
  const name = path.basename(url.pathname);
  if (folder === undefined || !readdirSync(path.join(workDir, folder)).includes(name)) return send(404, "not found", "text/plain");
  const body = readFileSync(path.join(workDir, folder, name));
  const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? "");
  if (range) {
    const first = Number(range[1]);
    const last = Math.min(range[2] ? Number(range[2]) : body.length - 1, body.length - 1);
    response.writeHead(206, { "content-range": `bytes ${first}-${last}/${body.length}`, "content-length": last - first + 1 });
    response.end(body.subarray(first, last + 1));
    return;
  }
  send(200, body, name.endsWith(".m3u8") ? "application/vnd.apple.mpegurl" : "application/octet-stream");
}

before(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "openlive-pull-check-"));
  for (const folder of ["live", "files"]) mkdirSync(path.join(workDir, folder));
  const source = ["-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine"];
  const runs = [
    [...source, "-t", "4", "-c:v", "libx264", "-g", "25", "-c:a", "aac", "-f", "hls", "-hls_time", "1", "-hls_list_size", "0", "-hls_segment_filename", path.join(workDir, "live", "seg%03d.ts"), path.join(workDir, "live", "v.m3u8")],
    [...source, "-t", "1", "-c:v", "libx264", "-c:a", "aac", "-f", "mpegts", path.join(workDir, "files", "clip.ts")],
    [...source, "-t", "1", "-c:v", "libx264", "-c:a", "aac", "-movflags", "+faststart", path.join(workDir, "files", "clip.mp4")],
  ];
  await Promise.all(
    runs.map(
      (args) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn("ffmpeg", args, { stdio: ["ignore", "ignore", "inherit"] });
          child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}`))));
        }),
    ),
  );
  // Neither container: text, under both names.
  writeFileSync(path.join(workDir, "files", "neither.ts"), "just some text, not media\n".repeat(100));
  writeFileSync(path.join(workDir, "files", "neither.mp4"), "just some text, not media\n".repeat(100));

  origin = createHttpServer(serveOrigin);
  await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;

  // Accepts connections and never says a word.
  silentServer = createTcpServer((socket) => {
    openSockets.add(socket);
    socket.on("close", () => openSockets.delete(socket));
  });
  await new Promise<void>((resolve) => silentServer.listen(0, "127.0.0.1", resolve));
  silentPort = (silentServer.address() as AddressInfo).port;

  // Sends one byte every 200 ms: every read succeeds, so ffprobe's own read timeout never
  // fires and only the hard deadline (kill) can end the check.
  trickleServer = createTcpServer((socket) => {
    openSockets.add(socket);
    const timer = setInterval(() => socket.write(Buffer.of(3)), 200);
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearInterval(timer);
      openSockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => trickleServer.listen(0, "127.0.0.1", resolve));
  tricklePort = (trickleServer.address() as AddressInfo).port;
});

after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const socket of openSockets) socket.destroy();
  origin?.closeAllConnections();
  await Promise.all([origin, silentServer, trickleServer].map((server) => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))));
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("verifyPullInputs: URL_PULL (HLS)", { timeout: 30_000 }, () => {
  it("accepts a media playlist and a master playlist whose first variant is live", { timeout: 10_000 }, async () => {
    const result = await verify([
      target("media", input("1000001", "URL_PULL", [{ url: `${originUrl}/live/v.m3u8` }])),
      target("master", input("1000002", "URL_PULL", [{ url: `${originUrl}/live/master.m3u8` }]), 1),
    ]);
    assert.deepEqual(result.messages, []);
  });

  it("logs in to a Basic-auth variant with the user name and the secret", { timeout: 10_000 }, async () => {
    const url = `${originUrl}/secure/master.m3u8`;
    const ok = await verify([target("secure", input("1000003", "URL_PULL", [{ url, username: ORIGIN_USER, passwordParam: "/openlive/origin-password" }]))]);
    assert.deepEqual(ok.messages, []);
    const anonymous = await verify([target("secure", input("1000003", "URL_PULL", [{ url }]))]);
    assert.deepEqual(anonymous.messages, [`Attachment "secure": input 1000003 source ${url} is not ready: first variant ${originUrl}/secure/v.m3u8: HTTP 401`]);
    const unknownSecret = await verify([target("secure", input("1000003", "URL_PULL", [{ url, username: ORIGIN_USER, passwordParam: "/openlive/nope" }]))]);
    assert.deepEqual(unknownSecret.messages, [`Attachment "secure": input 1000003 source ${url} is not ready: secret /openlive/nope not found`]);
  });

  it("names the URL and the reason for each dead source, one problem per source", { timeout: 10_000 }, async () => {
    const closedPort = await freeTcpPort();
    const urls = {
      missing: `${originUrl}/live/missing.m3u8`,
      notPlaylist: `${originUrl}/notes/readme.m3u8`,
      segmentAsPlaylist: `${originUrl}/live/seg000.ts`,
      empty: `${originUrl}/live/empty.m3u8`,
      deadVariant: `${originUrl}/dead-variant/master.m3u8`,
      refused: `http://127.0.0.1:${closedPort}/live/a.m3u8`,
      unknownHost: "http://no-such-origin.invalid/live/a.m3u8",
    };
    const result = await verify([
      target("hls-a", input("2000001", "URL_PULL", [{ url: urls.missing }, { url: urls.notPlaylist }]), 0),
      target("hls-b", input("2000002", "URL_PULL", [{ url: urls.segmentAsPlaylist }, { url: urls.empty }]), 1),
      target("hls-c", input("2000003", "URL_PULL", [{ url: urls.deadVariant }, { url: urls.refused }]), 2),
      target("hls-d", input("2000004", "URL_PULL", [{ url: urls.unknownHost }]), 3),
    ]);
    assert.deepEqual(result.messages, [
      `Attachment "hls-a": input 2000001 source ${urls.missing} is not ready: HTTP 404`,
      `Attachment "hls-a": input 2000001 source ${urls.notPlaylist} is not ready: not an HLS playlist`,
      `Attachment "hls-b": input 2000002 source ${urls.segmentAsPlaylist} is not ready: not an HLS playlist`,
      `Attachment "hls-b": input 2000002 source ${urls.empty} is not ready: media playlist has no segments`,
      `Attachment "hls-c": input 2000003 source ${urls.deadVariant} is not ready: first variant ${originUrl}/dead-variant/gone/v.m3u8: HTTP 404`,
      `Attachment "hls-c": input 2000003 source ${urls.refused} is not ready: connection refused`,
      `Attachment "hls-d": input 2000004 source ${urls.unknownHost} is not ready: host not found`,
    ]);
    assert.deepEqual(result.paths, ["inputAttachments[0].inputId", "inputAttachments[0].inputId", "inputAttachments[1].inputId", "inputAttachments[1].inputId", "inputAttachments[2].inputId", "inputAttachments[2].inputId", "inputAttachments[3].inputId"]);
  });

  it("gives up on a server that accepts and never answers at the deadline", { timeout: 10_000 }, async () => {
    const url = `http://127.0.0.1:${silentPort}/live/a.m3u8`;
    const result = await verify([target("silent", input("2000005", "URL_PULL", [{ url }]))], 1500);
    assert.deepEqual(result.messages, [`Attachment "silent": input 2000005 source ${url} is not ready: timeout after 1500 ms`]);
    assert.ok(result.elapsedMs >= 1400 && result.elapsedMs < 1500 + 1000, `took ${result.elapsedMs} ms`);
  });
});

describe("verifyPullInputs: MP4_FILE and TS_FILE", { timeout: 30_000 }, () => {
  it("recognises TS and MP4 over HTTP (Range request) and from file:///", { timeout: 10_000 }, async () => {
    const result = await verify([
      target("ts-http", input("3000001", "TS_FILE", [{ url: `${originUrl}/files/clip.ts` }])),
      target("mp4-http", input("3000002", "MP4_FILE", [{ url: `${originUrl}/files/clip.mp4` }]), 1),
      target("ts-file", input("3000003", "TS_FILE", [{ url: pathToFileURL(path.join(workDir, "files", "clip.ts")).href }]), 2),
      target("mp4-file", input("3000004", "MP4_FILE", [{ url: pathToFileURL(path.join(workDir, "files", "clip.mp4")).href }]), 3),
      // HLS segments are TS too.
      target("segment", input("3000005", "TS_FILE", [{ url: `${originUrl}/live/seg001.ts` }]), 4),
    ]);
    assert.deepEqual(result.messages, []);
  });

  it("refuses a file that is not the promised container, a missing file and a 404", { timeout: 10_000 }, async () => {
    const missingFile = pathToFileURL(path.join(workDir, "files", "absent.ts")).href;
    const neitherFile = pathToFileURL(path.join(workDir, "files", "neither.mp4")).href;
    const result = await verify([
      target("a", input("3000011", "TS_FILE", [{ url: `${originUrl}/files/neither.ts` }, { url: `${originUrl}/files/clip.mp4` }])),
      target("b", input("3000012", "MP4_FILE", [{ url: `${originUrl}/files/clip.ts` }, { url: neitherFile }])),
      target("c", input("3000013", "TS_FILE", [{ url: missingFile }, { url: `${originUrl}/files/absent.ts` }])),
    ]);
    assert.deepEqual(result.messages, [
      `Attachment "a": input 3000011 source ${originUrl}/files/neither.ts is not ready: not an MPEG-TS file`,
      `Attachment "a": input 3000011 source ${originUrl}/files/clip.mp4 is not ready: not an MPEG-TS file`,
      `Attachment "b": input 3000012 source ${originUrl}/files/clip.ts is not ready: not an MP4 file`,
      `Attachment "b": input 3000012 source ${neitherFile} is not ready: not an MP4 file`,
      `Attachment "c": input 3000013 source ${missingFile} is not ready: file not found`,
      `Attachment "c": input 3000013 source ${originUrl}/files/absent.ts is not ready: HTTP 404`,
    ]);
  });

  it("skips dynamic ($urlPath$) sources and push inputs", { timeout: 5_000 }, async () => {
    const result = await verify([
      target("dynamic", input("3000021", "MP4_FILE", [{ url: "http://127.0.0.1:1/movies/$urlPath$" }])),
      target("push", input("3000022", "RTMP_PUSH"), 1),
    ]);
    assert.deepEqual(result.messages, []);
    assert.ok(result.elapsedMs < 200, `took ${result.elapsedMs} ms`);
  });
});

describe("verifyPullInputs: RTMP_PULL", { timeout: 30_000 }, () => {
  it("plays a live RTMP source until its first media message", { timeout: 15_000 }, async () => {
    const { url } = await startRtmpServer();
    const result = await verify([target("rtmp", input("4000001", "RTMP_PULL", [{ url }]))]);
    assert.deepEqual(result.messages, []);
    console.log(`RTMP ready in ${Math.round(result.elapsedMs)} ms`);
  });

  // The full 5 s budget: ffprobe needs 0.2–0.9 s just to start (it loads ~215 shared
  // libraries), more on a loaded machine, and ffprobe's own timeouts sit 1 s before the deadline.
  it("reports a refused connection and a server that never completes the handshake", { timeout: 15_000 }, async () => {
    const refusedUrl = `rtmp://127.0.0.1:${await freeTcpPort()}/live/a`;
    const silentUrl = `rtmp://127.0.0.1:${silentPort}/live/a`;
    const result = await verify([target("rtmp", input("4000002", "RTMP_PULL", [{ url: refusedUrl }, { url: silentUrl }]))], 5000);
    assert.deepEqual(result.messages, [
      `Attachment "rtmp": input 4000002 source ${refusedUrl} is not ready: connection refused`,
      `Attachment "rtmp": input 4000002 source ${silentUrl} is not ready: RTMP handshake failed`,
    ]);
    assert.ok(result.elapsedMs < 5000 + 1000, `took ${result.elapsedMs} ms`);
  });

  it("kills ffprobe at the deadline when the server keeps it busy", { timeout: 15_000 }, async () => {
    const url = `rtmp://127.0.0.1:${tricklePort}/live/a`;
    const result = await verify([target("trickle", input("4000003", "RTMP_PULL", [{ url }]))], 2500);
    // Connected, but the 1537 handshake bytes at 5 bytes/s never all arrive, and every read
    // succeeds, so only the kill ends it. On a machine so loaded that ffprobe has not even
    // connected after 2.5 s, the reason is the bare timeout; the bound holds either way.
    assert.equal(result.messages.length, 1);
    assert.match(result.messages[0] ?? "", new RegExp(`^Attachment "trickle": input 4000003 source ${url.replaceAll(".", "\\.")} is not ready: (RTMP handshake failed|timeout after 2500 ms)$`));
    assert.ok(result.elapsedMs >= 2400 && result.elapsedMs < 2500 + 1000, `took ${result.elapsedMs} ms`);
    assert.deepEqual(ffprobeChildren(), []);
  });
});

describe("verifyPullInputs: SRT_CALLER", { timeout: 30_000 }, () => {
  it("completes the SRT handshake with a live listener and receives media", { timeout: 15_000 }, async () => {
    const { port } = await startSrtListener();
    const result = await verify([target("srt", input("5000001", "SRT_CALLER", [], [{ srtListenerAddress: "127.0.0.1", srtListenerPort: port }]))]);
    assert.deepEqual(result.messages, []);
    console.log(`SRT ready in ${Math.round(result.elapsedMs)} ms`);
  });

  it("uses the passphrase from the secret store: a wrong one fails the handshake, the right one passes", { timeout: 15_000 }, async () => {
    const { port } = await startSrtListener("correct-horse-battery");
    const source = (secret: string): SrtCallerSourceRecord => ({
      srtListenerAddress: "127.0.0.1",
      srtListenerPort: port,
      decryption: { algorithm: "AES256", passphraseSecretArn: `arn:aws:secretsmanager:us-west-2:123456789012:secret:${secret}` },
    });
    // The rejected caller is never accepted, so the same one-client listener still serves the next.
    const wrong = await verify([target("srt", input("5000002", "SRT_CALLER", [], [source("srt-wrong")]))]);
    assert.deepEqual(wrong.messages, [`Attachment "srt": input 5000002 source srt://127.0.0.1:${port} is not ready: SRT handshake failed: incorrect passphrase`]);
    const missing = await verify([target("srt", input("5000002", "SRT_CALLER", [], [source("srt-missing")]))]);
    assert.match(missing.messages[0] ?? "", /is not ready: secret arn:aws:secretsmanager:us-west-2:123456789012:secret:srt-missing not found$/);
    const right = await verify([target("srt", input("5000002", "SRT_CALLER", [], [source("srt-pass")]))]);
    assert.deepEqual(right.messages, []);
  });

  it("reports a failed handshake when nothing listens, within the deadline", { timeout: 15_000 }, async () => {
    const port = String(await freeUdpPort());
    // Budget 5000 ms → libsrt gives up after its 3 s connect timeout, well before the kill.
    const result = await verify([target("", input("5000003", "SRT_CALLER", [], [{ srtListenerAddress: "127.0.0.1", srtListenerPort: port, streamId: "live/a" }]))], 5000);
    assert.deepEqual(result.messages, [`Input 5000003 source srt://127.0.0.1:${port}?streamid=live%2Fa is not ready: SRT handshake failed`]);
    assert.ok(result.elapsedMs < 5000 + 1000, `took ${result.elapsedMs} ms`);
    console.log(`SRT with nothing listening failed in ${Math.round(result.elapsedMs)} ms (budget 5000 ms)`);
  });
});

describe("verifyPullInputs: many sources", { timeout: 30_000 }, () => {
  it("checks all sources in parallel: the call takes as long as the slowest, not the sum", { timeout: 15_000 }, async () => {
    const timeoutMs = 2000;
    const silentUrl = `http://127.0.0.1:${silentPort}/a.m3u8`;
    const targets = [
      target("t0", input("6000000", "URL_PULL", [{ url: silentUrl }]), 0),
      target("t1", input("6000001", "URL_PULL", [{ url: `http://127.0.0.1:${silentPort}/b.m3u8` }]), 1),
      target("t2", input("6000002", "RTMP_PULL", [{ url: `rtmp://127.0.0.1:${silentPort}/live/a` }]), 2),
      target("t3", input("6000003", "TS_FILE", [{ url: `http://127.0.0.1:${silentPort}/a.ts` }]), 3),
      target("t4", input("6000004", "SRT_CALLER", [], [{ srtListenerAddress: "127.0.0.1", srtListenerPort: String(await freeUdpPort()) }]), 4),
      target("t5", input("6000005", "URL_PULL", [{ url: `${originUrl}/live/v.m3u8` }]), 5),
    ];
    const result = await verify(targets, timeoutMs);
    assert.equal(result.messages.length, 5);
    assert.deepEqual(result.paths, [0, 1, 2, 3, 4].map((i) => `inputAttachments[${i}].inputId`));
    // Five sources that each use most of their 2 s budget: sequentially ≥ 8 s.
    assert.ok(result.elapsedMs < timeoutMs + 1000, `took ${result.elapsedMs} ms`);
    assert.deepEqual(ffprobeChildren(), []);
  });

  it("never throws, even for records it cannot make sense of", { timeout: 10_000 }, async () => {
    const broken = { ...input("6000010", "URL_PULL", [{ url: "::not a url::" }]) };
    const result = await verify([target("odd", broken)], 1000);
    assert.equal(result.messages.length, 1);
    assert.match(result.messages[0] ?? "", /^Attachment "odd": input 6000010 source ::not a url:: is not ready: /);
  });
});
