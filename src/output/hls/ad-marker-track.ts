// The ad markers of one HLS media playlist, from the splice marks its segments carry
// (segment-splice-marks.ts) and what each mark stands for (splice-mark-log.ts). The segments
// get times on one continuous clock of this playlist (each starts where the one before it
// ended), and a splice takes the start of the segment it lands on: the segment whose first
// picture carries the mark, else the next one — the encoder places IDRs, and the muxer cuts
// segments, on the segment grid only, so a splice inside a segment moves to the next boundary
// (docs/ads-and-schedule.md). ad-markers.ts writes the lines of MediaLive's styles. Pure: the
// segments' marks are handed in by whoever read the segments.

import type { HlsAdMarkers } from "../../model/generated/medialive-types.ts";
import { adMarkerLines, type HlsAvail, type SegmentSpan } from "./ad-markers.ts";
import { parseMediaPlaylist } from "./iframe-playlist.ts";
import type { SegmentSpliceMark } from "./segment-splice-marks.ts";
import type { SpliceMarkRecord } from "./splice-mark-log.ts";

/** Tags this track writes (dropped from a playlist before it is marked again). */
const MARKER_TAGS = ["#EXT-X-CUE-OUT", "#EXT-X-CUE-IN", "#EXT-X-CUE:", "#EXT-OATCLS-SCTE35", "#EXT-X-ASSET"];

interface Avail {
  eventId: number;
  startSeconds: number;
  durationSeconds: number | null;
  endSeconds: number | null;
  section: Uint8Array;
  upid: Uint8Array | null;
}

/** Avails older than this many (ended) are forgotten. */
const KEPT_AVAILS = 64;

export class AdMarkerTrack {
  /** Segment URI → its start on this playlist's clock. */
  readonly #starts = new Map<string, number>();
  #clockEnd = 0;
  /** Segments whose marks were applied. */
  readonly #seen = new Set<string>();
  readonly #avails: Avail[] = [];

  /** Segment URIs of `playlist` whose marks are not known yet (read them, then call observe). */
  unread(playlist: string): string[] {
    return parseMediaPlaylist(playlist).segments.map((s) => s.uri).filter((uri) => !this.#seen.has(uri));
  }

  /**
   * Takes the playlist's segments in order; `marks` gives the marks of the segments read
   * (a segment missing there is taken as unmarked once the playlist lists a later one).
   */
  observe(playlist: string, marks: ReadonlyMap<string, readonly SegmentSpliceMark[]>, lookup: (markId: number) => SpliceMarkRecord | undefined): void {
    for (const segment of parseMediaPlaylist(playlist).segments) {
      const durationSec = Number(segment.durationText) || 0;
      let start = this.#starts.get(segment.uri);
      if (start === undefined) {
        start = this.#clockEnd;
        this.#starts.set(segment.uri, start);
        this.#clockEnd = start + durationSec;
      }
      if (this.#seen.has(segment.uri)) continue;
      const found = marks.get(segment.uri);
      if (!found) continue;
      this.#seen.add(segment.uri);
      for (const mark of found) {
        const record = lookup(mark.markId);
        if (record) this.#apply(record, mark.onFirstPicture ? start : start + durationSec);
      }
    }
    const keep = new Set(parseMediaPlaylist(playlist).segments.map((s) => s.uri));
    for (const uri of [...this.#starts.keys()]) if (!keep.has(uri)) this.#starts.delete(uri);
    for (const uri of [...this.#seen]) if (!keep.has(uri)) this.#seen.delete(uri);
  }

  #apply(record: SpliceMarkRecord, atSeconds: number): void {
    if (record.action === "start") {
      if (this.#avails.some((a) => a.eventId === record.eventId && a.endSeconds === null)) return;
      this.#avails.push({ eventId: record.eventId, startSeconds: atSeconds, durationSeconds: record.durationSec, endSeconds: null, section: record.section, upid: record.upid });
      while (this.#avails.length > KEPT_AVAILS) this.#avails.shift();
      return;
    }
    const open = this.#avails.filter((a) => a.endSeconds === null);
    const target = open.find((a) => a.eventId === record.eventId) ?? open.at(-1);
    if (target) target.endSeconds = Math.max(atSeconds, target.startSeconds);
  }

  /** The marker lines of each segment of `playlist`, by media sequence number. */
  linesBySequence(playlist: string, style: HlsAdMarkers): Map<number, string[]> {
    const window = parseMediaPlaylist(playlist);
    const spans: SegmentSpan[] = [];
    const numbers: number[] = [];
    window.segments.forEach((segment, i) => {
      const start = this.#starts.get(segment.uri);
      if (start === undefined) return;
      spans.push({ startSeconds: start, endSeconds: start + (Number(segment.durationText) || 0) });
      numbers.push(window.mediaSequence + i);
    });
    const avails: HlsAvail[] = this.#avails.map((a) => ({ ...a }));
    const lines = adMarkerLines(style, avails, spans);
    return new Map(numbers.map((n, i) => [n, lines[i] ?? []]));
  }
}

/** `playlist` with `lines` (by media sequence number) before each segment's EXTINF; earlier marker lines dropped. */
export function withMarkerLines(playlist: string, lines: ReadonlyMap<number, readonly string[]>): string {
  const window = parseMediaPlaylist(playlist);
  const out: string[] = [];
  let index = 0;
  for (const raw of playlist.split("\n")) {
    const line = raw.trim();
    if (MARKER_TAGS.some((tag) => line.startsWith(tag))) continue;
    if (line.startsWith("#EXTINF")) out.push(...(lines.get(window.mediaSequence + index) ?? []));
    else if (line !== "" && !line.startsWith("#")) index += 1;
    out.push(raw);
  }
  return out.join("\n");
}
