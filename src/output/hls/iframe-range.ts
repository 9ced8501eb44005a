// Where a segment's first IDR picture lies in its bytes, for an I-frame-only playlist's
// EXT-X-BYTERANGE (RFC 8216 §4.3.2.2, §4.3.3.6). Pure: the segment's bytes in, a range of
// whole 188-byte TS packets out (ISO/IEC 13818-1 §2.4.3): from the packet that starts the
// video PES carrying the IDR access unit (with the PAT/PMT packets right before it, so a
// player fetching only the range learns the program) to the packet before the next video
// PES start (or the segment's end).

import { isKeyframe } from "../../media/keyframes.ts";
import { PID_PAT, TS_PACKET_SIZE } from "../../media/mpegts/constants.ts";
import { parseTsPacketHeader } from "../../media/mpegts/packet-header.ts";
import { parsePesHeader } from "../../media/mpegts/pes-header.ts";
import { TsDemuxer } from "../../media/mpegts/ts-demuxer.ts";
import type { Codec } from "../../media/types.ts";

export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

export interface SegmentVideo {
  readonly pid: number;
  readonly codec: Codec;
  /** The PMT's PID, whose packets may precede the IDR's PES. */
  readonly pmtPid: number;
}

/** Packets handed to the demuxer at a time while looking for the PMT. */
const PSI_SEARCH_PACKETS = 16;

/** The first video stream the segment's PMT lists, or undefined. */
export function segmentVideo(segment: Uint8Array): SegmentVideo | undefined {
  const demuxer = new TsDemuxer();
  const end = segment.length - (segment.length % TS_PACKET_SIZE);
  // The PAT and PMT come first in a segment: read a few packets at a time, not the whole segment.
  const chunkBytes = PSI_SEARCH_PACKETS * TS_PACKET_SIZE;
  for (let offset = 0; offset < end; offset += chunkBytes) {
    for (const event of demuxer.push(segment.subarray(offset, Math.min(end, offset + chunkBytes)), 0)) {
      if (event.type !== "program") continue;
      const video = event.program.streams.find((stream) => stream.kind === "video");
      if (video) return { pid: video.pid, codec: video.codec, pmtPid: event.program.pmtPid };
    }
  }
  return undefined;
}

interface VideoPes {
  /** Offset of the packet starting the PES. */
  readonly startOffset: number;
  /** Offset just past the last packet before the next video PES start. */
  readonly endOffset: number;
  readonly payload: Uint8Array;
}

/** The video PES units of the segment, each with the packet span it occupies. */
function* videoPesUnits(segment: Uint8Array, videoPid: number): Generator<VideoPes> {
  let startOffset = -1;
  let chunks: Uint8Array[] = [];
  const packets = Math.floor(segment.length / TS_PACKET_SIZE);
  for (let index = 0; index < packets; index++) {
    const offset = index * TS_PACKET_SIZE;
    const parsed = parseTsPacketHeader(segment, offset);
    if (!parsed.ok || parsed.header.pid !== videoPid || !parsed.header.hasPayload) continue;
    if (parsed.header.payloadUnitStart) {
      if (startOffset >= 0) yield { startOffset, endOffset: offset, payload: Buffer.concat(chunks) };
      startOffset = offset;
      chunks = [];
    }
    if (startOffset >= 0) chunks.push(segment.subarray(offset + parsed.header.payloadOffset, offset + TS_PACKET_SIZE));
  }
  if (startOffset >= 0) yield { startOffset, endOffset: packets * TS_PACKET_SIZE, payload: Buffer.concat(chunks) };
}

/** Moves `offset` back over the PAT and PMT packets directly before it. */
function includePsiBefore(segment: Uint8Array, offset: number, pmtPid: number): number {
  let start = offset;
  while (start >= TS_PACKET_SIZE) {
    const parsed = parseTsPacketHeader(segment, start - TS_PACKET_SIZE);
    if (!parsed.ok || (parsed.header.pid !== PID_PAT && parsed.header.pid !== pmtPid)) break;
    start -= TS_PACKET_SIZE;
  }
  return start;
}

/** The packets of the segment's first IDR (H.264) / IRAP (H.265) access unit, or undefined when it has none. */
export function findIFrameRange(segment: Uint8Array, video: SegmentVideo): ByteRange | undefined {
  for (const pes of videoPesUnits(segment, video.pid)) {
    const header = parsePesHeader(pes.payload);
    if (!header.ok || !isKeyframe(video.codec, pes.payload.subarray(header.header.payloadOffset))) continue;
    const offset = includePsiBefore(segment, pes.startOffset, video.pmtPid);
    return { offset, length: pes.endOffset - offset };
  }
  return undefined;
}
