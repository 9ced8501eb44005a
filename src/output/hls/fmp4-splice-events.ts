// SCTE-35 in fMP4 HLS segments: each splice a segment's video carries (a picture with a splice
// mark, media/scte35/splice-mark-sei.ts) becomes an `emsg` box (scheme urn:scte:scte35:2013:bin,
// SCTE 214-3 §7.3.2; version 1, the video track's timescale, presentation_time the marked
// picture's, message_data the splice_info_section with its splice time on that picture) put
// just before the `moof` of the fragment holding the picture (media/mp4/fragments.ts). A
// picture the encoder repeated gets no event and has its mark retired, as in the TS outputs
// (output/scte35/scte35-passthrough.ts). Pure.

import { EMSG_UNKNOWN_DURATION, EmsgSchemes, type EventMessage } from "../../media/mp4/emsg.ts";
import type { Mp4Track } from "../../media/mp4/fragments.ts";
import type { InsertionVideoCodec } from "../../media/mpegts/section-inserter.ts";
import { mayHoldSpliceMark, RETIRED_SPLICE_MARK_UUID, spliceMarkUuidOffsets } from "../../media/scte35/splice-mark-sei.ts";
import type { MarkedSplices } from "../scte35/scte35-passthrough.ts";
import { markedFragmentEvents, withFragmentEvents, type FragmentEvents, type MarkedVideoTrack, type SegmentEvents } from "./fmp4-marked-events.ts";

const SAMPLE_ENTRY_CODECS: ReadonlyMap<string, InsertionVideoCodec> = new Map([
  ["avc1", "H264"],
  ["avc3", "H264"],
  ["hev1", "H265"],
  ["hvc1", "H265"],
]);

/** The video track of an initialization segment whose pictures can carry splice (and ID3) marks. */
export function markedVideoTrack(tracks: readonly Mp4Track[]): MarkedVideoTrack | undefined {
  for (const track of tracks) {
    const codec = SAMPLE_ENTRY_CODECS.get(track.sampleEntry);
    if (track.handler === "vide" && codec) return { ...track, codec };
  }
  return undefined;
}

/** The SCTE-35 events of one fragment: scheme urn:scte:scte35:2013:bin, times in the video track's timescale. */
export type FragmentSpliceEvents = FragmentEvents;

/**
 * The splices a segment's video carries, per fragment, as event messages (version 1 emsg
 * fields), and the segment with repeats' marks retired (`bytes`, a copy; `changed` when some
 * mark was retired); undefined when it carries no mark. The CMAF ingest SCTE-35 track
 * (output/cmaf-ingest/) takes the same events.
 */
export function spliceEventsIn(segment: Uint8Array, video: MarkedVideoTrack, splices: MarkedSplices): SegmentEvents | undefined {
  return markedFragmentEvents(segment, video, mayHoldSpliceMark, (picture) => {
    const events: EventMessage[] = splices.splicesFor(picture).map((splice) => {
      const durationUnits = splice.durationSec === null ? EMSG_UNKNOWN_DURATION : Math.min(EMSG_UNKNOWN_DURATION - 1, Math.round(splice.durationSec * video.timescale));
      return { schemeIdUri: EmsgSchemes.SCTE35_BIN, value: "", timescale: video.timescale, presentationTime: picture.sample.presentationTime, eventDuration: durationUnits, id: splice.markId, messageData: splice.section };
    });
    if (splices.patchesFor(picture).length === 0) return { events, changed: false };
    for (const offset of spliceMarkUuidOffsets(picture.data)) picture.data.set(RETIRED_SPLICE_MARK_UUID, offset);
    return { events, changed: true };
  });
}

/**
 * The segment with an `emsg` before each fragment holding new splices and repeats' marks
 * retired; undefined when it carries no mark (nothing to write) or cannot take boxes before its
 * moofs (insertBeforeMoof's reasons, thrown).
 */
export function withSpliceEvents(segment: Uint8Array, video: MarkedVideoTrack, splices: MarkedSplices): Uint8Array | undefined {
  return withFragmentEvents(spliceEventsIn(segment, video, splices));
}
