// An event message track (ISO/IEC 23001-18 §7): the CMAF timed-metadata track that DASH-IF Live
// Media Ingest (interface 1, "Requirements for Timed Metadata Tracks") sends beside the media
// tracks, holding the events an `emsg` box would carry in-band (SCTE-35 as
// urn:scte:scte35:2013:bin, SCTE 214-3; ID3 as https://aomedia.org/emsg/ID3). Pure.
//
// Initialization segment (ISO/IEC 14496-12 boxes; handler `meta`, null media header, §12.3):
//
//   ftyp  major 'cmfc', compatible 'cmfc' 'iso6'
//   moov ─ mvhd (timescale, next_track_ID)
//        ├ trak ─ tkhd (flags 3, track_ID)
//        │      └ mdia ─ mdhd (timescale, language 'und')
//        │             ├ hdlr (handler_type 'meta')
//        │             └ minf ─ nmhd
//        │                    ├ dinf ─ dref ─ 'url ' (flags 1: in this file)
//        │                    └ stbl ─ stsd ─ evte (EventMessageSampleEntry: SampleEntry fields only)
//        │                           └ stts, stsc, stsz, stco (empty: the samples are in fragments)
//        └ mvex ─ trex (track_ID, default sample description 1)
//
// Media segment: one fragment spanning [startTime, endTime) of the media it goes with, its
// samples back to back with no gap (CMAF §7.3; ingest item 3):
//
//   moof ─ mfhd (sequence_number)
//        └ traf ─ tfhd (flags 0x020000 default-base-is-moof, track_ID)
//               ├ tfdt (version 1, baseMediaDecodeTime = startTime)
//               └ trun (flags 0x000301: data_offset, per-sample duration and size)
//   mdat  sample, sample, …
//
// Each sample holds every event active during it (ingest item 7: an event still active is
// repeated in later samples; item 8: a change in the set of active events starts a new
// sample), one `emib` box per event, or a single `emeb` box when none is active:
//
//   aligned(8) class EventMessageInstanceBox extends FullBox('emib', version = 0, flags = 0) {
//     unsigned int(32) reserved = 0;
//     signed int(64)   presentation_time_delta;  // event start − the sample's presentation time
//     unsigned int(32) event_duration;           // 0xFFFFFFFF: unknown
//     unsigned int(32) id;
//     string           scheme_id_uri;            // null-terminated UTF-8
//     string           value;                    // null-terminated UTF-8
//     unsigned int(8)  message_data[];           // to the end of the box
//   }
//   aligned(8) class EventMessageEmptyBox extends Box('emeb') {}
//
// An event of unknown or zero duration is active in the sample it starts in only (a SCTE-35
// return to network, a splice without a break duration): repeating it would have no end.

import { fullBoxHeader, readUint32, walkBoxes } from "./boxes.ts";
import { box, cString, fullBox, u16, u32, u64 } from "./box-writer.ts";
import { EMSG_UNKNOWN_DURATION, type EventMessage } from "./emsg.ts";
import { mp4Fragments } from "./fragments.ts";

/** An event on the track's timeline: presentationTime and eventDuration in the track's timescale. */
export type TrackEvent = Omit<EventMessage, "timescale">;

export interface EventTrackSample {
  /** Presentation time of the sample (its decode time: metadata samples have no composition offset). */
  readonly time: number;
  readonly duration: number;
  /** The events active during the sample, in the order given. */
  readonly events: readonly TrackEvent[];
}

const MATRIX = [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000].flatMap(u32);
const ZERO32 = u32(0);
/** ISO 639-2/T "und", packed as three 5-bit letters (§8.4.2.3). */
const LANGUAGE_UND = ((("u".charCodeAt(0) - 0x60) << 10) | (("n".charCodeAt(0) - 0x60) << 5) | ("d".charCodeAt(0) - 0x60)) & 0x7fff;
const TFHD_DEFAULT_BASE_IS_MOOF = 0x02_0000;
const TRUN_FLAGS = 0x000301;
const EMPTY_BOX = box("emeb");

