// The SCTE-35 read of an http(s):// TS_FILE input (ingest/pull/ts-url-cues.ts: the pull edge's own
// GET beside ffmpeg's) against hostile HTTP servers on loopback: headers that never come;
// headers, then a body that stalls; a body that trickles; a transport stream that never ends
// and carries far more SCTE-35 sections than a read keeps — small ones (the section count cap)
// and 4096-byte ones (the section byte cap); 404 and 500; bytes that are not a transport
// stream, a few or endless. Each read must end once, with a reason that says what happened, within its
// timeouts (or as soon as the caps or the first megabytes are passed); the server must see the
// connection dropped, having written no more than a bounded amount; and the process must not
// grow by more than a bound while the floods run.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { DEFAULT_TS_CUE_CAPS } from "../../../src/ingest/pull/ts-file-cues.ts";
import { readTsUrlCues, type TsUrlCueOptions } from "../../../src/ingest/pull/ts-url-cues.ts";
import { StreamTypes } from "../../../src/media/mpegts/constants.ts";
import { crc32Mpeg2 } from "../../../src/media/mpegts/crc32-mpeg2.ts";
import { TsMuxer } from "../../../src/media/mpegts/ts-muxer.ts";
import { scte35PmtStream, scte35ProgramDescriptors } from "../../../src/media/scte35/scte35-pmt.ts";
import { spliceSection, writeSpliceInfoSection } from "../../../src/media/scte35/splice-writer.ts";
import { sampleMemoryGrowth } from "../../helpers/memory-growth.ts";
import { until } from "../../helpers/until.ts";

const SCTE35_PID = 500;
const HEADERS_TIMEOUT_MS = 1_000;
const BODY_PACE = { idleTimeoutMs: 1_000, minBytesPerWindow: 8 * 1024 } as const;
/** A read not ended by then never will be. */
const END_DEADLINE_MS = 15_000;
/** What the server may have written when a flood's read ended: what the read took before its cap, and the sockets' buffers. */
const MAX_WRITTEN_BYTES = 48 * 1024 * 1024;
/** What the process may grow by while a flood runs (sections kept up to 8 MiB, chunks in flight, not yet collected). */
const MAX_GROWTH_BYTES = 64 * 1024 * 1024;

/** A private section of `totalBytes` (at most 4096, ISO/IEC 13818-1 §2.4.4.10) with table_id 0xFC and a good CRC_32. */
function rawSpliceSection(totalBytes: number): Uint8Array {
  const section = new Uint8Array(totalBytes);
  const sectionLength = totalBytes - 3;
  section.set([0xfc, 0x30 | (sectionLength >> 8), sectionLength & 0xff]);
  new DataView(section.buffer).setUint32(totalBytes - 4, crc32Mpeg2(section, 0, totalBytes - 4));
  return section;
}

/** A transport stream's program map (an SCTE-35 PID, 'CUEI'), then `section` on that PID for as long as the client reads. */
function sectionFlood(section: Uint8Array): () => Buffer {
  const muxer = new TsMuxer({ streams: [{ pid: 256, streamType: StreamTypes.H264 }, scte35PmtStream(SCTE35_PID)], programDescriptors: scte35ProgramDescriptors() });
  let first = true;
  return () => {
    const packets = Array.from({ length: 64 }, () => muxer.sections(SCTE35_PID, [section])).flat();
    const psi = first ? muxer.psi(0) : [];
    first = false;
    return Buffer.concat([...psi, ...packets]);
  };
}

interface Served {
  /** Bytes written to the route's responses so far. */
  written: number;
  /** Responses that ended before the route ended them (the client dropped the connection). */
  dropped: number;
}

/** Writes `next()` chunks as fast as the client takes them, until it drops the connection. */
function endless(next: () => Buffer, served: Served) {
  return (_request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(200, { "content-type": "video/mp2t" });
    const more = (): void => {
      while (!response.destroyed) {
        const chunk = next();
        served.written += chunk.length;
        if (!response.write(chunk)) return void response.once("drain", more);
      }
    };
    more();
  };
}

