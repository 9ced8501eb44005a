// Reads the tags of an FLV byte stream (Adobe Flash Video File Format Specification v10.1,
// annex E: the FLV header, then PreviousTagSize0 and FLVTAG/PreviousTagSize pairs) as the
// encoder's FLV muxer writes them, in chunks cut anywhere. Pure; garbage (a wrong signature,
// a tag over MAX_TAG_BYTES) makes the reader fail and ignore what follows, never throw.
//
//   header (9): 'F' 'L' 'V' | version u8 | flags u8 | DataOffset u32 (9)
//   tag (11 + n): TagType u8 (8 audio, 9 video, 18 script) | DataSize u24 | Timestamp u24 |
//                 TimestampExtended u8 (bits 31..24) | StreamID u24 (0) | Data[n]
//   PreviousTagSize u32 after each tag

import { concatBytes } from "../../media/bits/bytes.ts";

export const FlvTagTypes = { AUDIO: 8, VIDEO: 9, SCRIPT: 18 } as const;

/** No tag of an encoder's output comes near this (a 1080p keyframe at 50 Mb/s is ~1 MiB); it bounds what waits for a tag's end. */
export const MAX_TAG_BYTES = 8 * 1024 * 1024;

const FLV_HEADER_MIN_BYTES = 9;
const PREVIOUS_TAG_SIZE_BYTES = 4;
const TAG_HEADER_BYTES = 11;

export interface FlvTag {
  /** FlvTagTypes: 8 audio, 9 video, 18 script data. */
  readonly type: number;
  /** Milliseconds, 32 bits. */
  readonly timestampMs: number;
  /** The tag's Data: the body an RTMP audio/video/data message carries unchanged. */
  readonly data: Uint8Array;
}

export interface FlvReadResult {
  readonly tags: FlvTag[];
  /** Why the reader failed (it ignores further bytes); absent while all is well. */
  readonly error?: string;
}

export class FlvTagReader {
  #pending: Uint8Array = new Uint8Array(0);
  /** The file header and PreviousTagSize0 are behind: what follows is tags. */
  #headerSeen = false;
  #error: string | undefined;

  get error(): string | undefined {
    return this.#error;
  }

  push(bytes: Uint8Array): FlvReadResult {
    const tags: FlvTag[] = [];
    if (this.#error !== undefined) return { tags, error: this.#error };
    let buffer = this.#pending.length > 0 ? concatBytes([this.#pending, bytes]) : bytes;
    let offset = 0;
    if (!this.#headerSeen) {
      if (buffer.length < FLV_HEADER_MIN_BYTES) {
        this.#pending = new Uint8Array(buffer);
        return { tags };
      }
      if (buffer[0] !== 0x46 || buffer[1] !== 0x4c || buffer[2] !== 0x56) return this.#fail("the stream does not start with an FLV header", tags);
      const dataOffset = readU32(buffer, 5);
      if (dataOffset < FLV_HEADER_MIN_BYTES || dataOffset > 1024) return this.#fail(`FLV DataOffset ${dataOffset} out of range`, tags);
      if (buffer.length < dataOffset + PREVIOUS_TAG_SIZE_BYTES) {
        this.#pending = new Uint8Array(buffer);
        return { tags };
      }
      offset = dataOffset + PREVIOUS_TAG_SIZE_BYTES;
      this.#headerSeen = true;
    }
    while (buffer.length - offset >= TAG_HEADER_BYTES) {
      const type = buffer[offset]! & 0x1f;
      const size = (buffer[offset + 1]! << 16) | (buffer[offset + 2]! << 8) | buffer[offset + 3]!;
      if (size > MAX_TAG_BYTES) return this.#fail(`FLV tag of ${size} bytes is over ${MAX_TAG_BYTES}`, tags);
      const end = offset + TAG_HEADER_BYTES + size + PREVIOUS_TAG_SIZE_BYTES;
      if (buffer.length < end) break;
      const timestampMs = ((buffer[offset + 7]! << 24) | (buffer[offset + 4]! << 16) | (buffer[offset + 5]! << 8) | buffer[offset + 6]!) >>> 0;
      // Copied: the caller may keep a tag (a sequence header) past this chunk's buffer.
      tags.push({ type, timestampMs, data: new Uint8Array(buffer.subarray(offset + TAG_HEADER_BYTES, offset + TAG_HEADER_BYTES + size)) });
      offset = end;
    }
    buffer = buffer.subarray(offset);
    this.#pending = buffer.length > 0 ? new Uint8Array(buffer) : new Uint8Array(0);
    return { tags };
  }

  #fail(reason: string, tags: FlvTag[]): FlvReadResult {
    this.#error = reason;
    this.#pending = new Uint8Array(0);
    return { tags, error: reason };
  }
}

function readU32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

/** A video tag of an AVC keyframe (VideoTagHeader: FrameType 1). */
export function isVideoKeyframe(tag: FlvTag): boolean {
  return tag.type === FlvTagTypes.VIDEO && tag.data.length > 0 && tag.data[0]! >> 4 === 1;
}

/**
 * An AVC sequence header (AVCPacketType 0: an AVCDecoderConfigurationRecord) or an AAC
 * sequence header (AACPacketType 0: an AudioSpecificConfig): what a decoder needs first.
 */
export function isSequenceHeader(tag: FlvTag): boolean {
  if (tag.data.length < 2) return false;
  if (tag.type === FlvTagTypes.VIDEO) return (tag.data[0]! & 0x0f) === 7 && tag.data[1] === 0;
  if (tag.type === FlvTagTypes.AUDIO) return tag.data[0]! >> 4 === 10 && tag.data[1] === 0;
  return false;
}

/**
 * A sequence header with no configuration record in it: ffmpeg's FLV muxer writes one at its
 * start when the H.264 encoder's configuration arrives only with the first packet; a server
 * must never be given it (VideoTagHeader 5 bytes, then nothing).
 */
export function isEmptySequenceHeader(tag: FlvTag): boolean {
  const headerBytes = tag.type === FlvTagTypes.VIDEO ? 5 : 2;
  return isSequenceHeader(tag) && tag.data.length <= headerBytes;
}
