// SCTE-35 of a TS_FILE input: a file made with the project's TsMuxer carries a splice_insert on
// SCTE-35 PID 500 (sent three times ahead of its splice, as senders do). The sections are read
// from the file with their places (readTsFileCues), handed out before the right pictures
// (TsFileCues: a clip skips the earlier ones, a looping pass gets them again on its clock), and,
// through the real pull edge (ffmpeg playing the file at its pace), arrive as scte35 events on
// PID 500 whose splice time is on the clock of the pictures the edge hands on — also for the
// same file served over http:// behind Basic authentication (readTsUrlCues: the edge's own GET
// beside ffmpeg's), where refusals are reasons and a file declaring no SCTE-35 PID is dropped
// after its first megabytes.

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describe, it } from "node:test";
import { pullEdge } from "../../../src/ingest/edges/pull-edge.ts";
import type { InputEdgeEvent } from "../../../src/ingest/input-edge.ts";
import { readTsFileCues, TsFileCues } from "../../../src/ingest/pull/ts-file-cues.ts";
import { readTsUrlCues } from "../../../src/ingest/pull/ts-url-cues.ts";
import { parseSpliceInfoSection } from "../../../src/media/scte35/splice-parser.ts";
import { spliceTimeOf } from "../../../src/media/scte35/splice-pts.ts";
import { inputRecord } from "../../helpers/input-record.ts";
import { makeTempDir } from "../../helpers/openlive-process.ts";
import { makeScte35Upstream } from "../../helpers/scte35-upstream.ts";
import { until } from "../../helpers/until.ts";

const SCTE35_PID = 500;

function splicePts(section: Uint8Array): number | null {
  const parsed = parseSpliceInfoSection(section);
  assert.ok(parsed.ok);
  return spliceTimeOf(parsed.section);
}

