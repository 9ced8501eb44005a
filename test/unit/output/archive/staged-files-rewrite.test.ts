import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { StreamTypes } from "../../../../src/media/mpegts/constants.ts";
import { TsDemuxer } from "../../../../src/media/mpegts/ts-demuxer.ts";
import { TsMuxer } from "../../../../src/media/mpegts/ts-muxer.ts";
import { archiveName, countedFileName } from "../../../../src/output/archive/archive-names.ts";
import { stagedArchiveName } from "../../../../src/output/archive/archive-plan.ts";
import { StagedFiles } from "../../../../src/output/archive/staged-files.ts";
import { SpliceMarkLog } from "../../../../src/output/hls/splice-mark-log.ts";
import { scte35Inserter } from "../../../../src/output/scte35/scte35-passthrough.ts";
import { rewriteTsFile } from "../../../../src/output/scte35/ts-file-rewrite.ts";

function program(): Uint8Array {
  const muxer = new TsMuxer({ pmtPid: 480, streams: [{ pid: 481, streamType: StreamTypes.H264 }] });
  const packets = [...muxer.psi(0), ...muxer.mux({ trackId: 481, pts90k: 0, dts90k: 0, keyframe: true, data: Uint8Array.of(0, 0, 0, 1, 0x65, 0x88, 0x84) })];
  return Uint8Array.from(packets.flatMap((packet) => [...packet]));
}

function scte35Pids(file: string): readonly number[] {
  const demuxer = new TsDemuxer();
  const programs = [...demuxer.push(readFileSync(file), 0), ...demuxer.flush()].flatMap((event) => (event.type === "program" ? [event.program] : []));
  return programs.at(-1)?.scte35Pids ?? [];
}

describe("staged archive files rewritten on their way to their place (SCTE-35 pass-through)", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "staged-rewrite-"));
  after(() => rmSync(root, { recursive: true, force: true }));

  function setup(rewrite: (from: string, to: string) => Promise<void>) {
    const staging = path.join(root, `${Math.random()}`.slice(2), "staging");
    const place = path.join(staging, "..", "place");
    mkdirSync(place, { recursive: true });
    const handed: string[] = [];
    const errors: Error[] = [];
    const files = new StagedFiles({
      stagingFolder: staging,
      placeFolder: place,
      outputs: [{ staged: stagedArchiveName(0), final: archiveName("rec", { containerSettings: {} }), newestOpen: true, rewrite }],
      sink: { fileFinished: (_local, name) => handed.push(name), close: () => Promise.resolve() },
      continueCounters: true,
      onError: (error) => errors.push(error),
    });
    for (const counter of [0, 1]) writeFileSync(path.join(staging, countedFileName(stagedArchiveName(0), counter)), program());
    return { files, staging, place, handed, errors };
  }

  it("sets the finished file aside at once, rewrites it in the background and places it under its name", async () => {
    const { files, staging, place, handed, errors } = setup((from, to) => rewriteTsFile(from, to, scte35Inserter(new SpliceMarkLog(), 500)));
    files.collect(false);
    assert.ok(!readdirSync(staging).includes(countedFileName(stagedArchiveName(0), 0)), "the staged name is free for the next encoder run");
    await files.settled();
    assert.deepEqual(handed, ["rec.000000.m2ts"]);
    assert.deepEqual(readdirSync(place), ["rec.000000.m2ts"]);
    assert.deepEqual(scte35Pids(path.join(place, "rec.000000.m2ts")), [500], "the PMT lists the SCTE-35 PID");
    assert.deepEqual(readdirSync(staging).sort(), [countedFileName(stagedArchiveName(0), 1)], "nothing left behind but the open file");
    assert.deepEqual(errors, []);
    assert.equal(files.moved, 1);
  });

  it("a rewrite that fails publishes the file as the encoder wrote it, and says so", async () => {
    const { files, place, handed, errors } = setup(() => Promise.reject(new Error("disk full")));
    files.collect(true);
    await files.settled();
    assert.deepEqual(handed, ["rec.000000.m2ts", "rec.000001.m2ts"]);
    assert.deepEqual(readFileSync(path.join(place, "rec.000001.m2ts")), Buffer.from(program()));
    assert.deepEqual(errors.map((error) => error.message), ["disk full", "disk full"]);
  });
});
