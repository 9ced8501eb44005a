// ID3 in fMP4 segments (fmp4HlsSettings.timedMetadataBehavior PASSTHROUGH; a CMAF Ingest ID3
// track): each tag an ID3 mark brings on a picture (media/id3/id3-mark-sei.ts) for this
// output's carriage becomes an event as AOM "Carriage of ID3 Timed Metadata in the Common Media
// Application Format" puts it in an `emsg` (scheme https://aomedia.org/emsg/ID3, value "",
// version 1 in the video track's timescale, presentation_time the marked picture's,
// message_data the whole ID3v2 tag, id the mark's). An ID3 tag holds for an instant: its
// duration is unknown (0xFFFFFFFF), as a player takes a timed-metadata PES in MPEG-TS. A mark
// the encoder repeated with a picture gives nothing again; every mark is retired once read, so
// no output segment keeps one (the emsg carries the tag). The fps filter may show a picture in
// the slot before its own too (a dropped neighbour), and with B-frames that repeat can come
// later in decoding order: the tag's time is the earliest presentation of its mark in the
// segment. Pure.

import { id3MarksIn, mayHoldId3Mark, retireId3Marks } from "../../media/id3/id3-mark-sei.ts";
import { EMSG_UNKNOWN_DURATION, EmsgSchemes, type EventMessage } from "../../media/mp4/emsg.ts";
import { markedFragmentEvents, withFragmentEvents, type MarkedVideoTrack, type SegmentEvents } from "./fmp4-marked-events.ts";

/** Mark ids remembered as passed: far more than a playlist window of tags. */
const KEPT_PASSED_MARKS = 4_096;

/** The ID3 marks one output has passed (kept across encoder runs: mark ids run on). */
export class MarkedId3 {
  readonly #carriage: string;
  readonly #passed = new Set<number>();

  /** `carriage`: the output's carriage key (output/encoder/timed-metadata-feeds.ts, id3CarriageKey). */
  constructor(carriage: string) {
    this.#carriage = carriage;
  }

  /** The tags a picture brings this output for the first time, with their mark ids. */
  tagsFor(picture: { readonly codec: "H264" | "H265"; readonly accessUnit: Uint8Array }): { readonly markId: number; readonly tag: Uint8Array }[] {
    const tags: { markId: number; tag: Uint8Array }[] = [];
    for (const mark of id3MarksIn(picture.codec, picture.accessUnit)) {
      if (this.#passed.has(mark.markId)) continue;
      this.#passed.add(mark.markId);
      if (this.#passed.size > KEPT_PASSED_MARKS) this.#passed.delete(this.#passed.values().next().value as number);
      if (mark.carriers.includes(this.#carriage)) tags.push({ markId: mark.markId, tag: mark.tag });
    }
    return tags;
  }
}

/** The AOM ID3 event of a tag at `presentationTime` (in `timescale` units). */
export function id3Event(tag: Uint8Array, id: number, timescale: number, presentationTime: number): EventMessage {
  return { schemeIdUri: EmsgSchemes.ID3, value: "", timescale, presentationTime, eventDuration: EMSG_UNKNOWN_DURATION, id, messageData: tag };
}

/** The earliest presentation time of each mark in a segment's pictures. */
function earliestMarks(segment: Uint8Array, video: MarkedVideoTrack): Map<number, number> {
  const earliest = new Map<number, number>();
  markedFragmentEvents(segment, video, mayHoldId3Mark, (picture) => {
    for (const { markId } of id3MarksIn(picture.codec, picture.accessUnit)) earliest.set(markId, Math.min(earliest.get(markId) ?? Infinity, picture.sample.presentationTime));
    return { events: [], changed: false };
  });
  return earliest;
}

/** The ID3 events of a segment's pictures, per fragment, its marks retired (`bytes`); undefined when it carries no mark. */
export function id3EventsIn(segment: Uint8Array, video: MarkedVideoTrack, marked: MarkedId3): SegmentEvents | undefined {
  if (!mayHoldId3Mark(segment)) return undefined;
  const earliest = earliestMarks(segment, video);
  return markedFragmentEvents(segment, video, mayHoldId3Mark, (picture) => {
    const events = marked.tagsFor(picture).map(({ markId, tag }) => id3Event(tag, markId, video.timescale, earliest.get(markId) ?? picture.sample.presentationTime));
    return { events, changed: retireId3Marks(picture.data) > 0 };
  });
}

/** The segment with an `emsg` before each fragment holding new tags and its marks retired; undefined when it carries no mark. */
export function withId3Events(segment: Uint8Array, video: MarkedVideoTrack, marked: MarkedId3): Uint8Array | undefined {
  return withFragmentEvents(id3EventsIn(segment, video, marked));
}
