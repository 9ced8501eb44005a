// RTMP cue points → SCTE-35 splice_info_sections (ANSI/SCTE 35 2023 §9.6) on the stream's own
// clock (FLV timestamps in ms, as the RTMP input's pictures get their PTS: ms × 90).
//
// A publisher sends a cue point as an AMF0 data message `onCuePoint` (Adobe's cue point
// object, FLV/F4V specification: `name`, `time` in seconds, `type` "event" or "navigation",
// `parameters`); `onAdCue` is read the same way. Two forms are read:
// - a cue point carrying the SCTE-35 message itself, base64 in a string member of the object
//   or of its `parameters` (the name does not matter: any string that decodes to a whole
//   splice_info_section with a good CRC): that message, its splice moved onto the cue's time
//   with pts_adjustment (§9.6.1);
// - Adobe's plain ad cue: a cue point whose name (or `parameters.type`) says cue-out / splice
//   out / ad start — with `parameters.duration` (s) as break_duration with auto_return — or
//   cue-in / splice in / ad end, becomes a splice_insert out of or back into the network;
//   `parameters.id` (a number) is the splice_event_id, otherwise they count from 1.
// The cue's time is its `time` member, or, without one, the data message's timestamp. Pure:
// decoded AMF values in, sections out; never throws.

import type { Amf0Value } from "./amf0.ts";
import { Amf0EcmaArray } from "./amf0.ts";
import { parseSpliceInfoBase64 } from "../../media/scte35/splice-parser.ts";
import { rebaseSpliceSection } from "../../media/scte35/splice-rebase.ts";
import { wrap33 } from "../../media/scte35/splice-pts.ts";
import { writeSpliceInfoSection } from "../../media/scte35/splice-writer.ts";
import { programSpliceInsertSection, SpliceEventIds } from "../../media/scte35/program-splice-insert.ts";

/** The data message names read as cue points. */
export const CUE_POINT_MESSAGES: ReadonlySet<string> = new Set(["onCuePoint", "onAdCue"]);

const TICKS_PER_SECOND = 90_000;
const TICKS_PER_MS = 90;
const EVENT_ID_LIMIT = 2 ** 32;
/** A base64 splice_info_section is at least 20 characters (the smallest section is 16 bytes). */
const MIN_BASE64_CHARS = 20;

const OUT_NAMES = /^(cue[-_ ]?out|splice[-_ ]?out|ad[-_ ]?(start|begin|break)|avail[-_ ]?(start|out)|out)$/i;
const IN_NAMES = /^(cue[-_ ]?in|splice[-_ ]?in|ad[-_ ]?end|avail[-_ ]?(end|in)|return|in)$/i;

type AmfObject = Readonly<Record<string, Amf0Value>>;

function objectOf(value: Amf0Value | undefined): AmfObject | undefined {
  if (value instanceof Amf0EcmaArray) return value.entries;
  if (value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date)) return value as AmfObject;
  return undefined;
}

function finiteNumber(value: Amf0Value | undefined): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** The first string member (of the cue or its parameters) that is a base64 splice_info_section. */
function carriedSection(cue: AmfObject, parameters: AmfObject | undefined): Uint8Array | undefined {
  for (const holder of [cue, parameters]) {
    for (const value of Object.values(holder ?? {})) {
      if (typeof value !== "string" || value.length < MIN_BASE64_CHARS) continue;
      const parsed = parseSpliceInfoBase64(value);
      if (parsed.ok && !parsed.section.encryptedPacket) return writeSpliceInfoSection(parsed.section);
    }
  }
  return undefined;
}

export class RtmpCuePoints {
  readonly #eventIds = new SpliceEventIds();
  #lastEventId: number | null = null;

  /**
   * The section a data message means, if it is a cue point this reads. `values` are the
   * message's AMF values after its name; `timestampMs` the RTMP message timestamp.
   */
  section(name: string, values: readonly Amf0Value[], timestampMs: number): Uint8Array | undefined {
    if (!CUE_POINT_MESSAGES.has(name)) return undefined;
    const cue = objectOf(values[0]);
    if (!cue) return undefined;
    const parameters = objectOf(cue.parameters);
    const timeSeconds = finiteNumber(cue.time);
    const pts90k = wrap33(timeSeconds !== undefined && timeSeconds >= 0 ? timeSeconds * TICKS_PER_SECOND : timestampMs * TICKS_PER_MS);
    const carried = carriedSection(cue, parameters);
    if (carried) return rebaseSpliceSection(carried, pts90k);
    const label = [cue.name, parameters?.type, parameters?.name].find((value): value is string => typeof value === "string" && (OUT_NAMES.test(value) || IN_NAMES.test(value)));
    if (label === undefined) return undefined;
    const id = finiteNumber(parameters?.id ?? cue.id);
    const eventId = id !== undefined && Number.isInteger(id) && id >= 0 && id < EVENT_ID_LIMIT ? id : undefined;
    if (OUT_NAMES.test(label)) {
      const duration = finiteNumber(parameters?.duration ?? cue.duration);
      const started = eventId ?? this.#eventIds.take();
      this.#lastEventId = started;
      return programSpliceInsertSection(started, true, pts90k, duration !== undefined && duration > 0 ? Math.round(duration * TICKS_PER_SECOND) : null);
    }
    const ended = eventId ?? this.#lastEventId ?? this.#eventIds.last;
    this.#lastEventId = null;
    return programSpliceInsertSection(ended, false, pts90k, null);
  }
}
