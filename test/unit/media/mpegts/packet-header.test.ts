import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { AdaptationFieldControls, parseTsPacketHeader, readPcr27m, TsPacketProblems } from "../../../../src/media/mpegts/packet-header.ts";
import { writePcr, writeTsPacket } from "../../../../src/media/mpegts/packet-writer.ts";

function packet(head: readonly number[], fill = 0xaa): Uint8Array {
  const bytes = new Uint8Array(188).fill(fill);
  bytes.set(head);
  return bytes;
}

describe("TS packet header (ISO/IEC 13818-1 §2.4.3.2)", () => {
  it("reads PID, PUSI, priority, CC, payload-only", () => {
    const result = parseTsPacketHeader(packet([0x47, 0x41, 0x00, 0x17]));
    assert.ok(result.ok);
    assert.equal(result.header.pid, 0x100);
    assert.equal(result.header.payloadUnitStart, true);
    assert.equal(result.header.transportError, false);
    assert.equal(result.header.priority, false);
    assert.equal(result.header.scrambling, 0);
    assert.equal(result.header.adaptationFieldControl, AdaptationFieldControls.PAYLOAD_ONLY);
    assert.equal(result.header.continuityCounter, 7);
    assert.equal(result.header.adaptationField, null);
    assert.equal(result.header.payloadOffset, 4);
    assert.equal(result.header.hasPayload, true);
  });

  it("reads TEI, priority, 13-bit PID and scrambling control", () => {
    const result = parseTsPacketHeader(packet([0x47, 0xbf, 0xff, 0xdf]));
    assert.ok(result.ok);
    assert.equal(result.header.transportError, true);
    assert.equal(result.header.payloadUnitStart, false);
    assert.equal(result.header.priority, true);
    assert.equal(result.header.pid, 0x1fff);
    assert.equal(result.header.scrambling, 3);
    assert.equal(result.header.continuityCounter, 15);
  });

  it("reads an adaptation field with PCR, discontinuity and random access", () => {
    // PCR base 0x1_2345_6789 (33 bits), extension 0x123
    const base = 0x1_2345_6789;
    const pcrBytes = new Uint8Array(6);
    writePcr(pcrBytes, 0, base * 300 + 0x123);
    assert.deepEqual([...pcrBytes], [0x91, 0xa2, 0xb3, 0xc4, 0xff, 0x23]);
    const result = parseTsPacketHeader(packet([0x47, 0x01, 0x00, 0x30, 0x07, 0xd0, ...pcrBytes]));
    assert.ok(result.ok);
    const af = result.header.adaptationField;
    assert.ok(af);
    assert.equal(af.length, 7);
    assert.equal(af.discontinuity, true);
    assert.equal(af.randomAccess, true);
    assert.equal(af.pcr27m, base * 300 + 0x123);
    assert.equal(result.header.payloadOffset, 12);
    assert.equal(readPcr27m(pcrBytes, 0), base * 300 + 0x123);
  });

  it("handles adaptation-only packets and a zero-length adaptation field", () => {
    const afOnly = parseTsPacketHeader(packet([0x47, 0x01, 0x00, 0x25, 183, 0x00]));
    assert.ok(afOnly.ok);
    assert.equal(afOnly.header.hasPayload, false);
    assert.equal(afOnly.header.payloadOffset, 188);
    const zero = parseTsPacketHeader(packet([0x47, 0x01, 0x00, 0x35, 0x00]));
    assert.ok(zero.ok);
    assert.equal(zero.header.adaptationField?.length, 0);
    assert.equal(zero.header.payloadOffset, 5);
  });

  it("reports problems instead of throwing", () => {
    assert.deepEqual(parseTsPacketHeader(new Uint8Array(10)), { ok: false, problem: TsPacketProblems.SHORT, pid: null });
    assert.deepEqual(parseTsPacketHeader(packet([0x48])), { ok: false, problem: TsPacketProblems.NO_SYNC, pid: null });
    assert.equal(parseTsPacketHeader(packet([0x47, 0x00, 0x11, 0x05])).ok, false); // AFC '00'
    const tooLong = parseTsPacketHeader(packet([0x47, 0x00, 0x11, 0x35, 183]));
    assert.ok(!tooLong.ok);
    assert.equal(tooLong.problem, TsPacketProblems.BAD_AF_LENGTH);
    const pcrTooShort = parseTsPacketHeader(packet([0x47, 0x00, 0x11, 0x35, 3, 0x10]));
    assert.ok(!pcrTooShort.ok);
  });

  it("writer and parser agree (stuffing, PCR, flags)", () => {
    const payload = new Uint8Array(100).map((_, i) => i);
    const { packet: written, taken } = writeTsPacket(0x1ff, true, 9, { pcr27m: 123_456_789, randomAccess: true }, payload);
    assert.equal(taken, 100);
    assert.equal(written.length, 188);
    const parsed = parseTsPacketHeader(written);
    assert.ok(parsed.ok);
    assert.equal(parsed.header.pid, 0x1ff);
    assert.equal(parsed.header.continuityCounter, 9);
    assert.equal(parsed.header.adaptationField?.pcr27m, 123_456_789);
    assert.equal(parsed.header.adaptationField?.randomAccess, true);
    assert.deepEqual(written.subarray(parsed.header.payloadOffset), payload);
    // 183 payload bytes: a 1-byte adaptation field (length 0) fills the packet.
    const p183 = writeTsPacket(0x20, false, 0, null, new Uint8Array(183).fill(1));
    assert.equal(p183.packet[4], 0);
    assert.equal(p183.taken, 183);
  });
});
