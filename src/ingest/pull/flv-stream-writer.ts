// The FLV byte stream an RTMP play hands ffmpeg (Adobe FLV spec v10.1 annex E): the header
// (audio and video flags set: ffmpeg's FLV demuxer adds the streams it finds either way), then
// each RTMP audio, video or data message body as a tag with its timestamp, each followed by
// its PreviousTagSize. Pure.
//
//   header (9): 'F' 'L' 'V' | version 1 | flags 0x05 | DataOffset u32 (9), then PreviousTagSize0 (0)
//   tag (11 + n): TagType u8 | DataSize u24 | Timestamp u24 | TimestampExtended u8 | StreamID u24 (0) | Data

import { concatBytes } from "../../media/bits/bytes.ts";

export const FlvStreamTagTypes = { AUDIO: 8, VIDEO: 9, SCRIPT: 18 } as const;

const FLV_HEADER = Uint8Array.of(0x46, 0x4c, 0x56, 1, 0x05, 0, 0, 0, 9, 0, 0, 0, 0);
const TAG_HEADER_BYTES = 11;
/** DataSize is 24 bits. */
const MAX_TAG_DATA_BYTES = 0xff_ffff;

export class FlvStreamWriter {
  #headerWritten = false;

  /** The bytes of one tag (after the stream's header, the first time); empty for a body DataSize cannot hold. */
  tag(type: number, timestampMs: number, data: Uint8Array): Uint8Array {
    if (data.length > MAX_TAG_DATA_BYTES) return new Uint8Array(0);
    const tag = new Uint8Array(TAG_HEADER_BYTES + data.length + 4);
    const view = new DataView(tag.buffer);
    const timestamp = timestampMs >>> 0;
    tag[0] = type;
    tag[1] = (data.length >>> 16) & 0xff;
    tag[2] = (data.length >>> 8) & 0xff;
    tag[3] = data.length & 0xff;
    tag[4] = (timestamp >>> 16) & 0xff;
    tag[5] = (timestamp >>> 8) & 0xff;
    tag[6] = timestamp & 0xff;
    tag[7] = (timestamp >>> 24) & 0xff;
    tag.set(data, TAG_HEADER_BYTES);
    view.setUint32(TAG_HEADER_BYTES + data.length, TAG_HEADER_BYTES + data.length);
    if (this.#headerWritten) return tag;
    this.#headerWritten = true;
    return concatBytes([FLV_HEADER, tag]);
  }
}
