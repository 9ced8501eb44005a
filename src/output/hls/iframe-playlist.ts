// The I-frame-only playlist of an HLS variant (RFC 8216 §4.3.3.6 EXT-X-I-FRAMES-ONLY): the
// same window as the variant's media playlist (media sequence, segments, discontinuities),
// each segment listed by the byte range of its first IDR picture (§4.3.2.2 EXT-X-BYTERANGE,
// which needs EXT-X-VERSION 4, §7) and the segment's duration. Pure text in, text out.
// The name, `<baseName><nameModifier>_iframes.m3u8`, is openlive's choice: MediaLive's API
// documentation describes the playlist but not its name.

import type { ByteRange } from "./iframe-range.ts";

const IFRAMES_SUFFIX = "_iframes.m3u8";

/** `<stem>.m3u8` → `<stem>_iframes.m3u8`. */
export function iFramePlaylistName(variantPlaylistName: string): string {
  return `${variantPlaylistName.replace(/\.m3u8$/, "")}${IFRAMES_SUFFIX}`;
}

export interface MediaPlaylistSegment {
  /** The segment URI as the media playlist lists it (with any baseUrlContent prefix). */
  readonly uri: string;
  readonly durationText: string;
  /** EXT-X-DISCONTINUITY precedes it. */
  readonly discontinuity: boolean;
}

export interface MediaPlaylistWindow {
  readonly targetDurationSec: number;
  readonly mediaSequence: number;
  readonly discontinuitySequence: number;
  readonly segments: readonly MediaPlaylistSegment[];
  readonly ended: boolean;
}

const tagValue = (line: string, tag: string): string | undefined => (line.startsWith(`${tag}:`) ? line.slice(tag.length + 1) : undefined);

/** The window a media playlist lists (the tags an I-frame playlist repeats). */
export function parseMediaPlaylist(text: string): MediaPlaylistWindow {
  let targetDurationSec = 0;
  let mediaSequence = 0;
  let discontinuitySequence = 0;
  let ended = false;
  let durationText: string | undefined;
  let discontinuity = false;
  const segments: MediaPlaylistSegment[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const target = tagValue(line, "#EXT-X-TARGETDURATION");
    const sequence = tagValue(line, "#EXT-X-MEDIA-SEQUENCE");
    const discontinuities = tagValue(line, "#EXT-X-DISCONTINUITY-SEQUENCE");
    const extinf = tagValue(line, "#EXTINF");
    if (target !== undefined) targetDurationSec = Number(target) || 0;
    else if (sequence !== undefined) mediaSequence = Number(sequence) || 0;
    else if (discontinuities !== undefined) discontinuitySequence = Number(discontinuities) || 0;
    else if (extinf !== undefined) durationText = extinf.split(",")[0] ?? "0";
    else if (line === "#EXT-X-DISCONTINUITY") discontinuity = true;
    else if (line === "#EXT-X-ENDLIST") ended = true;
    else if (!line.startsWith("#") && durationText !== undefined) {
      segments.push({ uri: line, durationText, discontinuity });
      durationText = undefined;
      discontinuity = false;
    }
  }
  return { targetDurationSec, mediaSequence, discontinuitySequence, segments, ended };
}

/**
 * The I-frame playlist of a window; `ranges` gives each segment URI's IDR range. A segment
 * with no range (no IDR found) is left out; a discontinuity before it moves to the next one.
 */
export function renderIFramePlaylist(window: MediaPlaylistWindow, ranges: ReadonlyMap<string, ByteRange>): string {
  const lines = ["#EXTM3U", "#EXT-X-VERSION:4", `#EXT-X-TARGETDURATION:${window.targetDurationSec}`, `#EXT-X-MEDIA-SEQUENCE:${window.mediaSequence}`];
  if (window.discontinuitySequence > 0) lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${window.discontinuitySequence}`);
  lines.push("#EXT-X-I-FRAMES-ONLY");
  let pendingDiscontinuity = false;
  for (const segment of window.segments) {
    const range = ranges.get(segment.uri);
    pendingDiscontinuity ||= segment.discontinuity;
    if (!range) continue;
    if (pendingDiscontinuity) lines.push("#EXT-X-DISCONTINUITY");
    pendingDiscontinuity = false;
    lines.push(`#EXTINF:${segment.durationText},`, `#EXT-X-BYTERANGE:${range.length}@${range.offset}`, segment.uri);
  }
  if (window.ended) lines.push("#EXT-X-ENDLIST");
  return `${lines.join("\n")}\n`;
}
