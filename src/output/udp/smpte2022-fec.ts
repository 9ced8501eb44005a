// SMPTE 2022-1 forward error correction of an RTP media stream: XOR parity over a matrix of
// L × D consecutive media packets (L columns wide, D rows deep, filled row by row). Each
// column's D packets give one column FEC packet (sent to the media port + 2) and, with
// COLUMN_AND_ROW, each row's L packets one row FEC packet (to the media port + 4). A receiver
// missing one packet of a column or a row XORs the others with the FEC packet to rebuild it.
// Pure: media packets in, FEC packets out.
//
// What is protected of each media packet (SMPTE 2022-1 §7, after RFC 2733 §6): its P, X,
// CC, M and PT fields, its timestamp, its length after the fixed header, and every byte after
// the fixed header (a shorter packet counts as padded with zeros). A FEC packet (SMPTE
// 2022-1 §8) is an RTP packet of payload type 96 whose payload is this header, then the XOR
// of the protected payloads:
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |      SNBase low bits          |        length recovery        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |E| PT recovery |                    mask (0)                   |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                          TS recovery                          |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |X|D|type |index|    offset     |      NA       |SNBase ext bits|
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// SNBase: the first protected sequence number; E = 1 (this extended header); X = 0; D = 0
// for a column, 1 for a row; type 0 (XOR); index 0; a column has offset L and NA = D, a row
// offset 1 and NA = L; SNBase ext bits 0 (16-bit RTP sequence numbers). The FEC packet's own
// RTP header has V = 2, P = X = CC = M = 0, its stream's own sequence number, the timestamp
// of the first protected packet and SSRC 0, as ffmpeg's prompeg (the Pro-MPEG CoP3 code SMPTE
// 2022-1 standardised) sends them.

import { SMPTE_2022_1_LIMITS } from "../../domain/channels/udp-fec.ts";
import { RTP_FIXED_HEADER_SIZE } from "../../protocols/rtp/rtp-header.ts";

export const FEC_HEADER_BYTES = 16;
/** The dynamic payload type of FEC packets. */
export const FEC_PAYLOAD_TYPE = 96;

export interface FecMatrix {
  /** L: packets per row (the distance between a column's packets). */
  readonly rowLength: number;
  /** D: packets per column. */
  readonly columnDepth: number;
  /** Row FEC as well as column FEC (includeFec COLUMN_AND_ROW). */
  readonly rows: boolean;
}

export interface FecPackets {
  readonly column: Uint8Array[];
  readonly row: Uint8Array[];
}

/** The XOR so far of the protected fields of some media packets. */
class Parity {
  firstSequenceNumber = 0;
  firstTimestamp = 0;
  count = 0;
  /** P, X, CC (low 6 bits of byte 0, version excluded) */
  flags = 0;
  /** M and PT (byte 1) */
  markerAndType = 0;
  timestamp = 0;
  length = 0;
  payload = new Uint8Array(0);

  add(packet: Uint8Array): void {
    const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
    const timestamp = view.getUint32(4);
    if (this.count === 0) {
      this.firstSequenceNumber = view.getUint16(2);
      this.firstTimestamp = timestamp;
    }
    this.count += 1;
    this.flags ^= packet[0]! & 0x3f;
    this.markerAndType ^= packet[1]!;
    this.timestamp = (this.timestamp ^ timestamp) >>> 0;
    const body = packet.subarray(RTP_FIXED_HEADER_SIZE);
    this.length ^= body.length;
    if (body.length > this.payload.length) {
      const wider = new Uint8Array(body.length);
      wider.set(this.payload);
      this.payload = wider;
    }
    for (let i = 0; i < body.length; i++) this.payload[i]! ^= body[i]!;
  }