describe("TS_FILE SCTE-35 sections", { timeout: 60_000 }, () => {
  const folder = makeTempDir("openlive-ts-file-cues-");
  const file = path.join(folder, "cued.ts");
  writeFileSync(file, Buffer.concat(makeScte35Upstream({ folder, seconds: 4, scte35Pid: SCTE35_PID, spliceEventId: 7, spliceAtS: 3.5, breakDurationS: 2 }).flatMap((timed) => timed.packets)));

  it("reads the file's sections with the picture each follows, and hands them out before the pictures at or after it", async () => {
    const list = await readTsFileCues(file);
    assert.equal(list.cues.length, 3);
    assert.ok(list.cues.every((cue) => cue.pid === SCTE35_PID));
    const first = list.firstVideoPts90k!;
    assert.deepEqual(list.cues.map((cue) => Math.round((cue.anchorPts90k - first) / 90_000)), [0, 1, 2], "sent 3, 2 and 1 s ahead of the 3.5 s splice");
    assert.equal(splicePts(list.cues[0]!.section), first + 3.5 * 90_000);
    const frame = 3_600;
    const played = new TsFileCues(list);
    const handed = Array.from({ length: 100 }, (_, i) => played.picture(first + i * frame).length);
    assert.equal(handed.reduce((a, b) => a + b, 0), 3);
    // A clip that starts at 1.5 s plays only the last one; a second (looping) pass gets them again, moved on.
    const clip = new TsFileCues(list);
    const clipped = Array.from({ length: 70 }, (_, i) => clip.picture(first + 1.5 * 90_000 + i * frame)).flat();
    assert.equal(clipped.length, 1);
    const loop = new TsFileCues(list);
    for (let i = 0; i < 100; i += 1) loop.picture(first + i * frame);
    const secondPass = Array.from({ length: 100 }, (_, i) => loop.picture(first + (100 + i) * frame)).flat();
    assert.equal(secondPass.length, 3);
    assert.equal(splicePts(secondPass[0]!.section), first + 3.5 * 90_000 + 100 * frame);
  });

  async function playedThroughEdge(input: ReturnType<typeof inputRecord>, edgeOptions: { sourceUrl?: string; inputRoots?: string[]; resolveSecret: (name: string) => string | undefined }): Promise<void> {
    const events: InputEdgeEvent[] = [];
    const edge = pullEdge({ input, sourceIndex: 0, onEvent: (event) => events.push(event), ...edgeOptions });
    await edge.start();
    try {
      await until("the file played to its end", () => (events.some((event) => event.type === "pull-state" && event.state === "ENDED") ? true : undefined), 20_000);
    } finally {
      await edge.close();
    }
    const sections = events.flatMap((event) => (event.type === "scte35" ? [event] : []));
    assert.ok(sections.length >= 2, `sections handed on: ${sections.length}`);
    assert.ok(sections.every((event) => event.pid === SCTE35_PID));
    const pictures = events.flatMap((event) => (event.type === "unit" && event.unit.kind === "video" && event.unit.pts90k !== null ? [event.unit.pts90k] : []));
    const splice = splicePts(sections[0]!.section)!;
    // 3.5 s after the first picture at 25 fps falls between two pictures: the splice lands on the next one.
    const splicePicture = pictures.find((pts) => pts >= splice && pts - splice < 3_600);
    assert.ok(splicePicture !== undefined, `the splice PTS ${splice} is on the played pictures' clock (ffmpeg keeps the file's timestamps): ${pictures.slice(0, 3).join(",")}…`);
    const firstSectionAt = events.findIndex((event) => event.type === "scte35");
    const splicePictureAt = events.findIndex((event) => event.type === "unit" && event.unit.pts90k === splicePicture);
    assert.ok(firstSectionAt < splicePictureAt, "the section comes before its splice picture");
  }

  it("through the pull edge (ffmpeg, real time): the sections arrive on their PID, their splice on the played pictures' clock", async () => {
    const input = inputRecord({ id: "1", name: "cued-file", type: "TS_FILE", sources: [{ url: `file://${file}` }] });
    await playedThroughEdge(input, { resolveSecret: () => undefined, sourceUrl: `file://${file}`, inputRoots: [folder] });
  });

  describe("an http:// TS file", () => {
    const bytes = readFileSync(file);
    const AUTHORIZATION = `Basic ${Buffer.from("viewer:s3cret%").toString("base64")}`;
    let server: Server;
    let base = "";
    const closedEarly: string[] = [];
    const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void> = {
      "/cued.ts": (request, response) => {
        if (request.headers.authorization !== AUTHORIZATION) return void response.writeHead(401, { "www-authenticate": 'Basic realm="files"' }).end();
        response.writeHead(200, { "content-type": "video/mp2t", "content-length": bytes.length }).end(bytes);
      },
      // A program map with no SCTE-35 PID, then 8 MB of null packets (ISO/IEC 13818-1 PID 0x1FFF).
      "/plain.ts": (_request, response) => {
        const nullPacket = Buffer.alloc(188, 0xff);
        nullPacket.set([0x47, 0x1f, 0xff, 0x10]);
        const chunk = Buffer.concat(Array.from({ length: 5_000 }, () => nullPacket));
        response.writeHead(200, { "content-type": "video/mp2t" });
        let sent = 0;
        const more = (): void => {
          while (sent < 8 * 1024 * 1024) {
            sent += chunk.length;
            if (!response.write(chunk)) return void response.once("drain", more);
          }
          response.end();
        };
        response.on("close", () => {
          if (!response.writableFinished) closedEarly.push(`/plain.ts after ${sent} bytes`);
        });
        more();
      },
      "/elsewhere.ts": (_request, response) => void response.writeHead(302, { location: `file://${file}` }).end(),
    };

    it("serves the file", async () => {
      server = createServer((request, response) => (routes[request.url ?? ""] ?? ((_q, r) => void r.writeHead(404).end()))(request, response));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    it("reads the same sections as the local file, with the source's credentials; refusals are reasons", async () => {
      const signal = new AbortController().signal;
      // Sections as hex: a file's come as Buffers, a body's as Uint8Arrays.
      const comparable = (list: Awaited<ReturnType<typeof readTsFileCues>>): unknown => ({ ...list, cues: list.cues.map((cue) => ({ ...cue, section: Buffer.from(cue.section).toString("hex") })) });
      const local = comparable(await readTsFileCues(file));
      const remote = await readTsUrlCues(`${base}/cued.ts`, { signal, headersTimeoutMs: 5_000, username: "viewer", password: "s3cret%" });
      assert.equal(remote.cues.length, 3);
      assert.deepEqual(comparable(remote), local);
      // The URL's user info works the same (percent-decoded), moved into the Authorization header.
      assert.deepEqual(comparable(await readTsUrlCues(`http://viewer:s3cret%25@127.0.0.1:${(server.address() as AddressInfo).port}/cued.ts`, { signal, headersTimeoutMs: 5_000 })), local);
      await assert.rejects(readTsUrlCues(`${base}/cued.ts`, { signal, headersTimeoutMs: 5_000 }), /^TsUrlCueError: HTTP 401$/);
      await assert.rejects(readTsUrlCues(`${base}/missing.ts`, { signal, headersTimeoutMs: 5_000 }), /HTTP 404/);
      await assert.rejects(readTsUrlCues(`${base}/elsewhere.ts`, { signal, headersTimeoutMs: 5_000 }), (error: Error) => error.name === "TsUrlCueError" && !/s3cret/.test(error.message));
      await assert.rejects(readTsUrlCues(`file://${file}`, { signal, headersTimeoutMs: 5_000 }), /unsupported URL scheme file/);
      const plain = await readTsUrlCues(`${base}/plain.ts`, { signal, headersTimeoutMs: 5_000 });
      assert.deepEqual(plain.cues, []);
      await until("the server sees the download dropped", () => (closedEarly.length > 0 ? true : undefined), 5_000);
    });

    it("through the pull edge: ffmpeg plays it (credentials from passwordParam) and the sections arrive before their splice picture", async () => {
      const url = `${base}/cued.ts`;
      const input = inputRecord({ id: "2", name: "cued-url", type: "TS_FILE", sources: [{ url, username: "viewer", passwordParam: "file-password" }] });
      try {
        await playedThroughEdge(input, { resolveSecret: (name) => (name === "file-password" ? "s3cret%" : undefined) });
      } finally {
        server.close();
      }
    });
  });
});
