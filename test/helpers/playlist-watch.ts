// Watches a published HLS media playlist on disk (what a player reloading it would see) and
// checks its continuity: the media sequence never goes back, no segment name gets two numbers
// and no number two names, and a move (restart on another worker) is marked by
// EXT-X-DISCONTINUITY on the first new segment.

import { readFileSync } from "node:fs";
import { parseMediaPlaylist } from "../../src/output/hls/iframe-playlist.ts";

export interface NumberedSegment {
  readonly uri: string;
  readonly number: number;
  readonly discontinuity: boolean;
}

export interface PlaylistWatch {
  /** Every numbered segment seen so far, in order of number. */
  segments(): NumberedSegment[];
  /** The highest media sequence number listed so far (-1: none). */
  lastNumber(): number;
  /** Problems seen so far: a sequence going back, a name renumbered, a number renamed. */
  readonly problems: string[];
  /** Every version read, with the wall-clock time it was first seen (for a failure's story). */
  readonly versions: { readonly atMs: number; readonly text: string }[];
  close(): void;
}

export function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

export function watchPlaylist(file: string, everyMs = 100): PlaylistWatch {
  const byNumber = new Map<number, NumberedSegment>();
  const numberOf = new Map<string, number>();
  const problems: string[] = [];
  const versions: { atMs: number; text: string }[] = [];
  let sequence = -1;
  let last = "";
  const poll = (): void => {
    const text = readText(file);
    if (text === undefined || text === last) return;
    last = text;
    versions.push({ atMs: Date.now(), text });
    const window = parseMediaPlaylist(text);
    if (window.mediaSequence < sequence) problems.push(`media sequence went back: ${sequence} → ${window.mediaSequence}`);
    sequence = Math.max(sequence, window.mediaSequence);
    window.segments.forEach((segment, index) => {
      const number = window.mediaSequence + index;
      const known = numberOf.get(segment.uri);
      if (known !== undefined && known !== number) problems.push(`${segment.uri} listed as ${known} and as ${number}`);
      const named = byNumber.get(number);
      if (named !== undefined && named.uri !== segment.uri) problems.push(`${number} named ${named.uri} and ${segment.uri}`);
      numberOf.set(segment.uri, number);
      if (named === undefined) byNumber.set(number, { uri: segment.uri, number, discontinuity: segment.discontinuity });
    });
  };
  poll();
  const timer = setInterval(poll, everyMs);
  return {
    problems,
    versions,
    segments: () => [...byNumber.values()].sort((x, y) => x.number - y.number),
    lastNumber: () => Math.max(-1, ...byNumber.keys()),
    close: () => clearInterval(timer),
  };
}
