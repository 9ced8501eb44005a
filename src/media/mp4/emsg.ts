// The Event Message box, `emsg` (ISO/IEC 23009-1 §5.10.3.3; ISO/IEC 23001-18 describes the same
// box for CMAF), as SCTE 214-3 and DASH-IF IOP §9 use it in-band: version 1, whose presentation
// time is absolute on the media timeline (in `timescale` units), where version 0 gives a delta
// from the fragment's earliest presentation time. Pure.
//
//   aligned(8) class DASHEventMessageBox extends FullBox('emsg', version = 1, flags = 0) {
//     unsigned int(32) timescale;
//     unsigned int(64) presentation_time;
//     unsigned int(32) event_duration;       // 0xFFFFFFFF: unknown
//     unsigned int(32) id;
//     string           scheme_id_uri;        // null-terminated UTF-8
//     string           value;                // null-terminated UTF-8
//     unsigned int(8)  message_data[];       // to the end of the box
//   }
//   (version 0: scheme_id_uri, value, then timescale, presentation_time_delta (32),
//    event_duration, id, message_data)
//
// Schemes used here: `urn:scte:scte35:2013:bin` (SCTE 214-3 §7.3.2: message_data is a whole
// splice_info_section) and `https://aomedia.org/emsg/ID3` (AOM "Carriage of ID3 Timed Metadata
// in CMAF": message_data is a whole ID3v2 tag).

import { readUint32, walkBoxes } from "./boxes.ts";
import { cString as writeCString, fullBox, u32, u64 } from "./box-writer.ts";

export const EmsgSchemes = { SCTE35_BIN: "urn:scte:scte35:2013:bin", ID3: "https://aomedia.org/emsg/ID3" } as const;

/** event_duration when the duration is not known. */
export const EMSG_UNKNOWN_DURATION = 0xffff_ffff;

export interface EventMessage {
  readonly schemeIdUri: string;
  readonly value: string;
  readonly timescale: number;
  /** Version 1: absolute presentation time in `timescale` units (below 2^53). */
  readonly presentationTime: number;
  readonly eventDuration: number;
  readonly id: number;
  readonly messageData: Uint8Array;
}

export interface ParsedEventMessage extends EventMessage {
  readonly version: number;
}

const decoder = new TextDecoder();

/** A version 1 `emsg` box, header included. */
export function writeEmsg(message: EventMessage): Uint8Array {
  const time = Math.max(0, Math.floor(message.presentationTime));
  return fullBox(
    "emsg",
    1,
    0,
    u32(message.timescale >>> 0),
    u64(time),
    u32(message.eventDuration >>> 0),
    u32(message.id >>> 0),
    writeCString(message.schemeIdUri),
    writeCString(message.value),
    message.messageData,
  );
}

function cString(bytes: Uint8Array, at: number, end: number): { readonly text: string; readonly next: number } | undefined {
  const zero = bytes.subarray(at, end).indexOf(0);
  if (zero < 0) return undefined;
  return { text: decoder.decode(bytes.subarray(at, at + zero)), next: at + zero + 1 };
}

/** The `emsg` box (version 0 or 1) at the start of `bytes`; undefined when it is not one whole. */
export function parseEmsg(bytes: Uint8Array): ParsedEventMessage | undefined {
  const box = walkBoxes(bytes).boxes[0];
  if (!box || box.type !== "emsg" || box.end - box.payload < 4) return undefined;
  const version = bytes[box.payload]!;
  let at = box.payload + 4;
  if (version === 1) {
    if (at + 20 > box.end) return undefined;
    const timescale = readUint32(bytes, at);
    const presentationTime = readUint32(bytes, at + 4) * 2 ** 32 + readUint32(bytes, at + 8);
    const eventDuration = readUint32(bytes, at + 12);
    const id = readUint32(bytes, at + 16);
    const scheme = cString(bytes, at + 20, box.end);
    const value = scheme && cString(bytes, scheme.next, box.end);
    if (!scheme || !value) return undefined;
    return { version, schemeIdUri: scheme.text, value: value.text, timescale, presentationTime, eventDuration, id, messageData: bytes.slice(value.next, box.end) };
  }
  if (version !== 0) return undefined;
  const scheme = cString(bytes, at, box.end);
  const value = scheme && cString(bytes, scheme.next, box.end);
  if (!scheme || !value) return undefined;
  at = value.next;
  if (at + 16 > box.end) return undefined;
  return { version, schemeIdUri: scheme.text, value: value.text, timescale: readUint32(bytes, at), presentationTime: readUint32(bytes, at + 4), eventDuration: readUint32(bytes, at + 8), id: readUint32(bytes, at + 12), messageData: bytes.slice(at + 16, box.end) };
}
