// AMF0 (Adobe Action Message Format 0, "amf0-file-format-specification" §2) encode/decode
// for RTMP command messages (RTMP spec 1.0 §7.1.1). Pure; the decoder never throws: it
// returns the values decoded so far plus an error flag, and bounds nesting depth.
//
//   marker (1 byte) | value
//   0x00 number      8-byte IEEE-754 double, big-endian
//   0x01 boolean     1 byte
//   0x02 string      u16 length + UTF-8
//   0x03 object      (u16 key length + key + value)* then 00 00 09
//   0x05 null        —
//   0x06 undefined   —
//   0x08 ECMA array  u32 count hint, then like object
//   0x09 object end  —
//   0x0a strict array u32 count + values
//   0x0b date        double ms + s16 time zone (decoded only)
//   0x0c long string u32 length + UTF-8

export const Amf0Markers = {
  NUMBER: 0x00,
  BOOLEAN: 0x01,
  STRING: 0x02,
  OBJECT: 0x03,
  NULL: 0x05,
  UNDEFINED: 0x06,
  ECMA_ARRAY: 0x08,
  OBJECT_END: 0x09,
  STRICT_ARRAY: 0x0a,
  DATE: 0x0b,
  LONG_STRING: 0x0c,
} as const;

/** An ECMA array decodes to this wrapper so it re-encodes as an ECMA array. */
export class Amf0EcmaArray {
  constructor(readonly entries: Record<string, Amf0Value>) {}
}

export type Amf0Value =
  | number
  | boolean
  | string
  | null
  | undefined
  | Date
  | Amf0EcmaArray
  | readonly Amf0Value[]
  | { readonly [key: string]: Amf0Value };

export const AMF0_MAX_DEPTH = 32;

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: false });

