// Reading ID3v2.3/2.4 tags back (ID3 tag version 2.4.0 — Main structure §3.1 header, §4 frame
// header; v2.3 frame sizes are plain 32-bit integers, v2.4's synchsafe): what a tag found in an
// output (an emsg's message_data, an emib, a timed-metadata PES) says. Pure; a malformed tag
// gives a reason, never throws.
//
//   header  'ID3' version(1) revision(1) flags(1) size(4, synchsafe: bytes after the header)
//   frame   id(4) size(4) flags(2) body(size)   … until the size or padding (00)

export interface Id3Frame {
  readonly id: string;
  readonly body: Uint8Array;
}

export type Id3Read = { readonly ok: true; readonly version: number; readonly frames: Id3Frame[]; readonly tagBytes: number } | { readonly ok: false; readonly reason: string };

const HEADER_BYTES = 10;
const EXTENDED_HEADER_FLAG = 0x40;

function synchsafe(bytes: Uint8Array, at: number): number | undefined {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const byte = bytes[at + i] ?? 0;
    if (byte & 0x80) return undefined;
    value = value * 128 + byte;
  }
  return value;
}

function uint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) * 2 ** 24) + (((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0));
}

/** The frames of the ID3v2 tag at the start of `bytes`. */
export function readId3Tag(bytes: Uint8Array): Id3Read {
  if (bytes.length < HEADER_BYTES || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return { ok: false, reason: "no ID3v2 header" };
  const version = bytes[3]!;
  if (version !== 3 && version !== 4) return { ok: false, reason: `ID3v2.${version} is not read (2.3 and 2.4 are)` };
  const size = synchsafe(bytes, 6);
  if (size === undefined) return { ok: false, reason: "the tag size is not synchsafe" };
  const end = HEADER_BYTES + size;
  if (end > bytes.length) return { ok: false, reason: `the tag declares ${size} bytes, ${bytes.length - HEADER_BYTES} follow` };
  let at = HEADER_BYTES;
  if (bytes[5]! & EXTENDED_HEADER_FLAG) {
    const extended = version === 4 ? synchsafe(bytes, at) : uint32(bytes, at) + 4;
    if (extended === undefined || at + extended > end) return { ok: false, reason: "bad extended header" };
    at += extended;
  }
  const frames: Id3Frame[] = [];
  while (at + HEADER_BYTES <= end && bytes[at] !== 0) {
    const id = String.fromCharCode(...bytes.subarray(at, at + 4));
    if (!/^[A-Z0-9]{4}$/.test(id)) return { ok: false, reason: `"${id}" is not a frame id` };
    const frameSize = version === 4 ? synchsafe(bytes, at + 4) : uint32(bytes, at + 4);
    if (frameSize === undefined || at + HEADER_BYTES + frameSize > end) return { ok: false, reason: `frame ${id} runs past the tag` };
    frames.push({ id, body: bytes.subarray(at + HEADER_BYTES, at + HEADER_BYTES + frameSize) });
    at += HEADER_BYTES + frameSize;
  }
  return { ok: true, version, frames, tagBytes: end };
}

const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder("utf-8");
const utf16 = new TextDecoder("utf-16le");
const utf16be = new TextDecoder("utf-16be");

/** Text in an ID3 encoding (frames §4: 0 ISO-8859-1, 1 UTF-16 with BOM, 2 UTF-16BE, 3 UTF-8), trailing NULs dropped. */
function decodeText(encoding: number, bytes: Uint8Array): string {
  let text: string;
  if (encoding === 1) {
    const bigEndian = bytes[0] === 0xfe && bytes[1] === 0xff;
    const body = bytes[0] === 0xff || bigEndian ? bytes.subarray(2) : bytes;
    text = (bigEndian ? utf16be : utf16).decode(body);
  } else if (encoding === 2) text = utf16be.decode(bytes);
  else if (encoding === 3) text = utf8.decode(bytes);
  else text = latin1.decode(bytes);
  return text.replace(/\0+$/, "");
}

/**
 * What a frame says as text: a text information frame (T…, frames §4.2) its text; TXXX its
 * value (after the description); PRIV (§4.27) its owner and its data as Latin-1, `owner:data`;
 * undefined for other frames.
 */
export function id3FrameText(frame: Id3Frame): string | undefined {
  const { id, body } = frame;
  if (id === "PRIV") {
    const nul = body.indexOf(0);
    return nul < 0 ? undefined : `${latin1.decode(body.subarray(0, nul))}:${latin1.decode(body.subarray(nul + 1))}`;
  }
  if (!id.startsWith("T") || body.length === 0) return undefined;
  const encoding = body[0]!;
  const text = body.subarray(1);
  if (id !== "TXXX") return decodeText(encoding, text);
  // Description, its terminator (one NUL, two for UTF-16), the value.
  const wide = encoding === 1 || encoding === 2;
  let at = 0;
  while (at < text.length && !(wide ? text[at] === 0 && text[at + 1] === 0 && at % 2 === 0 : text[at] === 0)) at += wide ? 2 : 1;
  return decodeText(encoding, text.subarray(Math.min(text.length, at + (wide ? 2 : 1))));
}
