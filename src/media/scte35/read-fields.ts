// Wide fields for the SCTE 35 readers: BitReader reads at most 32 bits at a time.

import type { BitReader } from "../bits/bit-reader.ts";

/** Reads an unsigned field of 33–53 bits. */
export function readWide(reader: BitReader, bits: number): number {
  const high = reader.readBits(bits - 32);
  return high * 2 ** 32 + reader.readBits(32);
}

/** Copies `count` whole bytes from a byte-aligned reader position; overrun gives a short copy. */
export function readByteArray(reader: BitReader, source: Uint8Array, count: number): Uint8Array {
  const start = reader.bitPosition >> 3;
  reader.skipBits(count * 8);
  return source.slice(start, Math.min(source.length, start + count));
}
