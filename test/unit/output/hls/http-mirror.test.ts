// HttpMirror against a real HTTP server on 127.0.0.1 and a real folder: every playlist the
// server receives lists only segments it already has, even when the server fails each
// file's first PUT (so the mirror falls behind and a queued playlist is overtaken by the
// encoder), and a segment the server never takes does not hold the playlists back forever.

import assert from "node:assert/strict";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { READ_BACK_MAX_BYTES } from "../../../../src/output/hls/folder-mirror.ts";
import { HttpMirror, HttpTransport, playlistReferences } from "../../../../src/output/hls/http-mirror.ts";
import { until } from "../../../helpers/until.ts";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Cdn {
  readonly url: string;
  readonly stored: Map<string, string>;
  /** Every playlist PUT stored, with the listed segments the server did not have at that moment. */
  readonly playlists: { name: string; missing: string[] }[];
  close(): Promise<void>;
}

/** A CDN that refuses each file's first PUT (503), and every PUT of the names in `refuse`. */
async function startCdn(refuse: ReadonlySet<string> = new Set()): Promise<Cdn> {
  const stored = new Map<string, string>();
  const playlists: { name: string; missing: string[] }[] = [];
  const failedOnce = new Set<string>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const name = path.posix.basename(new URL(request.url ?? "/", "http://cdn").pathname);
      if (request.method === "PUT" && (refuse.has(name) || !failedOnce.has(name))) {
        failedOnce.add(name);
        response.writeHead(503).end();
        return;
      }
      if (request.method === "PUT") {
        const body = Buffer.concat(chunks).toString("utf8");
        if (name.endsWith(".m3u8")) playlists.push({ name, missing: playlistReferences(body).filter((listed) => !stored.has(listed)) });
        stored.set(name, body);
      } else if (request.method === "DELETE") {
        stored.delete(name);
      }
      response.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/live/`, stored, playlists, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Writes like ffmpeg's hls muxer with temp_file: into name.tmp, then a rename. */
function publish(folder: string, name: string, content: string): void {
  writeFileSync(path.join(folder, `${name}.tmp`), content);
  renameSync(path.join(folder, `${name}.tmp`), path.join(folder, name));
}

const mediaPlaylist = (segments: readonly string[]): string =>
  ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:1", ...segments.flatMap((segment) => ["#EXTINF:1.0,", segment]), ""].join("\n");

describe("HttpMirror", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** A started mirror of a new folder to a new CDN (see startCdn), closed after the tests. */
  const mirrorToCdn = async (refuse: ReadonlySet<string>, numRetries: number, retryIntervalMs: number): Promise<{ cdn: Cdn; folder: string; failures: string[] }> => {
    const cdn = await startCdn(refuse);
    cleanups.push(() => cdn.close());
    const folder = mkdtempSync(path.join(os.tmpdir(), "openlive-mirror-"));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const failures: string[] = [];
    const mirror = new HttpMirror({ folder, url: cdn.url, numRetries, retryIntervalMs, onFailure: (message) => failures.push(message) });
    cleanups.push(() => mirror.close());
    mirror.start();
    return { cdn, folder, failures };
  };

  it("reads the files of the folder a playlist names (URI lines and URI attributes), not paths elsewhere", () => {
    const master = [
      "#EXTM3U",
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="en",URI="index_subs.m3u8"',
      '#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1000,URI="index_iframes.m3u8"',
      "#EXT-X-STREAM-INF:BANDWIDTH=3000000",
      "index_720p.m3u8",
      "#EXT-X-STREAM-INF:BANDWIDTH=3000000",
      "../1/index_720p.m3u8",
      "#EXT-X-STREAM-INF:BANDWIDTH=1000000",
      "https://elsewhere.example/index_360p.m3u8",
      "",
    ].join("\r\n");
    assert.deepEqual(playlistReferences(master), ["index_subs.m3u8", "index_iframes.m3u8", "index_720p.m3u8"]);
    assert.deepEqual(playlistReferences(mediaPlaylist(["a_00001.ts", "a_00002.ts"])), ["a_00001.ts", "a_00002.ts"]);
  });

  it("never sends a playlist before the segments it lists, though every first PUT fails and new segments overtake the queue", async () => {
    const { cdn, folder, failures } = await mirrorToCdn(new Set(), 3, 150);

    // An encoder faster than the mirror: a segment and its playlist every 100 ms, each first PUT costing 150 ms.
    const segments: string[] = [];
    publish(folder, "index.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=300000\nindex_720p.m3u8\n");
    for (let n = 1; n <= 12; n++) {
      const segment = `index_720p_${String(n).padStart(5, "0")}.ts`;
      publish(folder, segment, `segment ${n}`.padEnd(376, "."));
      segments.push(segment);
      publish(folder, "index_720p.m3u8", mediaPlaylist(segments.slice(-3)));
      await sleep(100);
    }
    await until("the last playlist stored", () => (cdn.stored.get("index_720p.m3u8")?.includes("index_720p_00012.ts") ? true : undefined), 20_000);

    const variants = cdn.playlists.filter((playlist) => playlist.name === "index_720p.m3u8");
    assert.ok(variants.length >= 2, `the variant playlist was sent more than once (${variants.length})`);
    assert.deepEqual(cdn.playlists.filter((playlist) => playlist.missing.length > 0), [], "no playlist named a segment the CDN lacked");
    assert.ok(cdn.playlists.some((playlist) => playlist.name === "index.m3u8"), "the master playlist was sent");
    for (const segment of segments.slice(-3)) assert.ok(cdn.stored.has(segment), `${segment} stored`);
    assert.deepEqual(failures, []);
  });

  it("sends an fMP4 variant's initialization segment before any playlist naming it (EXT-X-MAP) and keeps it while segments expire", async () => {
    const { cdn, folder, failures } = await mirrorToCdn(new Set(), 3, 100);
    const fmp4Playlist = (segments: readonly string[]): string =>
      ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-TARGETDURATION:1", '#EXT-X-MAP:URI="index_720p_init.mp4"', ...segments.flatMap((segment) => ["#EXTINF:1.0,", segment]), ""].join("\n");
    assert.deepEqual(playlistReferences(fmp4Playlist(["index_720p_00001.mp4"])), ["index_720p_init.mp4", "index_720p_00001.mp4"]);
    // As ffmpeg's fmp4 HLS muxer: the init file once, then segments, the oldest deleted beyond the window.
    publish(folder, "index_720p_init.mp4", "ftyp moov");
    const segments: string[] = [];
    for (let n = 1; n <= 6; n++) {
      const segment = `index_720p_${String(n).padStart(5, "0")}.mp4`;
      publish(folder, segment, `moof mdat ${n}`);
      segments.push(segment);
      if (segments.length > 3) rmSync(path.join(folder, segments.shift()!));
      publish(folder, "index_720p.m3u8", fmp4Playlist(segments));
      await sleep(80);
    }
    await until("the last playlist stored", () => (cdn.stored.get("index_720p.m3u8")?.includes("index_720p_00006.mp4") ? true : undefined), 20_000);
    await until("expired segments deleted", () => (cdn.stored.has("index_720p_00001.mp4") ? undefined : true), 10_000);
    assert.deepEqual(cdn.playlists.filter((playlist) => playlist.missing.length > 0), [], "no playlist named an init file or segment the CDN lacked");
    assert.equal(cdn.stored.get("index_720p_init.mp4"), "ftyp moov", "the initialization segment stays");
    assert.deepEqual(failures, []);
  });

  it("a segment the encoder expired before the mirror could send it: the playlist goes in a newer version, never naming it", async () => {
    const { cdn, folder, failures } = await mirrorToCdn(new Set(), 3, 100);
    // An encoder far ahead of the mirror (each first PUT costs 100 ms): a 2-segment window moving every 20 ms,
    // each segment deleted as it leaves the playlist — most are gone before the mirror reaches them.
    const segments: string[] = [];
    for (let n = 1; n <= 15; n++) {
      const segment = `index_720p_${String(n).padStart(5, "0")}.ts`;
      publish(folder, segment, `segment ${n}`);
      segments.push(segment);
      if (segments.length > 2) rmSync(path.join(folder, segments.shift()!));
      publish(folder, "index_720p.m3u8", mediaPlaylist(segments));
      await sleep(20);
    }
    await until("the last playlist stored", () => (cdn.stored.get("index_720p.m3u8")?.includes("index_720p_00015.ts") ? true : undefined), 20_000);
    assert.ok(cdn.playlists.length >= 1);
    assert.deepEqual(cdn.playlists.filter((playlist) => playlist.missing.length > 0), [], "no playlist named a segment the CDN lacked");
    assert.deepEqual(failures, []);
  });

  it("a segment refused on every attempt is given up (an alert), and the playlists after it still go", async () => {
    const { cdn, folder, failures } = await mirrorToCdn(new Set(["seg_00002.ts"]), 2, 50);

    const segments: string[] = [];
    for (let n = 1; n <= 4; n++) {
      segments.push(`seg_${String(n).padStart(5, "0")}.ts`);
      publish(folder, segments.at(-1)!, `segment ${n}`);
      publish(folder, "seg.m3u8", mediaPlaylist(segments));
      await sleep(60);
    }
    await until("the playlist listing segment 4 stored", () => (cdn.stored.get("seg.m3u8")?.includes("seg_00004.ts") ? true : undefined), 10_000);
    assert.equal(failures.length, 1, failures.join("\n"));
    assert.match(failures[0]!, /^PUT http:\/\/127\.0\.0\.1:\d+\/live\/seg_00002\.ts failed after 3 attempts: HTTP 503$/);
    assert.equal(cdn.stored.has("seg_00002.ts"), false);
    for (const segment of ["seg_00001.ts", "seg_00003.ts", "seg_00004.ts"]) assert.ok(cdn.stored.has(segment), `${segment} stored`);
    // Only the refused segment may be missing from what the CDN got.
    assert.deepEqual([...new Set(cdn.playlists.flatMap((playlist) => playlist.missing))], ["seg_00002.ts"]);
  });
});

describe("HttpTransport.get (a playlist read back from the destination)", () => {
  const servers: Server[] = [];
  after(() => {
    for (const server of servers) server.close();
  });

  /** A destination answering every GET with `answer`. */
  async function destination(answer: (response: ServerResponse) => void): Promise<string> {
    const server = createServer((_request, response) => answer(response));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}/live/`;
  }

  it("reads a playlist; a 404 is no playlist; a body over READ_BACK_MAX_BYTES, declared or streamed, is refused without reading it all", async () => {
    const playlist = "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:4\n";
    assert.equal((await new HttpTransport({ url: await destination((response) => response.end(playlist)) }).get("index.m3u8"))?.toString(), playlist);
    assert.equal(await new HttpTransport({ url: await destination((response) => response.writeHead(404).end("gone")) }).get("index.m3u8"), undefined);

    const declared = await destination((response) => response.writeHead(200, { "content-length": String(READ_BACK_MAX_BYTES + 1) }).end());
    await assert.rejects(new HttpTransport({ url: declared }).get("index.m3u8"), /larger than 8388608 bytes; not read back/);

    // No Content-Length: chunks keep coming far past the cap; the read stops at it.
    let sentBytes = 0;
    const endless = await destination((response) => {
      const chunk = Buffer.alloc(1024 * 1024, 0x23);
      const more = (): void => {
        while (sentBytes < 64 * READ_BACK_MAX_BYTES && response.write(chunk)) sentBytes += chunk.length;
        if (sentBytes < 64 * READ_BACK_MAX_BYTES) response.once("drain", more);
      };
      response.on("error", () => undefined);
      more();
    });
    await assert.rejects(new HttpTransport({ url: endless }).get("index.m3u8"), /larger than 8388608 bytes; not read back/);
    assert.ok(sentBytes < 64 * READ_BACK_MAX_BYTES, `the connection was dropped before the destination sent everything (${sentBytes} bytes sent)`);
  });
});
