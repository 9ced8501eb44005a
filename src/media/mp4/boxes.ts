// The boxes of an ISO base media file (ISO/IEC 14496-12 §4.2) held whole in memory: each box is
// a 32-bit size and a four-character type, size 1 meaning a 64-bit size follows and size 0 "to
// the end of the enclosing box"; a full box (§4.2.2) adds version (8 bits) and flags (24 bits).
// Pure; never throws: a box that does not fit ends the walk (`truncated`).

export interface Mp4Box {
  readonly type: string;
  /** Offset of the box's first byte (its size field) in the bytes walked. */
  readonly start: number;
  /** Offset just past the box. */
  readonly end: number;
  /** Offset of the box's payload (after size, type and a 64-bit size). */
  readonly payload: number;
}

export interface Mp4BoxWalk {
  readonly boxes: Mp4Box[];
  /** A box ran past the end (or had a size smaller than its header): the walk stopped there. */
  readonly truncated: boolean;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (((bytes[at] ?? 0) << 24) | ((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)) >>> 0;
}

/** The boxes lying one after the other in `bytes` from `from` to `to`. */
export function walkBoxes(bytes: Uint8Array, from = 0, to = bytes.length): Mp4BoxWalk {
  const boxes: Mp4Box[] = [];
  let at = from;
  while (at < to) {
    if (at + 8 > to) return { boxes, truncated: true };
    const size32 = readUint32(bytes, at);
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    let payload = at + 8;
    let size = size32;
    if (size32 === 1) {
      if (at + 16 > to) return { boxes, truncated: true };
      size = readUint32(bytes, at + 8) * 2 ** 32 + readUint32(bytes, at + 12);
      payload = at + 16;
    } else if (size32 === 0) {
      size = to - at;
    }
    if (size < payload - at || at + size > to) return { boxes, truncated: true };
    boxes.push({ type, start: at, end: at + size, payload });
    at += size;
  }
  return { boxes, truncated: false };
}

/** The boxes inside a container box (moov, trak, mdia, moof, traf …). */
export function childBoxes(bytes: Uint8Array, box: Mp4Box): Mp4Box[] {
  return walkBoxes(bytes, box.payload, box.end).boxes;
}

/** The first child of `box` of `type`. */
export function childBox(bytes: Uint8Array, box: Mp4Box, type: string): Mp4Box | undefined {
  return childBoxes(bytes, box).find((child) => child.type === type);
}

/** A full box's version and flags. */
export function fullBoxHeader(bytes: Uint8Array, box: Mp4Box): { readonly version: number; readonly flags: number } {
  return { version: bytes[box.payload] ?? 0, flags: readUint32(bytes, box.payload) & 0xff_ffff };
}

export { readUint32 };
