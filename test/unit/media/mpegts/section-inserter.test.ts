import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { joinAnnexB } from "../../../../src/media/bits/annex-b.ts";
import { PID_NULL, StreamTypes, TS_PACKET_SIZE } from "../../../../src/media/mpegts/constants.ts";
import { registrationFormat } from "../../../../src/media/mpegts/descriptors.ts";
import { parsePmt } from "../../../../src/media/mpegts/pmt.ts";
import { writeTsPacket } from "../../../../src/media/mpegts/packet-writer.ts";
import { TsSectionInserter, type InsertionPicture } from "../../../../src/media/mpegts/section-inserter.ts";
import { TsDemuxer, type TsDemuxEvent } from "../../../../src/media/mpegts/ts-demuxer.ts";
import { TsMuxer } from "../../../../src/media/mpegts/ts-muxer.ts";
import { scte35PmtStream, scte35ProgramDescriptors } from "../../../../src/media/scte35/scte35-pmt.ts";
import { parseSpliceInfoSection } from "../../../../src/media/scte35/splice-parser.ts";
import { spliceSection, writeSpliceInfoSection } from "../../../../src/media/scte35/splice-writer.ts";

const VIDEO_PID = 481;
const AUDIO_PID = 482;
const SCTE35_PID = 500;
const FRAME_90K = 3600;
const idr = joinAnnexB([Uint8Array.of(0x09, 0xf0), Uint8Array.of(0x65, 0x88, 0x84, ...new Array<number>(400).fill(0x11))]);
const slice = joinAnnexB([Uint8Array.of(0x09, 0xf0), Uint8Array.of(0x41, 0x9a, ...new Array<number>(300).fill(0x22))]);
const section = writeSpliceInfoSection(spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: 0 } }));

function nullPacket(): Uint8Array {
  return writeTsPacket(PID_NULL, false, 0, null, new Uint8Array(TS_PACKET_SIZE - 4).fill(0xff)).packet;
}

/** A program of `frames` pictures (PAT/PMT, video with PCR, audio), `nulls` null packets after each picture. */
function program(frames: number, nulls = 0): Uint8Array {
  const muxer = new TsMuxer({ pmtPid: 480, streams: [{ pid: VIDEO_PID, streamType: StreamTypes.H264 }, { pid: AUDIO_PID, streamType: StreamTypes.AAC_ADTS }] });
  const packets: Uint8Array[] = [];
  for (let i = 0; i < frames; i++) {
    const pts90k = 900_000 + i * FRAME_90K;
    packets.push(...muxer.psi(pts90k));
    packets.push(...muxer.mux({ trackId: VIDEO_PID, pts90k, dts90k: pts90k, keyframe: i === 0, data: i === 0 ? idr : slice }));
    packets.push(...muxer.mux({ trackId: AUDIO_PID, pts90k, dts90k: pts90k, keyframe: true, data: Uint8Array.of(0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc, 1, 2, 3) }));
    for (let n = 0; n < nulls; n++) packets.push(nullPacket());
  }
  return Uint8Array.from(packets.flatMap((packet) => [...packet]));
}

/** An inserter that puts `section` in front of the pictures whose PTS is listed, and records what it was shown. */
function inserter(at: readonly number[], seen: InsertionPicture[] = []): TsSectionInserter {
  return new TsSectionInserter({
    stream: scte35PmtStream(SCTE35_PID),
    programDescriptors: scte35ProgramDescriptors(),
    sectionsFor: (picture) => {
      seen.push(picture);
      return picture.pts90k !== null && at.includes(picture.pts90k) ? [section] : [];
    },
  });
}

function run(input: Uint8Array, target: TsSectionInserter, chunkBytes = input.length): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < input.length; i += chunkBytes) parts.push(target.push(input.subarray(i, i + chunkBytes)));
  parts.push(target.flush());
  return Uint8Array.from(parts.flatMap((part) => [...part]));
}

function demux(ts: Uint8Array): TsDemuxEvent[] {
  const demuxer = new TsDemuxer();
  return [...demuxer.push(ts, 0), ...demuxer.flush()];
}

