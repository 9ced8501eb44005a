// Which segments of a media playlist to download next, by media sequence number (RFC 8216
// §6.3.5: a client plays segments in sequence-number order and must not skip or repeat
// one). Live playlists start `bufferSegments` from the live edge (§6.3.3 says no closer
// than three target durations from the end); VOD playlists start at the first segment.
// An origin that restarted (its sequence numbers went back) or left us behind (our next
// segment fell out of its window) is rejoined at the live edge. Pure.

import type { HlsMediaPlaylist, HlsSegmentRef } from "./hls-playlist.ts";

export interface CursorStep {
  readonly segments: readonly HlsSegmentRef[];
  /** We rejoined at the live edge: the origin restarted or we fell behind. */
  readonly rejoined: boolean;
}

export class HlsSegmentCursor {
  #nextSequence: number | undefined;

  /** The segments not taken before, in order; takes them. */
  take(playlist: HlsMediaPlaylist, bufferSegments: number): CursorStep {
    const segments = playlist.segments;
    if (segments.length === 0) return { segments: [], rejoined: false };
    const first = segments[0]!.sequence;
    const last = segments.at(-1)!.sequence;
    let rejoined = false;
    let startIndex: number;
    if (this.#nextSequence === undefined) {
      startIndex = playlist.endList ? 0 : Math.max(0, segments.length - bufferSegments);
    } else if (this.#nextSequence > last + 1 || this.#nextSequence < first) {
      rejoined = true;
      startIndex = playlist.endList ? 0 : Math.max(0, segments.length - bufferSegments);
    } else {
      const next = this.#nextSequence;
      startIndex = segments.findIndex((segment) => segment.sequence >= next);
      if (startIndex < 0) startIndex = segments.length;
    }
    const taken = segments.slice(startIndex);
    if (taken.length > 0) this.#nextSequence = taken.at(-1)!.sequence + 1;
    else this.#nextSequence ??= last + 1;
    return { segments: taken, rejoined };
  }

  /** Forget the position (a VOD loop starts over). */
  reset(): void {
    this.#nextSequence = undefined;
  }
}
