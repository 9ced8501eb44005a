// The splice marks an encoded MPEG-TS segment carries (media/scte35/splice-mark-sei.ts): which
// marks, and whether each sits on the segment's first picture (the splice then starts this
// segment) or later in it (the splice lands on the next segment boundary). Pure.

import { TsDemuxer } from "../../media/mpegts/ts-demuxer.ts";
import { canMarkSplices, spliceMarksIn } from "../../media/scte35/splice-mark-sei.ts";

export interface SegmentSpliceMark {
  readonly markId: number;
  /** The mark is on the segment's first video picture. */
  readonly onFirstPicture: boolean;
}

export function segmentSpliceMarks(segment: Uint8Array): SegmentSpliceMark[] {
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