function pidsOf(ts: Uint8Array): number[] {
  const pids: number[] = [];
  for (let i = 0; i + TS_PACKET_SIZE <= ts.length; i += TS_PACKET_SIZE) pids.push((((ts[i + 1] ?? 0) & 0x1f) << 8) | (ts[i + 2] ?? 0));
  return pids;
}

describe("TsSectionInserter: sections of an extra PID into a transport stream", () => {
  it("every PMT lists the PID with stream_type 0x86 and the CUEI registration, with a CRC_32 the demuxer accepts", () => {
    const out = run(program(6), inserter([]));
    const events = demux(out);
    const programs = events.flatMap((event) => (event.type === "program" ? [event.program] : []));
    assert.ok(programs.length >= 1);
    const last = programs.at(-1)!;
    assert.deepEqual(last.scte35Pids, [SCTE35_PID]);
    assert.equal(last.streams.find((stream) => stream.pid === SCTE35_PID)?.streamType, 0x86);
    const pmtAt = pidsOf(out).indexOf(480) * TS_PACKET_SIZE;
    const pointer = out[pmtAt + 4] ?? 0;
    const pmtSection = out.subarray(pmtAt + 5 + pointer, pmtAt + 5 + pointer + 3 + ((((out[pmtAt + 6 + pointer] ?? 0) & 0x0f) << 8) | (out[pmtAt + 7 + pointer] ?? 0)));
    const parsed = parsePmt(pmtSection);
    assert.ok(parsed.ok);
    assert.equal(registrationFormat(parsed.pmt.programDescriptors), "CUEI");
    assert.deepEqual(parsed.pmt.streams.map((stream) => stream.pid), [VIDEO_PID, AUDIO_PID, SCTE35_PID]);
    const errors = events.flatMap((event) => (event.type === "errors" ? [event.stats] : []));
    assert.deepEqual(errors, [], "no CRC or section errors");
  });

  it("the section goes in front of the picture's first packet and reads back through the demuxer and the SCTE-35 parser", () => {
    const input = program(6);
    const markedPts = 900_000 + 3 * FRAME_90K;
    const seen: InsertionPicture[] = [];
    const out = run(input, inserter([markedPts], seen));
    assert.equal(out.length, input.length + TS_PACKET_SIZE, "one section packet added (no nulls to leave out)");
    assert.deepEqual(seen.map((picture) => picture.pts90k), [0, 1, 2, 3, 4, 5].map((i) => 900_000 + i * FRAME_90K), "each picture is shown once, whole");
    assert.deepEqual(seen[0]!.accessUnit, idr);
    const sections = demux(out).flatMap((event) => (event.type === "scte35" ? [event] : []));
    assert.equal(sections.length, 1);
    assert.equal(sections[0]!.pid, SCTE35_PID);
    assert.deepEqual(sections[0]!.section, section);
    assert.equal(parseSpliceInfoSection(sections[0]!.section).ok, true);
    // Order: the section packet comes right before the marked picture's PES start.
    const pids = pidsOf(out);
    const at = pids.indexOf(SCTE35_PID);
    const next = out.subarray((at + 1) * TS_PACKET_SIZE, (at + 2) * TS_PACKET_SIZE);
    assert.equal(pidsOf(next)[0], VIDEO_PID);
    assert.equal((next[1] ?? 0) & 0x40, 0x40, "payload_unit_start of the picture");
    const videoStartsBefore = pids.slice(0, at).filter((pid, i) => pid === VIDEO_PID && ((out[i * TS_PACKET_SIZE + 1] ?? 0) & 0x40) !== 0).length;
    assert.equal(videoStartsBefore, 3, "three pictures before the marked one");
  });

  it("its own continuity counter runs on across insertions and files", () => {
    const target = inserter([900_000, 900_000 + 2 * FRAME_90K]);
    const first = run(program(3), target);
    const second = run(program(3), target);
    const counters = [first, second].flatMap((ts) => {
      const found: number[] = [];
      for (let i = 0; i < ts.length; i += TS_PACKET_SIZE) if (pidsOf(ts.subarray(i, i + TS_PACKET_SIZE))[0] === SCTE35_PID) found.push((ts[i + 3] ?? 0) & 0x0f);
      return found;
    });
    assert.deepEqual(counters, [0, 1, 2, 3]);
  });

  it("a constant-rate mux keeps its size: a null packet is left out for every packet added", () => {
    const input = program(6, 3);
    const out = run(input, inserter([900_000 + FRAME_90K, 900_000 + 4 * FRAME_90K]), 1316);
    assert.equal(out.length, input.length);
    assert.equal(pidsOf(out).filter((pid) => pid === SCTE35_PID).length, 2);
    assert.equal(pidsOf(out).filter((pid) => pid === PID_NULL).length, pidsOf(input).filter((pid) => pid === PID_NULL).length - 2);
  });

  it("chunks cut anywhere give the same stream as one chunk", () => {
    const input = program(5, 1);
    const whole = run(input, inserter([900_000 + 2 * FRAME_90K]));
    for (const size of [1, 7, 188, 1000]) assert.deepEqual(run(input, inserter([900_000 + 2 * FRAME_90K]), size), whole, `chunks of ${size}`);
  });

  it("a PMT already using the PID for another stream is left alone and nothing is inserted", () => {
    const muxer = new TsMuxer({ pmtPid: 480, streams: [{ pid: VIDEO_PID, streamType: StreamTypes.H264 }, { pid: SCTE35_PID, streamType: StreamTypes.AAC_ADTS }] });
    const packets = [...muxer.psi(900_000), ...muxer.mux({ trackId: VIDEO_PID, pts90k: 900_000, dts90k: 900_000, keyframe: true, data: idr }), ...muxer.mux({ trackId: VIDEO_PID, pts90k: 903_600, dts90k: 903_600, keyframe: false, data: slice })];
    const input = Uint8Array.from(packets.flatMap((packet) => [...packet]));
    const target = inserter([900_000]);
    const out = run(input, target);
    assert.deepEqual(out, input);
    assert.ok(target.counters.pmtsKept >= 1);
    assert.equal(target.counters.pmtsRewritten, 0);
  });

  it("a program without video is passed on at once, unchanged but for the PMT entry", () => {
    const muxer = new TsMuxer({ pmtPid: 480, streams: [{ pid: AUDIO_PID, streamType: StreamTypes.AAC_ADTS }] });
    const packets = [...muxer.psi(900_000), ...muxer.mux({ trackId: AUDIO_PID, pts90k: 900_000, dts90k: 900_000, keyframe: true, data: Uint8Array.of(0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc) })];
    const input = Uint8Array.from(packets.flatMap((packet) => [...packet]));
    const target = inserter([900_000]);
    const out = target.push(input);
    assert.equal(out.length, input.length, "nothing held back");
    assert.deepEqual(pidsOf(out), pidsOf(input));
    assert.equal(target.counters.pmtsRewritten, 1);
    assert.equal(target.flush().length, 0);
  });

  it("bytes that are no transport stream pass through unchanged and never throw", () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) & 0xff;
    for (let round = 0; round < 50; round++) {
      const garbage = Uint8Array.from({ length: 2000 + round * 37 }, () => (round % 5 === 0 ? 0x47 : random()));
      const target = inserter([]);
      assert.deepEqual(run(garbage, target, 333), garbage);
    }
    // A stream with garbage in between keeps its packets and its garbage.
    const input = program(4);
    const mixed = Uint8Array.from([...input.subarray(0, 188 * 5), 1, 2, 3, ...input.subarray(188 * 5)]);
    const target = inserter([900_000 + 3 * FRAME_90K]);
    const out = run(mixed, target, 500);
    assert.equal(out.length, mixed.length + TS_PACKET_SIZE);
    assert.equal(target.counters.skippedBytes, 3);
    assert.equal(target.counters.sectionsInserted, 1);
  });
});