/** The initialization segment of an event message track. */
export function writeEventTrackInit(options: { readonly trackId: number; readonly timescale: number; readonly handlerName?: string }): Uint8Array {
  const { trackId, timescale } = options;
  const ftyp = box("ftyp", [..."cmfc"].map((c) => c.charCodeAt(0)), ZERO32, [..."cmfciso6"].map((c) => c.charCodeAt(0)));
  // creation_time, modification_time, timescale, duration, rate, volume, reserved, matrix, pre_defined, next_track_ID.
  const mvhd = fullBox("mvhd", 0, 0, ZERO32, ZERO32, u32(timescale), ZERO32, u32(0x0001_0000), u16(0x0100), new Array<number>(10).fill(0), MATRIX, new Array<number>(24).fill(0), u32(trackId + 1));
  // creation_time, modification_time, track_ID, reserved, duration, reserved(2×32), layer, alternate_group, volume, reserved, matrix, width, height.
  const tkhd = fullBox("tkhd", 0, 3, ZERO32, ZERO32, u32(trackId), ZERO32, ZERO32, new Array<number>(8).fill(0), u16(0), u16(0), u16(0), u16(0), MATRIX, ZERO32, ZERO32);
  const mdhd = fullBox("mdhd", 0, 0, ZERO32, ZERO32, u32(timescale), ZERO32, u16(LANGUAGE_UND), u16(0));
  const hdlr = fullBox("hdlr", 0, 0, ZERO32, [..."meta"].map((c) => c.charCodeAt(0)), new Array<number>(12).fill(0), cString(options.handlerName ?? "EventMessageTrack"));
  const dinf = box("dinf", fullBox("dref", 0, 0, u32(1), fullBox("url ", 0, 1)));
  // SampleEntry (§8.5.2.2): six reserved bytes, data_reference_index.
  const evte = box("evte", new Array<number>(6).fill(0), u16(1));
  const stbl = box("stbl", fullBox("stsd", 0, 0, u32(1), evte), fullBox("stts", 0, 0, ZERO32), fullBox("stsc", 0, 0, ZERO32), fullBox("stsz", 0, 0, ZERO32, ZERO32), fullBox("stco", 0, 0, ZERO32));
  const minf = box("minf", fullBox("nmhd", 0, 0), dinf, stbl);
  const trak = box("trak", tkhd, box("mdia", mdhd, hdlr, minf));
  const mvex = box("mvex", fullBox("trex", 0, 0, u32(trackId), u32(1), ZERO32, ZERO32, ZERO32));
  return concat([ftyp, box("moov", mvhd, trak, mvex)]);
}

/** An `emib` box for `event` in a sample presented at `sampleTime`. */
export function writeEmib(event: TrackEvent, sampleTime: number): Uint8Array {
  return fullBox("emib", 0, 0, ZERO32, u64(event.presentationTime - sampleTime), u32(event.eventDuration >>> 0), u32(event.id >>> 0), cString(event.schemeIdUri), cString(event.value), event.messageData);
}

/** The time an event stops being active; an event of unknown or zero duration stays in its first sample only. */
function activeEnd(event: TrackEvent): number | undefined {
  return event.eventDuration === EMSG_UNKNOWN_DURATION || event.eventDuration === 0 ? undefined : event.presentationTime + event.eventDuration;
}

/**
 * The samples covering [startTime, endTime): cut where an event starts or ends, each with the
 * events active in it. Events starting at or after endTime are left out (a later segment's);
 * an event of unknown or zero duration that started before startTime is in none.
 */
export function eventTrackSamples(startTime: number, endTime: number, events: readonly TrackEvent[]): EventTrackSample[] {
  if (!(endTime > startTime)) return [];
  const cuts = new Set<number>([startTime, endTime]);
  for (const event of events) {
    if (event.presentationTime > startTime && event.presentationTime < endTime) cuts.add(event.presentationTime);
    const end = activeEnd(event);
    if (end !== undefined && end > startTime && end < endTime) cuts.add(end);
  }
  const times = [...cuts].sort((a, b) => a - b);
  const samples: EventTrackSample[] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const time = times[i]!;
    const next = times[i + 1]!;
    const active = events.filter((event) => {
      const end = activeEnd(event);
      if (end === undefined) return event.presentationTime >= time && event.presentationTime < next;
      return event.presentationTime < next && end > time;
    });
    samples.push({ time, duration: next - time, events: active });
  }
  return samples;
}

