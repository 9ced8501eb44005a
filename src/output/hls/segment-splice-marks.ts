// The splice marks an encoded MPEG-TS segment carries (media/scte35/splice-mark-sei.ts): which
// marks, and whether each sits on the segment's first picture (the splice then starts this
// segment) or later in it (the splice lands on the next segment boundary). Pure.

import { Buffer } from "node:buffer";
import { TsDemuxer } from "../../media/mpegts/ts-demuxer.ts";
import { canMarkSplices, spliceMarksIn, SPLICE_MARK_UUID } from "../../media/scte35/splice-mark-sei.ts";

// A mark's 16-byte UUID may be cut by a TS packet header, but one of its halves then still lies
// in one piece (the UUID has no 00 00, so no emulation prevention byte lands inside it either):
// a segment holding neither half has no mark, and is not demuxed at all.
const UUID_HALVES = [SPLICE_MARK_UUID.subarray(0, 8), SPLICE_MARK_UUID.subarray(8)];

function mayHoldMarks(segment: Uint8Array): boolean {
  const bytes = Buffer.from(segment.buffer, segment.byteOffset, segment.byteLength);
  return UUID_HALVES.some((half) => bytes.indexOf(half) >= 0);
}

export interface SegmentSpliceMark {
  readonly markId: number;
  /** The mark is on the segment's first video picture. */
  readonly onFirstPicture: boolean;
}

export function segmentSpliceMarks(segment: Uint8Array): SegmentSpliceMark[] {
  if (!mayHoldMarks(segment)) return [];
  const demuxer = new TsDemuxer();
  const marks: SegmentSpliceMark[] = [];
  let pictures = 0;
  for (const event of [...demuxer.push(segment, 0), ...demuxer.flush()]) {
    if (event.type !== "pes" || event.pes.kind !== "video" || !canMarkSplices(event.pes.codec)) continue;
    for (const markId of spliceMarksIn(event.pes.codec, event.pes.data)) marks.push({ markId, onFirstPicture: pictures === 0 });
    pictures += 1;
  }
  return marks;
}
