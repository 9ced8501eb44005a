// SCTE-35 in fMP4 HLS segments: each splice a segment's video carries (a picture with a splice
// mark, media/scte35/splice-mark-sei.ts) becomes an `emsg` box (scheme urn:scte:scte35:2013:bin,
// SCTE 214-3 §7.3.2; version 1, the video track's timescale, presentation_time the marked
// picture's, message_data the splice_info_section with its splice time on that picture) put
// just before the `moof` of the fragment holding the picture (media/mp4/fragments.ts). A
// picture the encoder repeated gets no event and has its mark retired, as in the TS outputs
// (output/scte35/scte35-passthrough.ts). Pure.

import { avccToAnnexB } from "../../media/bits/avcc.ts";
import { EMSG_UNKNOWN_DURATION, EmsgSchemes, writeEmsg, type EventMessage } from "../../media/mp4/emsg.ts";
import { insertBeforeMoof, mp4Fragments, type Mp4Track } from "../../media/mp4/fragments.ts";
import type { InsertionVideoCodec } from "../../media/mpegts/section-inserter.ts";
import { RETIRED_SPLICE_MARK_UUID, SPLICE_MARK_UUID, spliceMarkUuidOffsets } from "../../media/scte35/splice-mark-sei.ts";
import type { MarkedSplices } from "../scte35/scte35-passthrough.ts";

const SAMPLE_ENTRY_CODECS: ReadonlyMap<string, InsertionVideoCodec> = new Map([
  ["avc1", "H264"],
  ["avc3", "H264"],
  ["hev1", "H265"],
  ["hvc1", "H265"],
]);

/** The video track of an initialization segment whose pictures can carry splice marks. */
export function markedVideoTrack(tracks: readonly Mp4Track[]): (Mp4Track & { readonly codec: InsertionVideoCodec }) | undefined {
  for (const track of tracks) {
    const codec = SAMPLE_ENTRY_CODECS.get(track.sampleEntry);
    if (track.handler === "vide" && codec) return { ...track, codec };
  }
  return undefined;
}

function holdsUuid(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(SPLICE_MARK_UUID) >= 0;
}

/** The SCTE-35 events of one fragment: scheme urn:scte:scte35:2013:bin, times in the video track's timescale. */
export interface FragmentSpliceEvents {
  readonly moofStart: number;
  readonly events: EventMessage[];
}

/**
 * The splices a segment's video carries, per fragment, as event messages (version 1 emsg
 * fields), and the segment with repeats' marks retired (`bytes`, a copy; `changed` when some
 * mark was retired); undefined when it carries no mark. The CMAF ingest SCTE-35 track
 * (output/cmaf-ingest/) takes the same events.
 */
export function spliceEventsIn(segment: Uint8Array, video: Mp4Track & { readonly codec: InsertionVideoCodec }, splices: MarkedSplices): { readonly bytes: Uint8Array; readonly changed: boolean; readonly fragments: FragmentSpliceEvents[] } | undefined {
  if (!holdsUuid(segment)) return undefined;
  const bytes = Uint8Array.from(segment);
  const fragments: FragmentSpliceEvents[] = [];
  let changed = false;
  for (const fragment of mp4Fragments(bytes)) {
    const events: EventMessage[] = [];
    for (const sample of fragment.samples) {
      if (sample.trackId !== video.trackId || sample.offset + sample.size > bytes.length) continue;
      const data = bytes.subarray(sample.offset, sample.offset + sample.size);
      if (!holdsUuid(data)) continue;
      // ISO/IEC 14496-15 sample data: NAL units with 4-byte lengths (ffmpeg's mp4 muxer writes no other).
      const picture = { codec: video.codec, pts90k: Math.round((sample.presentationTime * 90_000) / video.timescale) % 2 ** 33, accessUnit: avccToAnnexB(data) };
      for (const splice of splices.splicesFor(picture)) {
        const durationUnits = splice.durationSec === null ? EMSG_UNKNOWN_DURATION : Math.min(EMSG_UNKNOWN_DURATION - 1, Math.round(splice.durationSec * video.timescale));
        events.push({ schemeIdUri: EmsgSchemes.SCTE35_BIN, value: "", timescale: video.timescale, presentationTime: sample.presentationTime, eventDuration: durationUnits, id: splice.markId, messageData: splice.section });
      }
      if (splices.patchesFor(picture).length > 0) {
        for (const offset of spliceMarkUuidOffsets(data)) data.set(RETIRED_SPLICE_MARK_UUID, offset);
        changed = true;
      }
    }
    fragments.push({ moofStart: fragment.moof.start, events });
  }
  return { bytes, changed, fragments };
}

/**
 * The segment with an `emsg` before each fragment holding new splices and repeats' marks
 * retired; undefined when it carries no mark (nothing to write) or cannot take boxes before its
 * moofs (insertBeforeMoof's reasons, thrown).
 */
export function withSpliceEvents(segment: Uint8Array, video: Mp4Track & { readonly codec: InsertionVideoCodec }, splices: MarkedSplices): Uint8Array | undefined {
  const found = spliceEventsIn(segment, video, splices);
  if (!found) return undefined;
  const events = found.fragments.filter((fragment) => fragment.events.length > 0);
  if (events.length === 0) return found.changed ? found.bytes : undefined;
  // From the last fragment back: an insertion moves only what follows it.
  let out: Uint8Array = found.bytes;
  for (const { moofStart, events: messages } of events.reverse()) {
    const inserted = insertBeforeMoof(out, moofStart, messages.map((message) => writeEmsg(message)));
    if (!inserted.ok) throw new Error(`no emsg written: ${inserted.reason}`);
    out = inserted.bytes;
  }
  return out;
}