/** A media segment of the event message track covering [startTime, endTime) (times in the track's timescale, below 2^53). */
export function writeEventTrackSegment(options: { readonly trackId: number; readonly sequenceNumber: number; readonly startTime: number; readonly endTime: number; readonly events: readonly TrackEvent[] }): Uint8Array {
  const samples = eventTrackSamples(options.startTime, options.endTime, options.events);
  const payloads = samples.map((sample) => (sample.events.length === 0 ? EMPTY_BOX : concat(sample.events.map((event) => writeEmib(event, sample.time)))));
  const build = (dataOffset: number): Uint8Array =>
    box(
      "moof",
      fullBox("mfhd", 0, 0, u32(options.sequenceNumber >>> 0)),
      box(
        "traf",
        fullBox("tfhd", 0, TFHD_DEFAULT_BASE_IS_MOOF, u32(options.trackId)),
        fullBox("tfdt", 1, 0, u64(Math.max(0, options.startTime))),
        fullBox("trun", 0, TRUN_FLAGS, u32(samples.length), u32(dataOffset), ...samples.map((sample, i) => [...u32(sample.duration >>> 0), ...u32(payloads[i]!.length)])),
      ),
    );
  const moofLength = build(0).length;
  // data_offset counts from the moof's first byte (default-base-is-moof) to the mdat's payload.
  return concat([build(moofLength + 8), box("mdat", concat(payloads))]);
}

export interface ParsedTrackEvent extends TrackEvent {
  /** The emib's presentation_time_delta (the event's time less its sample's). */
  readonly delta: number;
}

export interface ParsedEventTrackSample {
  readonly time: number;
  /** Empty: the sample held an emeb. */
  readonly events: readonly ParsedTrackEvent[];
  /** The sample held something other than emib/emeb boxes. */
  readonly foreign: boolean;
}

/** The `emib` box at the start of `bytes`, its times made absolute from `sampleTime`; undefined when it is not one whole. */
export function parseEmib(bytes: Uint8Array, sampleTime: number): ParsedTrackEvent | undefined {
  const found = walkBoxes(bytes).boxes[0];
  if (!found || found.type !== "emib" || found.end - found.payload < 24 || fullBoxHeader(bytes, found).version !== 0) return undefined;
  const at = found.payload + 8; // version/flags, reserved
  // signed int(64): the high word's sign taken before joining, so no double rounding.
  const high = readUint32(bytes, at);
  const delta = (high >= 0x8000_0000 ? high - 2 ** 32 : high) * 2 ** 32 + readUint32(bytes, at + 4);
  const terminated = (from: number): { text: string; next: number } | undefined => {
    const zero = bytes.subarray(from, found.end).indexOf(0);
    return zero < 0 ? undefined : { text: new TextDecoder().decode(bytes.subarray(from, from + zero)), next: from + zero + 1 };
  };
  const scheme = terminated(at + 16);
  const value = scheme && terminated(scheme.next);
  if (!scheme || !value) return undefined;
  return { delta, presentationTime: sampleTime + delta, eventDuration: readUint32(bytes, at + 8), id: readUint32(bytes, at + 12), schemeIdUri: scheme.text, value: value.text, messageData: bytes.slice(value.next, found.end) };
}

/** The samples of an event message track's media segment, with their events (absolute times). */
export function readEventTrackSegment(segment: Uint8Array): ParsedEventTrackSample[] {
  const samples: ParsedEventTrackSample[] = [];
  for (const fragment of mp4Fragments(segment)) {
    for (const sample of fragment.samples) {
      if (sample.offset + sample.size > segment.length) continue;
      const data = segment.subarray(sample.offset, sample.offset + sample.size);
      const walk = walkBoxes(data);
      const events: ParsedTrackEvent[] = [];
      let foreign = walk.truncated;
      for (const inner of walk.boxes) {
        if (inner.type === "emeb") continue;
        const event = inner.type === "emib" ? parseEmib(data.subarray(inner.start, inner.end), sample.presentationTime) : undefined;
        if (event) events.push(event);
        else foreign = true;
      }
      samples.push({ time: sample.presentationTime, events, foreign });
    }
  }
  return samples;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