  /** The FEC packet of what was added, then empty again. */
  take(direction: "column" | "row", matrix: FecMatrix, sequenceNumber: number): Uint8Array {
    const out = new Uint8Array(RTP_FIXED_HEADER_SIZE + FEC_HEADER_BYTES + this.payload.length);
    const view = new DataView(out.buffer);
    out[0] = 0x80;
    out[1] = FEC_PAYLOAD_TYPE;
    view.setUint16(2, sequenceNumber & 0xffff);
    view.setUint32(4, this.firstTimestamp);
    view.setUint32(8, 0);
    const at = RTP_FIXED_HEADER_SIZE;
    view.setUint16(at, this.firstSequenceNumber);
    view.setUint16(at + 2, this.length & 0xffff);
    out[at + 4] = 0x80 | (this.markerAndType & 0x7f);
    // mask: 0 (bytes at + 5 … at + 7)
    view.setUint32(at + 8, this.timestamp);
    const isRow = direction === "row";
    out[at + 12] = isRow ? 0x40 : 0x00;
    out[at + 13] = isRow ? 1 : matrix.rowLength;
    out[at + 14] = isRow ? matrix.rowLength : matrix.columnDepth;
    out[at + 15] = 0;
    out.set(this.payload, at + FEC_HEADER_BYTES);
    this.count = 0;
    this.flags = 0;
    this.markerAndType = 0;
    this.timestamp = 0;
    this.length = 0;
    this.payload = new Uint8Array(0);
    return out;
  }
}

export class Smpte2022FecEncoder {
  readonly #matrix: FecMatrix;
  readonly #columns: Parity[];
  readonly #row = new Parity();
  /** The next media packet's place in the matrix, 0 … L × D − 1. */
  #position = 0;
  #columnSequenceNumber: number;
  #rowSequenceNumber: number;

  /** `firstSequenceNumbers`: where each FEC stream's own RTP sequence numbers start (random, RFC 3550 §5.1). */
  constructor(matrix: FecMatrix, firstSequenceNumbers: { readonly column: number; readonly row: number }) {
    const { rowLength: l, columnDepth: d } = matrix;
    if (!Number.isInteger(l) || !Number.isInteger(d) || l < SMPTE_2022_1_LIMITS.minL || l > SMPTE_2022_1_LIMITS.maxL || d < SMPTE_2022_1_LIMITS.minD || d > SMPTE_2022_1_LIMITS.maxD || l * d > SMPTE_2022_1_LIMITS.maxMatrix) {
      throw new RangeError(`FEC matrix L=${l} D=${d}: SMPTE 2022-1 takes L 1–20, D 4–20, L × D ≤ 100`);
    }
    this.#matrix = matrix;
    this.#columns = Array.from({ length: l }, () => new Parity());
    this.#columnSequenceNumber = firstSequenceNumbers.column;
    this.#rowSequenceNumber = firstSequenceNumbers.row;
  }

  /** The media stream starts again (its sequence numbers jump): a fresh matrix from the next packet. */
  reset(): void {
    this.#position = 0;
    for (const column of this.#columns) column.take("column", this.#matrix, 0);
    this.#row.take("row", this.#matrix, 0);
  }

  /** Adds the next media RTP packet (consecutive sequence numbers); the FEC packets it completes. */
  push(media: Uint8Array): FecPackets {
    const { rowLength: l, columnDepth: d, rows } = this.#matrix;
    const columnIndex = this.#position % l;
    const rowIndex = Math.floor(this.#position / l);
    const out: FecPackets = { column: [], row: [] };
    const column = this.#columns[columnIndex]!;
    column.add(media);
    if (rowIndex === d - 1) {
      out.column.push(column.take("column", this.#matrix, this.#columnSequenceNumber));
      this.#columnSequenceNumber = (this.#columnSequenceNumber + 1) & 0xffff;
    }
    if (rows) {
      this.#row.add(media);
      if (columnIndex === l - 1) {
        out.row.push(this.#row.take("row", this.#matrix, this.#rowSequenceNumber));
        this.#rowSequenceNumber = (this.#rowSequenceNumber + 1) & 0xffff;
      }
    }
    this.#position = (this.#position + 1) % (l * d);
    return out;
  }
}
