import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { Codecs } from "../../../../src/media/types.ts";
import { writeTsPacket } from "../../../../src/media/mpegts/packet-writer.ts";
import { writePatSection, writePmtSection } from "../../../../src/media/mpegts/psi-writer.ts";
import { TsDemuxer, type TsPesUnit } from "../../../../src/media/mpegts/ts-demuxer.ts";
import { AUDIO_PID, comparable, concatBytes, demuxInChunks, muxUnits, pseudoRandomBytes, syntheticUnits, VIDEO_PID } from "./helpers.ts";

function pesOf(events: ReturnType<TsDemuxer["push"]>): TsPesUnit[] {
  return events.flatMap((e) => (e.type === "pes" ? [e.pes] : []));
}

function psiPacket(pid: number, section: Uint8Array, cc = 0): Uint8Array {
  const payload = new Uint8Array(184).fill(0xff);
  payload[0] = 0;
  payload.set(section, 1);
  return writeTsPacket(pid, true, cc, null, payload).packet;
}

describe("TsDemuxer", () => {
  const packets = muxUnits(syntheticUnits(50));
  const stream = concatBytes(packets);

  it("emits the program, PES units and PCR samples", () => {
    const demuxer = new TsDemuxer();
    const events = [...demuxer.push(stream, 1000), ...demuxer.flush()];
    const program = events.find((e) => e.type === "program");
    assert.ok(program?.type === "program");
    assert.equal(program.program.pcrPid, VIDEO_PID);
    assert.deepEqual(
      program.program.streams.map((s) => [s.pid, s.codec, s.kind]),
      [
        [VIDEO_PID, Codecs.H264, "video"],
        [AUDIO_PID, Codecs.AAC, "audio"],
      ],
    );
    assert.equal(events.filter((e) => e.type === "program").length, 1, "an unchanged PMT is reported once");
    const pes = pesOf(events);
    assert.equal(pes.filter((p) => p.pid === VIDEO_PID).length, 50);
    assert.ok(events.some((e) => e.type === "pcr" && e.pcr.pid === VIDEO_PID && e.pcr.nowMs === 1000));
    const stats = demuxer.stats();
    assert.equal(stats.packets, packets.length);
    assert.equal(stats.continuityErrors + stats.pesErrors + stats.crcErrors + stats.syncLosses, 0);
    assert.deepEqual(demuxer.programs().map((p) => p.pmtPid), [0x1000]);
  });

  it("gives identical output whole, byte by byte and in random chunks", () => {
    const whole = comparable(demuxInChunks(stream, () => stream.length).events);
    const byteByByte = demuxInChunks(stream, () => 1);
    assert.deepEqual(comparable(byteByByte.events), whole);
    assert.ok(byteByByte.maxRemainder < 188);
    const sizes = pseudoRandomBytes(100_000, 7);
    let i = 0;
    const random = demuxInChunks(stream, () => ((sizes[i++ % sizes.length] ?? 0) * 7) % 1500);
    assert.deepEqual(comparable(random.events), whole);
  });

  it("keeps no view of the caller's chunk (a reused input buffer gives the same output)", () => {
    const whole = comparable(demuxInChunks(stream, () => stream.length).events);
    const demuxer = new TsDemuxer();
    const reused = new Uint8Array(1000);
    const events = [];
    for (let offset = 0; offset < stream.length; offset += reused.length) {
      const part = stream.subarray(offset, offset + reused.length);
      reused.set(part);
      events.push(...demuxer.push(reused.subarray(0, part.length), 0));
      reused.fill(0xee);
    }
    events.push(...demuxer.flush());
    assert.deepEqual(comparable(events), whole);
  });

  it("counts exactly one CC error for a dropped packet and none for a duplicate", () => {
    const videoIndexes = packets.flatMap((p, index) => (((p[1] ?? 0) & 0x1f) === 0x01 && p[2] === 0x00 && ((p[1] ?? 0) & 0x40) === 0 ? [index] : []));
    const target = videoIndexes[10] ?? 0;
    const dropped = concatBytes(packets.filter((_, index) => index !== target));
    const droppedRun = demuxInChunks(dropped, () => 4096);
    assert.equal(droppedRun.stats.continuityErrors, 1);
    const damaged = pesOf(droppedRun.events).filter((p) => p.continuityError);
    assert.equal(damaged.length, 1);
    assert.ok(droppedRun.events.some((e) => e.type === "errors" && e.stats.continuityErrors === 1));

    const duplicated = concatBytes(packets.flatMap((p, index) => (index === target ? [p, p] : [p])));
    const duplicateRun = demuxInChunks(duplicated, () => 4096);
    assert.equal(duplicateRun.stats.continuityErrors, 0);
    assert.equal(duplicateRun.stats.duplicatePackets, 1);
    assert.deepEqual(comparable(duplicateRun.events), comparable(demuxInChunks(stream, () => 4096).events));

    const twice = concatBytes(packets.flatMap((p, index) => (index === target ? [p, p, p] : [p])));
    assert.equal(demuxInChunks(twice, () => 4096).stats.continuityErrors, 1);
  });

  it("ignores adaptation-only packets and honours discontinuity_indicator for CC", () => {
    const pat = psiPacket(0, writePatSection(1, 0, [{ programNumber: 1, pmtPid: 0x20 }]));
    const pmt = psiPacket(0x20, writePmtSection(1, 0, 0x30, [{ pid: 0x30, streamType: 0x0f }]));
    const pes = (cc: number, flags: { discontinuity?: boolean } | null = null) =>
      writeTsPacket(0x30, true, cc, flags, Uint8Array.from([0, 0, 1, 0xc0, 0, 3, 0x80, 0, 0])).packet;
    const afOnly = writeTsPacket(0x30, false, 9, { pcr27m: 300 }, new Uint8Array(0)).packet;
    const run = demuxInChunks(concatBytes([pat, pmt, pes(0), afOnly, pes(1), pes(7, { discontinuity: true }), pes(8), pes(12)]), () => 188);
    assert.equal(run.stats.continuityErrors, 1);
    assert.equal(pesOf(run.events).length, 5);
  });

  it("counts a corrupted PMT CRC without throwing, then accepts a good one", () => {
    const pat = psiPacket(0, writePatSection(1, 0, [{ programNumber: 1, pmtPid: 0x20 }]));
    const badPmt = psiPacket(0x20, writePmtSection(1, 0, 0x30, [{ pid: 0x30, streamType: 0x1b }]));
    badPmt[20] = (badPmt[20] ?? 0) ^ 0x01;
    const goodPmt = psiPacket(0x20, writePmtSection(1, 1, 0x30, [{ pid: 0x30, streamType: 0x24 }]), 1);
    const demuxer = new TsDemuxer();
    const first = demuxer.push(concatBytes([pat, badPmt]), 0);
    assert.equal(demuxer.stats().crcErrors, 1);
    assert.ok(first.some((e) => e.type === "errors" && e.stats.crcErrors === 1));
    assert.equal(first.filter((e) => e.type === "program").length, 0);
    const second = demuxer.push(goodPmt, 1);
    const program = second.find((e) => e.type === "program");
    assert.ok(program?.type === "program");
    assert.equal(program.program.streams[0]?.codec, Codecs.H265);
    assert.equal(program.program.version, 1);
  });

  it("resyncs after garbage and counts one sync loss per episode", () => {
    const garbage = Uint8Array.from([0x11, 1, 2, 0x47, 4, 0x47, 6, 7, 8, 9]); // false sync bytes inside
    const mid = Math.floor(packets.length / 2) * 188;
    const corrupted = concatBytes([stream.subarray(0, mid), garbage, stream.subarray(mid)]);
    const run = demuxInChunks(corrupted, () => corrupted.length);
    assert.equal(run.stats.syncLosses, 1);
    assert.equal(run.stats.skippedBytes, garbage.length);
    assert.equal(run.stats.continuityErrors, 0);
    assert.equal(pesOf(run.events).length, pesOf(demuxInChunks(stream, () => stream.length).events).length);
    assert.deepEqual(comparable(demuxInChunks(corrupted, () => 1).events), comparable(run.events));
    assert.deepEqual(comparable(demuxInChunks(corrupted, () => 200).events), comparable(run.events));
  });

  it("skips TEI and scrambled packets and counts them", () => {
    const tei = packets.map((p) => p.slice());
    const victim = tei[20];
    assert.ok(victim);
    victim[1] = (victim[1] ?? 0) | 0x80;
    const run = demuxInChunks(concatBytes(tei), () => 188 * 7);
    assert.equal(run.stats.teiErrors, 1);
    const scrambled = packets.map((p) => p.slice());
    const s = scrambled[21];
    assert.ok(s);
    s[3] = (s[3] ?? 0) | 0x80;
    assert.equal(demuxInChunks(concatBytes(scrambled), () => 188 * 7).stats.scrambledPackets, 1);
  });

  it("unwraps PTS/DTS across the 33-bit wrap", () => {
    const start = 2 ** 33 - 90_000; // one second before the wrap
    const units = syntheticUnits(50, start);
    const run = demuxInChunks(concatBytes(muxUnits(units)), () => 188 * 7);
    const video = pesOf(run.events).filter((p) => p.pid === VIDEO_PID);
    assert.deepEqual(
      video.map((p) => [p.dts90k, p.pts90k]),
      units.filter((u) => u.trackId === VIDEO_PID).map((u) => [u.dts90k, u.pts90k]),
    );
    assert.ok((video.at(-1)?.dts90k ?? 0) > 2 ** 33);
  });
});

