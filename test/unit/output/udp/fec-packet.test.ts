import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseFecPacket } from "../../../helpers/fec-packet.ts";

/** A FEC packet as SMPTE 2022-1 lays it out, from its fields. */
function packet(fields: { seq: number; snBase: number; row: boolean; offset: number; na: number; payload: number }): Uint8Array {
  const bytes = new Uint8Array(12 + 16 + fields.payload);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x80;
  bytes[1] = 96;
  view.setUint16(2, fields.seq);
  view.setUint32(4, 90_000);
  view.setUint16(12, fields.snBase);
  view.setUint16(14, 1316);
  bytes[16] = 0x80 | 33;
  view.setUint32(20, 12345);
  bytes[24] = fields.row ? 0x40 : 0x00;
  bytes[25] = fields.offset;
  bytes[26] = fields.na;
  return bytes;
}

describe("SMPTE 2022-1 FEC packet parser", () => {
  it("reads a column packet: D bit 0, offset L, NA D", () => {
    const parsed = parseFecPacket(packet({ seq: 7, snBase: 65530, row: false, offset: 5, na: 4, payload: 1316 }));
    assert.deepEqual(
      [parsed.rtpVersion, parsed.payloadType, parsed.sequenceNumber, parsed.snBase, parsed.lengthRecovery, parsed.extension, parsed.ptRecovery, parsed.tsRecovery],
      [2, 96, 7, 65530, 1316, true, 33, 12345],
    );
    assert.deepEqual([parsed.direction, parsed.type, parsed.index, parsed.offset, parsed.na, parsed.payloadBytes], ["column", 0, 0, 5, 4, 1316]);
  });

  it("reads a row packet: D bit 1, offset 1, NA L", () => {
    const parsed = parseFecPacket(packet({ seq: 8, snBase: 10, row: true, offset: 1, na: 5, payload: 100 }));
    assert.deepEqual([parsed.direction, parsed.offset, parsed.na, parsed.payloadBytes], ["row", 1, 5, 100]);
  });

  it("refuses what is not an RTP packet with room for the FEC header", () => {
    assert.throws(() => parseFecPacket(new Uint8Array(8)), /shorter than an RTP header/);
    assert.throws(() => parseFecPacket(new Uint8Array(20).fill(0x40)), /version 1/);
    const short = new Uint8Array(20);
    short[0] = 0x80;
    assert.throws(() => parseFecPacket(short), /no room for the FEC header/);
  });
});
