// MediaLive's identifiers for variable data in the `tag` of an ID3 segment tag action
// (hlsId3SegmentTaggingSettings, id3SegmentTaggingSettings): MediaLive's user guide
// ("Identifiers for variable data") accepts them all in that field, resolved per segment, as in
// its example `$dt$-$sn$` ("the tag contents will be different in each segment"). Resolved
// where the tag is made for a segment (pipeline/program/schedule-id3.ts):
// - `$dt$`, `$d$`, `$t$`: the segment's UTC date and time (yyyyMMddTHHmmss, yyyyMMdd, HHmmss),
//   taken as the wall clock when its first picture is fed to the encoder;
// - `$sn$`: the segment's number, counted from 1 on the encoder run's segment grid;
// - `$$`: a `$`; `%0n` pads any of them with zeros to n characters (`$sn%05$` → 00007).
// The output's own facts (`$w$`, `$h$`, `$f$`, `$rv$`, `$ra$`, `$rc$`) are not known there —
// one tag goes to every output of its kind, whatever their renditions — and stay as written,
// as do unknown `$…$`. Pure.

import { dateValue, parseTagIdentifiers, zeroPadded } from "./variable-identifiers.ts";

/** The segment a tag is written into. */
export interface TaggedSegment {
  /** Wall clock (ms since the epoch) when its first picture was fed. */
  readonly utcMs: number;
  /** Its number, from 1. */
  readonly sequenceNumber: number;
}

/** `tag` with its date and segment number identifiers replaced by `segment`'s. */
export function resolveTagVariables(tag: string, segment: TaggedSegment): string {
  return parseTagIdentifiers(tag)
    .map((part) => {
      if (part.kind === "text") return part.text;
      const value = part.kind === "date" ? dateValue(part.id, segment.utcMs) : String(segment.sequenceNumber);
      return zeroPadded(value, part.padWidth);
    })
    .join("");
}
