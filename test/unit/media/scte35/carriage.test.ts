import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { TS_PACKET_SIZE } from "../../../../src/media/mpegts/constants.ts";
import { registrationFormat } from "../../../../src/media/mpegts/descriptors.ts";
import { parsePmt } from "../../../../src/media/mpegts/pmt.ts";
import { PsiSectionAssembler } from "../../../../src/media/mpegts/psi-section-assembler.ts";
import { packetizeSections } from "../../../../src/media/mpegts/section-packetizer.ts";
import { TsDemuxer } from "../../../../src/media/mpegts/ts-demuxer.ts";
import { TsMuxer } from "../../../../src/media/mpegts/ts-muxer.ts";
import { scte35PmtStream, scte35ProgramDescriptors } from "../../../../src/media/scte35/scte35-pmt.ts";
import { parseSpliceInfoSection } from "../../../../src/media/scte35/splice-parser.ts";
import { spliceSection, writeSpliceInfoSection } from "../../../../src/media/scte35/splice-writer.ts";
import { concatBytes } from "../../../../src/media/bits/bytes.ts";

const PID = 0x1f0;
const nullSection = writeSpliceInfoSection(spliceSection({ kind: "splice_null" }));
const insert = writeSpliceInfoSection(
  spliceSection({
    kind: "splice_insert",
    spliceEventId: 7,
    spliceEventCancelIndicator: false,
    outOfNetworkIndicator: true,
    programSpliceFlag: true,
    spliceImmediateFlag: false,
    eventIdComplianceFlag: true,
    spliceTime: { ptsTime90k: 900_000 },
    components: [],
    breakDuration: { autoReturn: true, duration90k: 30 * 90_000 },
    uniqueProgramId: 1,
    availNum: 0,
    availsExpected: 0,
  }),
);

const header = (packet: Uint8Array | undefined) => ({
  pusi: ((packet?.[1] ?? 0) & 0x40) !== 0,
  pid: (((packet?.[1] ?? 0) & 0x1f) << 8) | (packet?.[2] ?? 0),
  cc: (packet?.[3] ?? 0) & 0x0f,
});

describe("SCTE-35 carriage in MPEG-TS (ISO/IEC 13818-1 §2.4.4, ANSI/SCTE 35 §8)", () => {
  it("one section: one packet, PUSI, pointer_field 0, then 0xFF stuffing", () => {
    const { packets, nextContinuityCounter } = packetizeSections(PID, [nullSection], 5);
    assert.equal(packets.length, 1);
    const packet = packets[0] ?? new Uint8Array(0);
    assert.equal(packet.length, TS_PACKET_SIZE);
    assert.deepEqual(header(packet), { pusi: true, pid: PID, cc: 5 });
    assert.equal(packet[4], 0);
    assert.deepEqual(packet.subarray(5, 5 + nullSection.length), nullSection);
    assert.ok(packet.subarray(5 + nullSection.length).every((b) => b === 0xff));
    assert.equal(nextContinuityCounter, 6);
  });

  it("two sections share one packet; a long one spans packets; counters wrap at 16", () => {
    const big = writeSpliceInfoSection(spliceSection({ kind: "private_command", identifier: 0x43554549, privateBytes: new Uint8Array(400).fill(7) }));
    const { packets, nextContinuityCounter } = packetizeSections(PID, [nullSection, insert, big], 14);
    assert.equal(big.length, 424);
    // 183 bytes after the pointer_field: null (20) + insert + the head of big, then big's rest in two packets.
    assert.deepEqual(
      packets.map((p) => header(p)),
      [
        { pusi: true, pid: PID, cc: 14 },
        { pusi: false, pid: PID, cc: 15 },
        { pusi: false, pid: PID, cc: 0 },
      ],
    );
    assert.equal(nextContinuityCounter, 1);
    const first = packets[0] ?? new Uint8Array(0);
    assert.equal(first[4], 0);
    assert.deepEqual(first.subarray(5, 5 + nullSection.length), nullSection);
    assert.deepEqual(first.subarray(5 + nullSection.length, 5 + nullSection.length + insert.length), insert);
    assert.ok((packets[2] ?? new Uint8Array(0)).subarray(4 + (424 - (183 - 20 - insert.length) - 184)).every((b) => b === 0xff));
    const assembler = new PsiSectionAssembler();
    const out = packets.flatMap((p) => assembler.push(p.subarray(4), header(p).pusi));
    assert.deepEqual(out, [nullSection, insert, big]);
  });

  it("a section starting after another's tail: pointer_field = the tail's length", () => {
    const long = writeSpliceInfoSection(spliceSection({ kind: "private_command", identifier: 1, privateBytes: new Uint8Array(190) }));
    const { packets } = packetizeSections(PID, [long, nullSection], 0);
    assert.equal(packets.length, 2);
    const tail = long.length - 183;
    assert.deepEqual(header(packets[1]), { pusi: true, pid: PID, cc: 1 });
    assert.equal(packets[1]?.[4], tail);
    assert.deepEqual(packets[1]?.subarray(5 + tail, 5 + tail + nullSection.length), nullSection);
  });

  it("TsMuxer carries the PID: PMT with 'CUEI' registration and stream_type 0x86; the demuxer hands the sections back", () => {
    const muxer = new TsMuxer({ streams: [{ pid: 0x100, streamType: 0x1b }, scte35PmtStream(PID)], programDescriptors: scte35ProgramDescriptors(), pmtPid: 0x1000 });
    const psi = muxer.psi(0);
    const assembler = new PsiSectionAssembler();
    const pmtSections = psi.filter((p) => header(p).pid === 0x1000).flatMap((p) => assembler.push(p.subarray(4), header(p).pusi));
    const pmt = parsePmt(pmtSections[0] ?? new Uint8Array(0));
    assert.ok(pmt.ok);
    assert.equal(registrationFormat(pmt.pmt.programDescriptors), "CUEI");
    const scteStream = pmt.pmt.streams.find((s) => s.pid === PID);
    assert.equal(scteStream?.streamType, 0x86);
    assert.equal(scteStream?.role, "scte35");
    assert.deepEqual(scteStream?.descriptors, [{ tag: 0x8a, data: Uint8Array.of(0x01) }]);

    assert.deepEqual(muxer.sections(0x1234, [insert]), [], "a PID outside the PMT carries nothing");
    const demuxer = new TsDemuxer();
    const events = demuxer.push(concatBytes([...psi, ...muxer.sections(PID, [insert, nullSection]), ...muxer.sections(PID, [insert])]), 0);
    const sections = events.flatMap((e) => (e.type === "scte35" ? [e.section] : []));
    assert.deepEqual(sections, [insert, nullSection, insert]);
    assert.equal(demuxer.stats().continuityErrors ?? 0, 0);
    const first = parseSpliceInfoSection(sections[0] ?? new Uint8Array(0));
    assert.ok(first.ok && first.section.command?.kind === "splice_insert");
  });
});
