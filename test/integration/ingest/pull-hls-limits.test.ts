// URL_PULL against a hostile HLS origin on 127.0.0.1: an endless segment under
// #EXT-X-TARGETDURATION:3600, a segment that trickles forever, an oversize playlist, an
// endless key, and playlists that name file:// and data: segments and a file:// key. The
// client must cut each body at its (small, configured) cap, never wait longer than the
// clamped timeout, and never read anything but http(s).

import assert from "node:assert/strict";
import { createCipheriv, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { InputRecord } from "../../../src/domain/records.ts";
import { DEFAULT_HLS_FETCH_LIMITS, fetchTimeoutMs, type HlsFetchLimits } from "../../../src/ingest/pull/hls-fetch-limits.ts";
import { type PullSource } from "../../../src/ingest/pull/pull-source.ts";
import { inputRecord } from "../../helpers/input-record.ts";
import { PullSources } from "../../helpers/pull-fixtures.ts";
import type { AlertEvent } from "../../../src/shared/alerts.ts";

const NULL_PACKET = Buffer.concat([Buffer.from([0x47, 0x1f, 0xff, 0x10]), Buffer.alloc(184, 0xff)]);
const NULL_CHUNK = Buffer.concat(Array.from({ length: 350 }, () => NULL_PACKET)); // ~64 KB
/** The endless bodies stop writing here (the connection stays open), so a client without a cap holds this much and the test fails rather than the machine. */
const SERVER_STOP_BYTES = 48 * 1024 * 1024;

interface Served {
  bytesWritten: number;
  closedByClient: boolean;
}

const scratch = mkdtempSync(path.join(os.tmpdir(), "openlive-hls-limits-"));
const localTs = path.join(scratch, "local.ts");
const localKey = path.join(scratch, "local.key");
const key = randomBytes(16);
writeFileSync(localTs, Buffer.concat(Array.from({ length: 100 }, () => NULL_PACKET)));
writeFileSync(localKey, key);
const encryptedSegment = (() => {
  const iv = Buffer.alloc(16); // sequence 0, RFC 8216 §5.2
  const cipher = createCipheriv("aes-128-cbc", key, iv);
  return Buffer.concat([cipher.update(Buffer.concat(Array.from({ length: 100 }, () => NULL_PACKET))), cipher.final()]);
})();
const dataSegment = `data:video/mp2t;base64,${Buffer.concat(Array.from({ length: 20 }, () => NULL_PACKET)).toString("base64")}`;

const media = (target: number, lines: string[]): string => ["#EXTM3U", "#EXT-X-VERSION:3", `#EXT-X-TARGETDURATION:${target}`, "#EXT-X-MEDIA-SEQUENCE:0", ...lines, ""].join("\n");
const PLAYLISTS: Record<string, string> = {
  "/evil/index.m3u8": media(3600, ["#EXTINF:3600.0,", "/evil/endless.ts"]),
  "/evil/trickle.m3u8": media(3600, ["#EXTINF:3600.0,", "/evil/trickle.ts"]),
  "/evil/big.m3u8": media(2, ["#EXTINF:2.0,", "/ok.ts", `#${"x".repeat(64 * 1024)}`]),
  "/evil/endless-key.m3u8": media(2, ['#EXT-X-KEY:METHOD=AES-128,URI="/evil/endless.key"', "#EXTINF:2.0,", "/enc.ts", "#EXT-X-ENDLIST"]),
  "/evil/file.m3u8": media(2, ["#EXTINF:2.0,", "file:///etc/passwd", "#EXTINF:2.0,", `file://${localTs}`, "#EXTINF:2.0,", dataSegment, "#EXT-X-ENDLIST"]),
  "/evil/key.m3u8": media(2, [`#EXT-X-KEY:METHOD=AES-128,URI="file://${localKey}"`, "#EXTINF:2.0,", "/enc.ts", "#EXTINF:2.0,", "/enc.ts", "#EXTINF:2.0,", "/enc.ts", "#EXT-X-ENDLIST"]),
  "/evil/master.m3u8": ["#EXTM3U", "#EXT-X-STREAM-INF:BANDWIDTH=1000000", `file://${path.join(scratch, "variant.m3u8")}`, ""].join("\n"),
};
writeFileSync(path.join(scratch, "variant.m3u8"), media(2, ["#EXTINF:2.0,", `file://${localTs}`, "#EXT-X-ENDLIST"]));

const served = new Map<string, Served>();
let server: Server;
let base: string;

function endless(response: ServerResponse, record: Served, everyMs: number, chunk: Buffer): void {
  response.writeHead(200, { "content-type": "video/mp2t" });
  response.on("close", () => (record.closedByClient = true));
  const write = (): void => {
    if (record.closedByClient || record.bytesWritten >= SERVER_STOP_BYTES) return;
    record.bytesWritten += chunk.length;
    const more = response.write(chunk);
    if (everyMs > 0) setTimeout(write, everyMs);
    else if (more) setImmediate(write);
    else response.once("drain", write);
  };
  write();
}

before(async () => {
  server = createServer((request, response) => {
    const url = request.url ?? "/";
    const record: Served = { bytesWritten: 0, closedByClient: false };
    served.set(url, record);
    const playlist = PLAYLISTS[url];
    if (playlist !== undefined) {
      response.writeHead(200, { "content-type": "application/vnd.apple.mpegurl" });
      response.end(playlist);
    } else if (url === "/evil/endless.ts") endless(response, record, 0, NULL_CHUNK);
    else if (url === "/evil/trickle.ts") endless(response, record, 100, NULL_PACKET);
    else if (url === "/evil/endless.key") endless(response, record, 0, NULL_CHUNK);
    else if (url === "/enc.ts") response.end(encryptedSegment);
    else if (url === "/ok.ts") response.end(NULL_CHUNK);
    else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

const sources = new PullSources();
after(async () => {
  await sources.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(scratch, { recursive: true, force: true });
});

function input(url: string): InputRecord {
  return inputRecord({ id: "7654321", name: "evil", type: "URL_PULL", sources: [{ url }] });
}

interface Pulled {
  readonly source: PullSource;
  readonly warnings: string[];
  readonly alerts: AlertEvent[];
  tsBytes: number;
}

function pull(pathName: string, limits: Partial<HlsFetchLimits>): Pulled {
  const pulled: Pulled = { source: undefined as unknown as PullSource, warnings: [], alerts: [], tsBytes: 0 };
  const source = sources.start({
    input: input(`${base}${pathName}`),
    sourceIndex: 0,
    resolveSecret: () => undefined,
    hlsInputSettings: { retries: 0 },
    hlsFetchLimits: limits,
    onTs: (bytes) => (pulled.tsBytes += bytes.length),
    onAlert: (alert) => pulled.alerts.push(alert),
    logger: { warn: (obj) => pulled.warnings.push(String((obj as { reason?: unknown }).reason)), info: () => undefined },
  });
  (pulled as { source: PullSource }).source = source;
  return pulled;
}

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<number> {
  const startedMs = performance.now();
  while (!condition()) {
    if (performance.now() - startedMs > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return performance.now() - startedMs;
}

const MIB = 1024 * 1024;

describe("HLS pull limits: byte caps and the clamped timeout", { timeout: 60_000 }, () => {
  it("clamps the fetch timeout to 30 s whatever the target duration says", () => {
    assert.equal(fetchTimeoutMs(3_600_000, DEFAULT_HLS_FETCH_LIMITS), 30_000);
    assert.equal(fetchTimeoutMs(6_000, DEFAULT_HLS_FETCH_LIMITS), 12_000);
    assert.equal(fetchTimeoutMs(1_000, DEFAULT_HLS_FETCH_LIMITS), 10_000);
  });

  it("cuts an endless segment under TARGETDURATION:3600 at the segment cap, with bounded memory", async () => {
    const capBytes = 1 * MIB;
    const baseline = process.memoryUsage();
    let peakArrayBuffers = baseline.arrayBuffers;
    let peakRss = baseline.rss;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakArrayBuffers = Math.max(peakArrayBuffers, now.arrayBuffers);
      peakRss = Math.max(peakRss, now.rss);
    }, 10);
    const pulled = pull("/evil/index.m3u8", { maxSegmentBytes: capBytes });
    try {
      await until(() => pulled.warnings.some((w) => w.includes(`segment larger than ${capBytes} bytes; download stopped`)), "the segment cap", 10_000);
      await until(() => served.get("/evil/endless.ts")?.closedByClient === true, "the client to drop the connection", 5_000);
    } finally {
      clearInterval(sampler);
    }
    const record = served.get("/evil/endless.ts")!;
    const growthArrayBuffersMiB = (peakArrayBuffers - baseline.arrayBuffers) / MIB;
    const growthRssMiB = (peakRss - baseline.rss) / MIB;
    console.log(`endless segment: server wrote ${(record.bytesWritten / MIB).toFixed(1)} MiB before the client closed; peak arrayBuffers +${growthArrayBuffersMiB.toFixed(1)} MiB, peak RSS +${growthRssMiB.toFixed(1)} MiB (cap ${capBytes / MIB} MiB)`);
    // The server may have written a few socket buffers past the cap before the close reached it.
    assert.ok(record.bytesWritten < capBytes + 8 * MIB, `server wrote ${record.bytesWritten} bytes`);
    assert.ok(growthArrayBuffersMiB < 16, `arrayBuffers grew ${growthArrayBuffersMiB} MiB`);
    assert.ok(growthRssMiB < 64, `RSS grew ${growthRssMiB} MiB`);
    assert.equal(pulled.tsBytes, 0);
    await pulled.source.close();
  });

  it("stops waiting for a trickling segment at the clamped timeout, not at 2 × 3600 s", async () => {
    const pulled = pull("/evil/trickle.m3u8", { minFetchTimeoutMs: 200, maxFetchTimeoutMs: 800 });
    const elapsedMs = await until(() => pulled.warnings.some((w) => w.includes("timeout after 800 ms")), "the clamped timeout", 10_000);
    assert.ok(elapsedMs < 5_000, `took ${elapsedMs} ms`);
    await until(() => served.get("/evil/trickle.ts")?.closedByClient === true, "the client to drop the trickle", 5_000);
    await pulled.source.close();
  });

  it("refuses an oversize playlist with a clear alert", async () => {
    const pulled = pull("/evil/big.m3u8", { maxPlaylistBytes: 4096 });
    await until(() => pulled.alerts.some((a) => a.state === "SET" && a.message.includes("playlist larger than 4096 bytes; download stopped")), "the playlist cap alert", 10_000);
    assert.equal(pulled.tsBytes, 0);
    assert.equal(served.has("/ok.ts"), false, "no segment of the refused playlist was fetched");
    await pulled.source.close();
  });

  it("refuses an endless AES key at the default 16-byte cap", async () => {
    const pulled = pull("/evil/endless-key.m3u8", {});
    await until(() => pulled.warnings.some((w) => w.includes(`key larger than ${DEFAULT_HLS_FETCH_LIMITS.maxKeyBytes} bytes; download stopped`)), "the key cap", 10_000);
    await until(() => served.get("/evil/endless.key")?.closedByClient === true, "the client to drop the key", 5_000);
    assert.ok(served.get("/evil/endless.key")!.bytesWritten < 8 * MIB);
    assert.equal(pulled.tsBytes, 0);
    await pulled.source.close();
  });
});

describe("HLS pull: only http(s) is fetched for segments, keys and variants", { timeout: 60_000 }, () => {
  it("never reads file:// or data: segments named by a remote playlist", async () => {
    const pulled = pull("/evil/file.m3u8", {});
    await until(() => pulled.alerts.some((a) => a.state === "SET" && a.alertType !== undefined && a.message.includes("3 segments in a row failed")), "the source to give up", 10_000);
    assert.equal(pulled.tsBytes, 0, "nothing local (or inline) reached the output");
    assert.equal(pulled.source.stats.segmentsIn, 0);
    assert.ok(pulled.warnings.some((w) => w.includes("unsupported URL scheme file")), pulled.warnings.join("\n"));
    assert.ok(pulled.warnings.some((w) => w.includes("unsupported URL scheme data")), pulled.warnings.join("\n"));
    await pulled.source.close();
  });

  it("never reads a file:// key (the http segment encrypted with it is not decrypted)", async () => {
    const pulled = pull("/evil/key.m3u8", {});
    await until(() => pulled.alerts.some((a) => a.state === "SET" && a.message.includes("3 segments in a row failed")), "the source to give up", 10_000);
    assert.equal(pulled.tsBytes, 0, "the local key was not used");
    assert.ok(pulled.warnings.some((w) => w.includes("unsupported URL scheme file")), pulled.warnings.join("\n"));
    await pulled.source.close();
  });

  it("never reads a file:// variant named by a remote master playlist", async () => {
    const pulled = pull("/evil/master.m3u8", {});
    await until(() => pulled.alerts.some((a) => a.state === "SET" && a.message.includes("unsupported URL scheme file")), "the variant refusal", 10_000);
    assert.equal(pulled.tsBytes, 0);
    await pulled.source.close();
  });
});