describe("TsDemuxer SCTE-35", () => {
  it("emits splice_info_sections with a good CRC and counts a bad one", async () => {
    const { crc32Mpeg2 } = await import("../../../../src/media/mpegts/crc32-mpeg2.ts");
    // splice_null: table 0xFC, section_syntax 0, length 17, then CRC.
    const body = Uint8Array.from([0xfc, 0x30, 0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xf0, 0x00, 0x00, 0x00, 0x00]);
    const section = new Uint8Array(body.length + 4);
    section.set(body);
    const crc = crc32Mpeg2(body);
    section.set([(crc >>> 24) & 0xff, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff], body.length);
    assert.equal(section.length, 3 + 0x11);
    const pat = psiPacket(0, writePatSection(1, 0, [{ programNumber: 1, pmtPid: 0x20 }]));
    const pmt = psiPacket(0x20, writePmtSection(1, 0, 0x30, [{ pid: 0x30, streamType: 0x1b }, { pid: 0x31, streamType: 0x86 }]));
    const bad = section.slice();
    bad[5] = 0x01;
    const demuxer = new TsDemuxer();
    const events = demuxer.push(concatBytes([pat, pmt, psiPacket(0x31, section, 0), psiPacket(0x31, bad, 1)]), 0);
    const program = events.find((e) => e.type === "program");
    assert.ok(program?.type === "program");
    assert.deepEqual(program.program.scte35Pids, [0x31]);
    const scte = events.filter((e) => e.type === "scte35");
    assert.equal(scte.length, 1);
    assert.deepEqual(scte[0]?.type === "scte35" ? scte[0].section : null, section);
    assert.equal(demuxer.stats().crcErrors, 1);
  });
});
