// Builds one 188-byte TS packet (ISO/IEC 13818-1 §2.4.3.2) with an optional adaptation
// field (§2.4.3.4) that carries PCR / random_access / discontinuity flags and the stuffing
// that fills a short payload to the full packet.
//
// | 0x47 | E S P PID(13) | TSC AFC CC | [AF len | flags | PCR(6) | 0xFF...] | payload |

import { TIMESTAMP_MODULUS_33, TS_PACKET_SIZE, TS_SYNC_BYTE } from "./constants.ts";

export interface AdaptationFlags {
  readonly discontinuity?: boolean;
  readonly randomAccess?: boolean;
  /** PCR in 27 MHz ticks; written modulo 2^33 × 300. */
  readonly pcr27m?: number;
}

/** Writes a 6-byte PCR field: base (33) reserved '111111' (6) extension (9). */
export function writePcr(out: Uint8Array, offset: number, pcr27m: number): void {
  const total = ((Math.floor(pcr27m) % (TIMESTAMP_MODULUS_33 * 300)) + TIMESTAMP_MODULUS_33 * 300) % (TIMESTAMP_MODULUS_33 * 300);
  const base33 = Math.floor(total / 300);
  const extension9 = total - base33 * 300;
  const high = Math.floor(base33 / 2); // base[32:1], < 2^32
  out[offset] = Math.floor(high / 16_777_216) & 0xff;
  out[offset + 1] = Math.floor(high / 65_536) & 0xff;
  out[offset + 2] = Math.floor(high / 256) & 0xff;
  out[offset + 3] = high & 0xff;
  out[offset + 4] = ((base33 - high * 2) << 7) | 0x7e | ((extension9 >> 8) & 0x01);
  out[offset + 5] = extension9 & 0xff;
}

/**
 * Writes one packet carrying as much of `payload` as fits; returns the packet and how many
 * payload bytes it took. `payload` may be empty (adaptation-field-only packet).
 */
export function writeTsPacket(
  pid: number,
  payloadUnitStart: boolean,
  continuityCounter: number,
  flags: AdaptationFlags | null,
  payload: Uint8Array,
): { packet: Uint8Array; taken: number } {
  const packet = new Uint8Array(TS_PACKET_SIZE);
  const needFlags = flags !== null && (flags.discontinuity || flags.randomAccess || flags.pcr27m !== undefined);
  const minAf = needFlags ? 2 + (flags?.pcr27m !== undefined ? 6 : 0) : 0;
  const taken = Math.min(payload.length, TS_PACKET_SIZE - 4 - minAf);
  const afTotal = TS_PACKET_SIZE - 4 - taken; // adaptation field bytes including its length byte
  const afc = taken > 0 ? (afTotal > 0 ? 0x30 : 0x10) : 0x20;
  packet[0] = TS_SYNC_BYTE;
  packet[1] = (payloadUnitStart ? 0x40 : 0) | ((pid >> 8) & 0x1f);
  packet[2] = pid & 0xff;
  packet[3] = afc | (continuityCounter & 0x0f);
  if (afTotal > 0) {
    packet[4] = afTotal - 1;
    if (afTotal > 1) {
      let flagByte = 0;
      if (flags?.discontinuity) flagByte |= 0x80;
      if (flags?.randomAccess) flagByte |= 0x40;
      let cursor = 6;
      if (flags?.pcr27m !== undefined) {
        flagByte |= 0x10;
        writePcr(packet, cursor, flags.pcr27m);
        cursor += 6;
      }
      packet[5] = flagByte;
      packet.fill(0xff, cursor, 4 + afTotal);
    }
  }
  packet.set(payload.subarray(0, taken), 4 + afTotal);
  return { packet, taken };
}
