// The media playlist of a WebVTT subtitle rendition (RFC 8216 §4.3): a sliding window of
// the last `listSize` segments, EXT-X-DISCONTINUITY where the encoder restarted (its
// timestamps start afresh), EXT-X-TARGETDURATION the segment length rounded up (§4.3.3.1).

export interface ListedSegment {
  readonly index: number;
  readonly fileName: string;
  readonly durationSec: number;
  /** The first segment after a restart of the timeline. */
  readonly discontinuity: boolean;
}

export function renderWebvttPlaylist(segments: readonly ListedSegment[], segmentLengthSec: number, discontinuitySequence: number): string {
  const target = Math.max(Math.ceil(segmentLengthSec), ...segments.map((segment) => Math.ceil(segment.durationSec)));
  const lines = ["#EXTM3U", "#EXT-X-VERSION:3", `#EXT-X-TARGETDURATION:${target}`, `#EXT-X-MEDIA-SEQUENCE:${segments[0]?.index ?? 0}`];
  if (discontinuitySequence > 0) lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${discontinuitySequence}`);
  for (const segment of segments) {
    if (segment.discontinuity) lines.push("#EXT-X-DISCONTINUITY");
    lines.push(`#EXTINF:${segment.durationSec.toFixed(3)},`, segment.fileName);
  }
  return `${lines.join("\n")}\n`;
}