class Writer {
  #chunks: number[] = [];
  #parts: Uint8Array[] = [];
  u8(v: number): void {
    this.#chunks.push(v & 0xff);
  }
  u16(v: number): void {
    this.#chunks.push((v >> 8) & 0xff, v & 0xff);
  }
  u32(v: number): void {
    this.#chunks.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  }
  f64(v: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v);
    this.bytes(b);
  }
  bytes(b: Uint8Array): void {
    this.#flush();
    this.#parts.push(b);
  }
  #flush(): void {
    if (this.#chunks.length) this.#parts.push(Uint8Array.from(this.#chunks));
    this.#chunks = [];
  }
  finish(): Uint8Array {
    this.#flush();
    const total = this.#parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const p of this.#parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }
}

function writeKey(w: Writer, key: string): void {
  const bytes = textEncoder.encode(key);
  w.u16(Math.min(bytes.length, 0xffff));
  w.bytes(bytes.subarray(0, 0xffff));
}

function writeProperties(w: Writer, entries: Record<string, Amf0Value>): void {
  for (const [key, value] of Object.entries(entries)) {
    writeKey(w, key);
    writeValue(w, value);
  }
  w.u16(0);
  w.u8(Amf0Markers.OBJECT_END);
}

function writeValue(w: Writer, value: Amf0Value): void {
  if (value === null) return w.u8(Amf0Markers.NULL);
  if (value === undefined) return w.u8(Amf0Markers.UNDEFINED);
  switch (typeof value) {
    case "number":
      w.u8(Amf0Markers.NUMBER);
      return w.f64(value);
    case "boolean":
      w.u8(Amf0Markers.BOOLEAN);
      return w.u8(value ? 1 : 0);
    case "string": {
      const bytes = textEncoder.encode(value);
      if (bytes.length > 0xffff) {
        w.u8(Amf0Markers.LONG_STRING);
        w.u32(bytes.length);
      } else {
        w.u8(Amf0Markers.STRING);
        w.u16(bytes.length);
      }
      return w.bytes(bytes);
    }
  }
  if (value instanceof Date) {
    w.u8(Amf0Markers.DATE);
    w.f64(value.getTime());
    return w.u16(0);
  }
  if (value instanceof Amf0EcmaArray) {
    w.u8(Amf0Markers.ECMA_ARRAY);
    w.u32(Object.keys(value.entries).length);
    return writeProperties(w, value.entries);
  }
  if (Array.isArray(value)) {
    w.u8(Amf0Markers.STRICT_ARRAY);
    w.u32(value.length);
    for (const item of value as readonly Amf0Value[]) writeValue(w, item);
    return;
  }
  w.u8(Amf0Markers.OBJECT);
  writeProperties(w, value as Record<string, Amf0Value>);
}

/** Encodes a sequence of AMF0 values (e.g. a command: name, transaction id, object, args). */
export function encodeAmf0(...values: Amf0Value[]): Uint8Array {
  const w = new Writer();
  for (const v of values) writeValue(w, v);
  return w.finish();
}

export interface Amf0DecodeResult {
  readonly values: Amf0Value[];
  /** Set when the bytes ended early or held an unknown marker; `values` holds what decoded before. */
  readonly error?: string;
}

class DecodeError {
  constructor(readonly message: string) {}
}

class Reader {
  offset = 0;
  readonly #view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number): void {
    if (this.offset + n > this.bytes.length) throw new DecodeError(`truncated at ${this.offset} (need ${n})`);
  }
  u8(): number {
    this.need(1);
    return this.bytes[this.offset++]!;
  }
  u16(): number {
    this.need(2);
    const v = this.#view.getUint16(this.offset);
    this.offset += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.#view.getUint32(this.offset);
    this.offset += 4;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.#view.getFloat64(this.offset);
    this.offset += 8;
    return v;
  }
  utf8(length: number): string {
    this.need(length);
    const s = textDecoder.decode(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return s;
  }
}

function readProperties(r: Reader, depth: number): Record<string, Amf0Value> {
  const out: Record<string, Amf0Value> = Object.create(null) as Record<string, Amf0Value>;
  for (;;) {
    const key = r.utf8(r.u16());
    if (key === "" && r.offset < r.bytes.length && r.bytes[r.offset] === Amf0Markers.OBJECT_END) {
      r.offset++;
      return out;
    }
    out[key] = readValue(r, depth + 1);
  }
}

function readValue(r: Reader, depth: number): Amf0Value {
  if (depth > AMF0_MAX_DEPTH) throw new DecodeError("nesting too deep");
  const marker = r.u8();
  switch (marker) {
    case Amf0Markers.NUMBER:
      return r.f64();
    case Amf0Markers.BOOLEAN:
      return r.u8() !== 0;
    case Amf0Markers.STRING:
      return r.utf8(r.u16());
    case Amf0Markers.LONG_STRING:
      return r.utf8(r.u32());
    case Amf0Markers.OBJECT:
      return { ...readProperties(r, depth) };
    case Amf0Markers.NULL:
      return null;
    case Amf0Markers.UNDEFINED:
      return undefined;
    case Amf0Markers.ECMA_ARRAY:
      r.u32(); // count is a hint only; the object-end marker terminates (as Flash and ffmpeg write it)
      return new Amf0EcmaArray({ ...readProperties(r, depth) });
    case Amf0Markers.STRICT_ARRAY: {
      const count = r.u32();
      // each value takes ≥ 1 byte: refuse counts the remaining bytes cannot hold (bounded memory)
      if (count > r.bytes.length - r.offset) throw new DecodeError(`strict array count ${count} exceeds data`);
      const items: Amf0Value[] = [];
      for (let i = 0; i < count; i++) items.push(readValue(r, depth + 1));
      return items;
    }
    case Amf0Markers.DATE: {
      const ms = r.f64();
      r.u16();
      return new Date(ms);
    }
    default:
      throw new DecodeError(`unsupported AMF0 marker 0x${marker.toString(16)} at ${r.offset - 1}`);
  }
}

/** Decodes AMF0 values until the bytes end. Never throws. */
export function decodeAmf0(bytes: Uint8Array): Amf0DecodeResult {
  const r = new Reader(bytes);
  const values: Amf0Value[] = [];
  try {
    while (r.offset < bytes.length) values.push(readValue(r, 0));
    return { values };
  } catch (error) {
    if (error instanceof DecodeError) return { values, error: error.message };
    return { values, error: String(error) };
  }
}
