// SCTE-35 signals in a pulled HLS media playlist, for `scte35Source: MANIFEST`. Reads the tags
// MediaLive itself writes (docs.aws.amazon.com/medialive/latest/ug/sample-manifests-hls.html):
// EXT-X-CUE-OUT[:duration] / EXT-X-CUE-OUT-CONT / EXT-X-CUE-IN (ELEMENTAL), EXT-OATCLS-SCTE35
// and the attribute form of EXT-X-CUE-OUT-CONT (ELEMENTAL_SCTE35), EXT-X-CUE (ADOBE), plus
// EXT-X-DATERANGE with SCTE35-OUT / SCTE35-IN / SCTE35-CMD (RFC 8216 §4.3.2.7.1, the message as
// hexadecimal) and EXT-X-SCTE35:CUE="base64". A tag applies to the segment whose URI follows it.
// Attribute lists follow RFC 8216 §4.2. Pure: text in, signals out; never throws.

import { parseSpliceInfoBase64, parseSpliceInfoHex } from "./splice-parser.ts";
import type { SpliceInfoSection, SpliceParseResult } from "./splice-info.ts";

export interface ManifestSignal {
  /** out: an avail starts (or, from a continuation tag, is already running); in: it ends; cmd: a message with no avail meaning of its own. */
  readonly kind: "out" | "in" | "cmd";
  /** Index of the segment (in this playlist) the tag precedes. */
  readonly segmentIndex: number;
  /** EXT-X-MEDIA-SEQUENCE + segmentIndex: stable across reloads of a live playlist. */
  readonly mediaSequence: number;
  /** Sum of the EXTINF durations before that segment. */
  readonly playlistSeconds: number;
  readonly durationSeconds: number | null;
  /** From a continuation tag: how far into the avail the segment starts. */
  readonly elapsedSeconds: number | null;
  /** ADOBE ID or DATERANGE ID. */
  readonly id: string | null;
  /** The splice_info_section carried with the tag, if any and if it parses. */
  readonly section: SpliceInfoSection | null;
  /** Why a carried message did not parse; null when there was none or it parsed. */
  readonly sectionProblem: string | null;
  readonly tag: string;
}

/** RFC 8216 §4.2 attribute list: NAME=value pairs, quoted strings may hold commas. Quotes are removed. */
export function parseAttributeList(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /\s*([A-Za-z0-9-]+)\s*=\s*("[^"]*"|[^,]*)\s*(?:,|$)/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null && match[0].length > 0) {
    const value = match[2] ?? "";
    attributes.set((match[1] ?? "").toUpperCase(), value.startsWith('"') ? value.slice(1, -1) : value.trim());
    if (pattern.lastIndex >= text.length) break;
  }
  return attributes;
}

function number(text: string | undefined): number | null {
  if (text === undefined || text.trim() === "") return null;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

type Carried = { section: SpliceInfoSection | null; sectionProblem: string | null };
const NONE: Carried = { section: null, sectionProblem: null };

function carried(result: SpliceParseResult | null): Carried {
  if (!result) return NONE;
  return result.ok ? { section: result.section, sectionProblem: null } : { section: null, sectionProblem: result.reason };
}

type Pending = Omit<ManifestSignal, "segmentIndex" | "mediaSequence" | "playlistSeconds">;

function signal(kind: ManifestSignal["kind"], tag: string, fields: Partial<Pending> & Carried): Pending {
  return { kind, tag, durationSeconds: null, elapsedSeconds: null, id: null, ...fields };
}

/** One tag line → signals (a DATERANGE may carry both an OUT and an IN). `oatcls` is the message of a preceding EXT-OATCLS-SCTE35. */
function readTag(line: string, oatcls: Carried): Pending[] {
  const colon = line.indexOf(":");
  const name = colon < 0 ? line : line.slice(0, colon);
  const value = colon < 0 ? "" : line.slice(colon + 1);
  switch (name) {
    case "#EXT-X-CUE-OUT": {
      const attributes = value.includes("=") ? parseAttributeList(value) : null;
      return [signal("out", name, { durationSeconds: number(attributes ? attributes.get("DURATION") : value), ...oatcls })];
    }
    case "#EXT-X-CUE-IN":
      return [signal("in", name, NONE)];
    case "#EXT-X-CUE-OUT-CONT": {
      if (value.includes("=")) {
        const attributes = parseAttributeList(value);
        const scte35 = attributes.get("SCTE35");
        return [
          signal("out", name, {
            elapsedSeconds: number(attributes.get("ELAPSEDTIME")),
            durationSeconds: number(attributes.get("DURATION")),
            ...carried(scte35 === undefined ? null : parseSpliceInfoBase64(scte35)),
          }),
        ];
      }
      const [elapsed, duration] = value.split("/");
      return [signal("out", name, { elapsedSeconds: number(elapsed), durationSeconds: number(duration), ...NONE })];
    }
    case "#EXT-X-CUE": {
      const attributes = parseAttributeList(value);
      const type = attributes.get("TYPE") ?? "";
      if (type !== "SpliceOut") return [];
      return [signal("out", name, { durationSeconds: number(attributes.get("DURATION")), id: attributes.get("ID") ?? null, ...NONE })];
    }
    case "#EXT-X-SCTE35": {
      const cue = parseAttributeList(value).get("CUE");
      return cue === undefined ? [] : [signal("cmd", name, carried(parseSpliceInfoBase64(cue)))];
    }
    case "#EXT-X-DATERANGE": {
      const attributes = parseAttributeList(value);
      const id = attributes.get("ID") ?? null;
      const duration = number(attributes.get("DURATION")) ?? number(attributes.get("PLANNED-DURATION"));
      const out: Pending[] = [];
      const scteOut = attributes.get("SCTE35-OUT");
      const scteIn = attributes.get("SCTE35-IN");
      const scteCmd = attributes.get("SCTE35-CMD");
      if (scteOut !== undefined) out.push(signal("out", name, { id, durationSeconds: duration, ...carried(parseSpliceInfoHex(scteOut)) }));
      if (scteIn !== undefined) out.push(signal("in", name, { id, ...carried(parseSpliceInfoHex(scteIn)) }));
      if (scteCmd !== undefined) out.push(signal("cmd", name, { id, ...carried(parseSpliceInfoHex(scteCmd)) }));
      return out;
    }
    default:
      return [];
  }
}

/** Every SCTE-35 signal of a media playlist, in order. */
export function readManifestSignals(playlistText: string): ManifestSignal[] {
  const signals: ManifestSignal[] = [];
  let mediaSequenceBase = 0;
  let segmentIndex = 0;
  let playlistSeconds = 0;
  let pendingDuration = 0;
  let oatcls: Carried = NONE;
  for (const raw of playlistText.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    if (!line.startsWith("#")) {
      // A URI line closes the segment the tags before it describe.
      segmentIndex++;
      playlistSeconds += pendingDuration;
      pendingDuration = 0;
      continue;
    }
    if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) mediaSequenceBase = number(line.slice(22)) ?? 0;
    else if (line.startsWith("#EXTINF:")) pendingDuration = number(line.slice(8).split(",")[0]) ?? 0;
    else if (line.startsWith("#EXT-OATCLS-SCTE35:")) oatcls = carried(parseSpliceInfoBase64(line.slice(19)));
    else {
      const found = readTag(line, oatcls);
      if (found.some((s) => s.tag === "#EXT-X-CUE-OUT")) oatcls = NONE;
      for (const pending of found) signals.push({ ...pending, segmentIndex, mediaSequence: mediaSequenceBase + segmentIndex, playlistSeconds });
    }
  }
  return signals;
}
