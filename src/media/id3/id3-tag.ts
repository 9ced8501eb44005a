// ID3v2.4 tags of one frame (ID3 tag version 2.4.0 — Main structure: §3.1 header, §4 frame
// header; sizes are 28-bit "synchsafe" integers, 7 bits per byte), as HTTP Live Streaming
// carries them as timed metadata (Apple, "Timed Metadata for HTTP Live Streaming"). Pure.

const encoder = new TextEncoder();
const HEADER_BYTES = 10;
/** ID3v2.4 text encoding byte for UTF-8 (ID3v2.4 frames §4.2). */
const UTF8_ENCODING = 0x03;

/** A 28-bit size as four 7-bit bytes (ID3v2.4 structure §6.2). */
function writeSynchsafe(target: Uint8Array, offset: number, value: number): void {
  if (value < 0 || value >= 1 << 28) throw new RangeError(`ID3 size ${value} does not fit in 28 bits`);
  target[offset] = (value >> 21) & 0x7f;
  target[offset + 1] = (value >> 14) & 0x7f;
  target[offset + 2] = (value >> 7) & 0x7f;
  target[offset + 3] = value & 0x7f;
}

/** A whole tag (header + one frame, no flags, no padding) around a frame id and its body. */
export function id3Tag(frameId: string, body: Uint8Array): Uint8Array {
  if (!/^[A-Z0-9]{4}$/.test(frameId)) throw new RangeError(`"${frameId}" is not an ID3v2.4 frame id`);
  const tag = new Uint8Array(HEADER_BYTES + HEADER_BYTES + body.length);
  tag.set(encoder.encode("ID3"), 0);
  tag[3] = 4; // version 2.4.0
  tag[4] = 0;
  tag[5] = 0; // flags
  writeSynchsafe(tag, 6, HEADER_BYTES + body.length);
  tag.set(encoder.encode(frameId), HEADER_BYTES);
  writeSynchsafe(tag, HEADER_BYTES + 4, body.length);
  tag.set(body, 2 * HEADER_BYTES); // frame flags (2 bytes) stay 0
  return tag;
}

/** A PRIV frame (ID3v2.4 frames §4.27): owner identifier, NUL, private data. */
export function privTag(owner: string, data: Uint8Array): Uint8Array {
  const ownerBytes = encoder.encode(owner);
  const body = new Uint8Array(ownerBytes.length + 1 + data.length);
  body.set(ownerBytes, 0);
  body.set(data, ownerBytes.length + 1);
  return id3Tag("PRIV", body);
}

/** A text information frame (ID3v2.4 frames §4.2), UTF-8. */
export function textTag(frameId: string, text: string): Uint8Array {
  const textBytes = encoder.encode(text);
  const body = new Uint8Array(1 + textBytes.length);
  body[0] = UTF8_ENCODING;
  body.set(textBytes, 1);
  return id3Tag(frameId, body);
}