describe("SCTE-35 read of an http(s) TS file against hostile servers", { timeout: 120_000 }, () => {
  let server: Server;
  let base = "";
  const served = new Map<string, Served>();
  const timers = new Set<NodeJS.Timeout>();
  const routes: Record<string, (request: IncomingMessage, response: ServerResponse, served: Served) => void> = {
    "/silent": () => {},
    "/stall": (_request, response) => {
      response.writeHead(200, { "content-type": "video/mp2t" });
      response.flushHeaders();
    },
    // 100 bytes every 100 ms: 1 KB/s, a byte at a time would do the same.
    "/trickle": (_request, response, each) => {
      response.writeHead(200, { "content-type": "video/mp2t" });
      const timer = setInterval(() => {
        if (response.destroyed) return void clearInterval(timer);
        each.written += 100;
        response.write(Buffer.alloc(100, 0x47));
      }, 100);
      timers.add(timer);
    },
    "/many-sections.ts": (request, response, each) => endless(sectionFlood(writeSpliceInfoSection(spliceSection({ kind: "splice_null" }))), each)(request, response),
    "/big-sections.ts": (request, response, each) => endless(sectionFlood(rawSpliceSection(4096)), each)(request, response),
    "/garbage.ts": (request, response, each) => endless(() => randomBytes(64 * 1024), each)(request, response),
    "/short-garbage.ts": (_request, response) => void response.writeHead(200, { "content-type": "video/mp2t" }).end(randomBytes(100_000)),
    "/missing.ts": (_request, response) => void response.writeHead(404).end("no such file"),
    "/broken.ts": (_request, response) => void response.writeHead(500).end("internal error"),
  };

  before(async () => {
    server = createServer((request, response) => {
      const each = served.get(request.url ?? "") ?? { written: 0, dropped: 0 };
      served.set(request.url ?? "", each);
      response.on("close", () => {
        if (!response.writableFinished) each.dropped += 1;
      });
      (routes[request.url ?? ""] ?? ((_q: IncomingMessage, r: ServerResponse) => void r.writeHead(404).end()))(request, response, each);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const timer of timers) clearInterval(timer);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const options = (): TsUrlCueOptions => ({ signal: new AbortController().signal, headersTimeoutMs: HEADERS_TIMEOUT_MS, bodyPace: BODY_PACE });

  /** The read's rejection, how long it took, and how far the process grew meanwhile. */
  async function failedRead(route: string): Promise<{ readonly message: string; readonly tookMs: number; readonly growthBytes: number }> {
    const startedAt = Date.now();
    const growth = sampleMemoryGrowth(20);
    try {
      await readTsUrlCues(`${base}${route}`, options());
    } catch (error) {
      assert.ok(error instanceof Error && error.name === "TsUrlCueError", `${route}: a TsUrlCueError (${String(error)})`);
      return { message: error.message, tookMs: Date.now() - startedAt, growthBytes: growth.stop() };
    } finally {
      growth.stop();
    }
    assert.fail(`${route}: the read ended without an error`);
  }

  /** The server saw the client drop the connection of `route`. */
  async function droppedBy(route: string): Promise<Served> {
    return until(`the client drops ${route}`, () => ((served.get(route)?.dropped ?? 0) > 0 ? served.get(route) : undefined), 5_000);
  }

  it("headers that never come: a timeout after the headers timeout", async () => {
    const { message, tookMs } = await failedRead("/silent");
    assert.equal(message, `timeout after ${HEADERS_TIMEOUT_MS} ms`);
    assert.ok(tookMs < END_DEADLINE_MS, `ended after ${tookMs} ms`);
    await droppedBy("/silent");
  });

  it("headers, then a body that stalls: no byte for the idle timeout", async () => {
    const { message, tookMs } = await failedRead("/stall");
    assert.equal(message, "response body stalled: no byte for 1 s");
    assert.ok(tookMs >= BODY_PACE.idleTimeoutMs && tookMs < END_DEADLINE_MS, `ended after ${tookMs} ms`);
    await droppedBy("/stall");
  });

  it("a body that trickles (bytes always within the idle timeout): too slow", async () => {
    const { message, tookMs } = await failedRead("/trickle");
    assert.match(message, /^response body too slow: \d+ bytes in 1 s \(at least 8192 wanted\)$/);
    assert.ok(tookMs < END_DEADLINE_MS, `ended after ${tookMs} ms`);
    await droppedBy("/trickle");
  });

  it("an endless stream of small sections: stopped at the section count cap", async () => {
    const { message, tookMs, growthBytes } = await failedRead("/many-sections.ts");
    assert.match(message, new RegExp(`^more SCTE-35 sections than one file's read keeps \\(${DEFAULT_TS_CUE_CAPS.maxSections} sections, ${DEFAULT_TS_CUE_CAPS.maxSectionBytes} bytes\\); read stopped after \\d+ bytes$`));
    const { written } = await droppedBy("/many-sections.ts");
    // 36 000 one-packet sections: about 6.8 MB read.
    assert.ok(written > DEFAULT_TS_CUE_CAPS.maxSections * 188 && written < MAX_WRITTEN_BYTES, `the server wrote ${written} bytes`);
    assert.ok(growthBytes < MAX_GROWTH_BYTES, `the process grew by ${growthBytes} bytes`);
    assert.ok(tookMs < END_DEADLINE_MS, `ended after ${tookMs} ms`);
  });

  it("an endless stream of 4096-byte sections: stopped at the section byte cap", async () => {
    const { message, growthBytes } = await failedRead("/big-sections.ts");
    const stoppedAfter = Number(/read stopped after (\d+) bytes$/.exec(message)?.[1]);
    assert.match(message, /^more SCTE-35 sections than one file's read keeps/);
    // 2048 sections of 4096 bytes fill the byte cap, long before the count cap.
    assert.ok(stoppedAfter > DEFAULT_TS_CUE_CAPS.maxSectionBytes && stoppedAfter < 2 * DEFAULT_TS_CUE_CAPS.maxSectionBytes, `stopped after ${stoppedAfter} bytes`);
    const { written } = await droppedBy("/big-sections.ts");
    assert.ok(written < MAX_WRITTEN_BYTES, `the server wrote ${written} bytes`);
    assert.ok(growthBytes < MAX_GROWTH_BYTES, `the process grew by ${growthBytes} bytes`);
  });

  it("404 and 500: the status", async () => {
    assert.equal((await failedRead("/missing.ts")).message, "HTTP 404");
    assert.equal((await failedRead("/broken.ts")).message, "HTTP 500");
  });

  it("bytes that are not a transport stream: refused at their end, or after the first megabytes of an endless body", async () => {
    assert.match((await failedRead("/short-garbage.ts")).message, /^not an MPEG transport stream: \d+ of 100000 bytes read were in 188-byte packets$/);
    const { message, growthBytes } = await failedRead("/garbage.ts");
    const [, packetBytes, bytesRead] = /^not an MPEG transport stream: (\d+) of (\d+) bytes read were in 188-byte packets$/.exec(message) ?? [];
    assert.ok(Number(packetBytes) < Number(bytesRead) / 2 && Number(bytesRead) >= 4 * 1024 * 1024, message);
    const { written } = await droppedBy("/garbage.ts");
    assert.ok(written < MAX_WRITTEN_BYTES, `the server wrote ${written} bytes`);
    assert.ok(growthBytes < MAX_GROWTH_BYTES, `the process grew by ${growthBytes} bytes`);
  });
});
