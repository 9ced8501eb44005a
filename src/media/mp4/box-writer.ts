// Writing ISO base media file boxes (ISO/IEC 14496-12 §4.2): a box is its 32-bit size, its
// four-character type and its payload; a full box (§4.2.2) starts its payload with version
// (8 bits) and flags (24 bits). Sizes here stay below 2^32 (no 64-bit size is written). Pure.

export type BoxPart = Uint8Array | readonly number[];

/** A 32-bit big-endian field. */
export function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

/** A 64-bit big-endian field from an integer of magnitude below 2^53; a negative one in two's complement. */
export function u64(value: number): number[] {
  // Split before wrapping: 2^64 + value would lose the low bits to double rounding.
  const high = Math.floor(value / 2 ** 32);
  return [...u32(high >>> 0), ...u32((value - high * 2 ** 32) >>> 0)];
}

/** A 16-bit big-endian field. */
export function u16(value: number): number[] {
  return [(value >>> 8) & 0xff, value & 0xff];
}

/** A null-terminated UTF-8 string field. */
export function cString(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/** A box of `type` (four latin-1 characters) holding `parts` one after the other. */
export function box(type: string, ...parts: readonly BoxPart[]): Uint8Array {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(8 + length);
  out.set(u32(8 + length), 0);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i) & 0xff;
  let at = 8;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A full box: version and flags, then `parts`. */
export function fullBox(type: string, version: number, flags: number, ...parts: readonly BoxPart[]): Uint8Array {
  return box(type, [version & 0xff, (flags >>> 16) & 0xff, (flags >>> 8) & 0xff, flags & 0xff], ...parts);
}
