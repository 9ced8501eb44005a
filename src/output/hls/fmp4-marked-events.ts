// Events found in the marked pictures of fMP4 segments (splice marks, fmp4-splice-events.ts;
// ID3 marks, fmp4-id3-events.ts): each video sample that may hold a mark is handed over as an
// access unit at its presentation time (90 kHz), and the events it gives go, as `emsg` boxes,
// just before the `moof` of the fragment holding it (media/mp4/fragments.ts). Marks may be
// retired in the sample's bytes (a copy of the segment) as they are read. Pure.

import { avccToAnnexB } from "../../media/bits/avcc.ts";
import { writeEmsg, type EventMessage } from "../../media/mp4/emsg.ts";
import { insertBeforeMoof, mp4Fragments, type FragmentSample, type Mp4Track } from "../../media/mp4/fragments.ts";
import type { InsertionVideoCodec } from "../../media/mpegts/section-inserter.ts";

export type MarkedVideoTrack = Mp4Track & { readonly codec: InsertionVideoCodec };

/** A picture of the video track as a mark reader takes it. */
export interface MarkedPicture {
  readonly codec: InsertionVideoCodec;
  readonly pts90k: number;
  /** Annex B (a copy: marks are retired in `data`). */
  readonly accessUnit: Uint8Array;
  readonly sample: FragmentSample;
  /** The sample's bytes in the segment's copy, for retiring marks in place (same offsets as in accessUnit past each start code). */
  readonly data: Uint8Array;
}

/** What one picture gives: its events (in the video track's timescale) and whether its bytes changed. */
export interface PictureEvents {
  readonly events: readonly EventMessage[];
  readonly changed: boolean;
}

/** The events of one fragment. */
export interface FragmentEvents {
  readonly moofStart: number;
  readonly events: EventMessage[];
}

export interface SegmentEvents {
  /** The segment's copy, marks retired where the reader retired them. */
  readonly bytes: Uint8Array;
  readonly changed: boolean;
  readonly fragments: FragmentEvents[];
}

/**
 * The events of a segment's marked pictures, per fragment; undefined when `mayHold` finds no
 * mark in the segment at all.
 */
export function markedFragmentEvents(segment: Uint8Array, video: MarkedVideoTrack, mayHold: (bytes: Uint8Array) => boolean, onPicture: (picture: MarkedPicture) => PictureEvents): SegmentEvents | undefined {
  if (!mayHold(segment)) return undefined;
  const bytes = Uint8Array.from(segment);
  const fragments: FragmentEvents[] = [];
  let changed = false;
  for (const fragment of mp4Fragments(bytes)) {
    const events: EventMessage[] = [];
    for (const sample of fragment.samples) {
      if (sample.trackId !== video.trackId || sample.offset + sample.size > bytes.length) continue;
      const data = bytes.subarray(sample.offset, sample.offset + sample.size);
      if (!mayHold(data)) continue;
      // ISO/IEC 14496-15 sample data: NAL units with 4-byte lengths (ffmpeg's mp4 muxer writes no other).
      const found = onPicture({ codec: video.codec, pts90k: Math.round((sample.presentationTime * 90_000) / video.timescale) % 2 ** 33, accessUnit: avccToAnnexB(data), sample, data });
      events.push(...found.events);
      changed ||= found.changed;
    }
    fragments.push({ moofStart: fragment.moof.start, events });
  }
  return { bytes, changed, fragments };
}

/**
 * The segment with an `emsg` before each fragment holding events; its changed copy when only
 * marks were retired; undefined when nothing is to be written. Throws when the segment cannot
 * take boxes before its moofs (insertBeforeMoof's reasons).
 */
export function withFragmentEvents(found: SegmentEvents | undefined): Uint8Array | undefined {
  if (!found) return undefined;
  const withEvents = found.fragments.filter((fragment) => fragment.events.length > 0);
  if (withEvents.length === 0) return found.changed ? found.bytes : undefined;
  // From the last fragment back: an insertion moves only what follows it.
  let out: Uint8Array = found.bytes;
  for (const { moofStart, events } of withEvents.reverse()) {
    const inserted = insertBeforeMoof(out, moofStart, events.map((message) => writeEmsg(message)));
    if (!inserted.ok) throw new Error(`no emsg written: ${inserted.reason}`);
    out = inserted.bytes;
  }
  return out;
}
