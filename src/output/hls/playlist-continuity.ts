// Continuity of a media playlist across encoder restarts and pipeline moves (RFC 8216 §6.2.1,
// §6.2.2): the media sequence and segment numbers go on, the first segment of a new encoder
// is preceded by EXT-X-DISCONTINUITY, and EXT-X-DISCONTINUITY-SEQUENCE counts every
// discontinuity that left the window, so a player that reloads keeps its timeline.
//
// ffmpeg 5.1's hls muxer with `append_list` reads its own playlist back when it starts: it
// continues the media sequence and the segment numbers after the last listed segment, keeps
// the listed segments and marks its first one with EXT-X-DISCONTINUITY. It never writes
// EXT-X-DISCONTINUITY-SEQUENCE, and it reads that tag back as one more EXT-X-DISCONTINUITY
// (its parser matches the prefix), and it marks a fresh playlist's first segment too. So the
// encoder writes a playlist of its own (`<playlist>.encoder`, served and uploaded by nobody)
// and the beside publishes the playlist players read from it with these functions. Pure text in, text out.

import { parseMediaPlaylist, type MediaPlaylistWindow } from "./iframe-playlist.ts";

export const ENCODER_PLAYLIST_SUFFIX = ".encoder";

/** The playlist the encoder writes and reads back (append_list) for the published `playlistName`. */
export const encoderPlaylistName = (playlistName: string): string => `${playlistName}${ENCODER_PLAYLIST_SUFFIX}`;

/** A file the encoder keeps for itself: never published. */
export const isEncoderPlaylist = (name: string): boolean => name.endsWith(`.m3u8${ENCODER_PLAYLIST_SUFFIX}`);

/** The published name of an encoder playlist. */
export const publishedPlaylistName = (encoderName: string): string => encoderName.slice(0, -ENCODER_PLAYLIST_SUFFIX.length);

const DISCONTINUITY_SEQUENCE = "#EXT-X-DISCONTINUITY-SEQUENCE:";

/**
 * What the encoder reads back when its own playlist is missing but a published one exists (a
 * previous version's, or the destination's after a move to another machine): the published
 * playlist without EXT-X-DISCONTINUITY-SEQUENCE, which ffmpeg would take for a discontinuity.
 */
export function encoderSeed(published: string): string {
  return `${published
    .split("\n")
    .filter((line) => !line.trim().startsWith(DISCONTINUITY_SEQUENCE))
    .join("\n")
    .replace(/\n*$/, "")}\n`;
}

/**
 * The discontinuity sequence number of `next`'s first segment: `previous`'s, plus every
 * segment marked EXT-X-DISCONTINUITY that `previous` listed before `next`'s first (RFC 8216
 * §6.2.2). A media sequence lower than before means the numbering began again: 0.
 */
export function continuedDiscontinuitySequence(previous: MediaPlaylistWindow | undefined, next: Pick<MediaPlaylistWindow, "mediaSequence">): number {
  if (!previous || next.mediaSequence < previous.mediaSequence) return 0;
  const removed = previous.segments.slice(0, next.mediaSequence - previous.mediaSequence);
  return previous.discontinuitySequence + removed.filter((segment) => segment.discontinuity).length;
}

/**
 * The playlist players read, from the encoder's: EXT-X-DISCONTINUITY-SEQUENCE after the media
 * sequence (when above 0), and no EXT-X-DISCONTINUITY before segment 1 (nothing precedes the
 * first segment of a new numbering; ffmpeg marks it because append_list found no playlist).
 * `previousPublished`: the playlist published before (absent: none).
 */
export function publishedFromEncoder(encoderText: string, previousPublished: string | undefined): string {
  const window = parseMediaPlaylist(encoderText);
  const sequence = continuedDiscontinuitySequence(previousPublished === undefined ? undefined : parseMediaPlaylist(previousPublished), window);
  const lines: string[] = [];
  let beforeFirstSegment = true;
  for (const raw of encoderText.replace(/\n*$/, "").split("\n")) {
    const line = raw.trim();
    if (line.startsWith(DISCONTINUITY_SEQUENCE)) continue;
    if (line === "#EXT-X-DISCONTINUITY" && beforeFirstSegment && window.mediaSequence <= 1) continue;
    if (line !== "" && !line.startsWith("#")) beforeFirstSegment = false;
    lines.push(raw);
    if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:") && sequence > 0) lines.push(`${DISCONTINUITY_SEQUENCE}${sequence}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The media sequence number the next segment after `playlist`'s last one gets (what a continuing encoder uses). */
export function nextMediaSequence(playlist: string): number {
  const window = parseMediaPlaylist(playlist);
  return window.mediaSequence + window.segments.length;
}

/**
 * A media sequence number above any a numbering from 1 reaches (segments since 1970 at this
 * length), for an encoder that must continue a playlist it cannot read back: no segment
 * name the destination may still hold (or a cache may still serve) is used again.
 */
export function clockMediaSequence(nowMs: number, segmentLengthSec: number): number {
  return Math.floor(nowMs / (segmentLengthSec * 1000));
}

/** An encoder playlist with no segment that makes append_list number on from `mediaSequence`. */
export function emptyEncoderPlaylist(mediaSequence: number, segmentLengthSec: number): string {
  return `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:${Math.ceil(segmentLengthSec)}\n#EXT-X-MEDIA-SEQUENCE:${mediaSequence}\n`;
}
