// SCTE-35 pass-through into the MPEG-TS outputs (scte35Behavior: PASSTHROUGH in m3u8Settings,
// scte35Control: PASSTHROUGH in m2tsSettings): every splice the pipeline marked on a picture
// (media/scte35/splice-mark-sei.ts; the splice mark log says which section it stands for) is
// written as a splice_info_section on the output's scte35Pid, just before that picture, with
// pts_adjustment set so that the splice time is the picture's PTS in the output (ANSI/SCTE 35
// 2023 §9.6.1). The PMT lists the PID with stream_type 0x86, a cue_identifier_descriptor and the
// 'CUEI' registration descriptor (§8.1–8.2). Pure but for the log it reads.

import { Buffer } from "node:buffer";
import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { M2tsSettings, M3u8Settings, Output } from "../../model/generated/medialive-types.ts";
import { TsSectionInserter, type AccessUnitPatch, type InsertionPicture } from "../../media/mpegts/section-inserter.ts";
import { scte35PmtStream, scte35ProgramDescriptors } from "../../media/scte35/scte35-pmt.ts";
import { RETIRED_SPLICE_MARK_UUID, SPLICE_MARK_UUID, spliceMarkUuidOffsets, spliceMarksIn } from "../../media/scte35/splice-mark-sei.ts";
import { isReturnSection, rebaseSpliceSection } from "../../media/scte35/splice-rebase.ts";
import { groupSendsCmafScte35 } from "../cmaf-ingest/cmaf-names.ts";
import { groupSendsSmoothSparseTrack } from "../ms-smooth/smooth-names.ts";
import { parsePid } from "../encoder/mpegts-options.ts";
import type { SpliceMarkLog } from "../hls/splice-mark-log.ts";

/** MediaLive's scte35Pid when none is given. */
export const DEFAULT_SCTE35_PID = 500;

/** The PID an HLS TS output passes SCTE-35 on; undefined: no pass-through. */
export function m3u8Scte35Pid(settings: M3u8Settings | undefined): number | undefined {
  if (settings?.scte35Behavior !== "PASSTHROUGH") return undefined;
  return parsePid(settings.scte35Pid ?? "") ?? DEFAULT_SCTE35_PID;
}

/** The PID an archive or UDP output passes SCTE-35 on; undefined: no pass-through. */
export function m2tsScte35Pid(settings: M2tsSettings | undefined): number | undefined {
  if (settings?.scte35Control !== "PASSTHROUGH") return undefined;
  return parsePid(settings.scte35Pid ?? "") ?? DEFAULT_SCTE35_PID;
}

/** Marks remembered as passed per output: a repeat comes a few pictures after its original. */
const KEPT_PASSED_MARKS = 256;

/**
 * The splices of one output's pictures. Each mark is passed once, on the first picture carrying
 * it: the encoder repeats a picture (and its SEI) to fill a gap in the fed timestamps, and a
 * second section for the same splice, re-based onto the repeat, would move the splice. The
 * repeat's mark is retired in the output (RETIRED_SPLICE_MARK_UUID), so one picture is the splice.
 */
export class MarkedSplices {
  readonly #log: SpliceMarkLog;
  readonly #passed = new Set<number>();
  /** Pictures that carried a mark passed for the first time (no repeats, whatever else they carry). */
  readonly #firstSeen = new WeakSet<InsertionPicture>();

  constructor(log: SpliceMarkLog) {
    this.#log = log;
  }

  /**
   * The sections that go in front of a picture: those of the new marks it carries. An avail end
   * that only closes a break (its duration ran out, or a new break began) re-uses the starting
   * section and is not sent again: a receiver would take it for a new break.
   */
  sectionsFor(picture: InsertionPicture): Uint8Array[] {
    return this.splicesFor(picture).map((splice) => splice.section);
  }

  /** As sectionsFor, with the mark each section stands for. */
  splicesFor(picture: InsertionPicture): { readonly markId: number; readonly section: Uint8Array; readonly durationSec: number | null }[] {
    if (picture.pts90k === null || !mayCarryMark(picture)) return [];
    const splices: { markId: number; section: Uint8Array; durationSec: number | null }[] = [];
    for (const markId of spliceMarksIn(picture.codec, picture.accessUnit)) {
      if (this.#passed.has(markId)) continue;
      this.#remember(markId);
      this.#firstSeen.add(picture);
      const record = this.#log.get(markId);
      if (!record || record.section.length === 0) continue;
      if (record.action === "end" && !isReturnSection(record.section)) continue;
      splices.push({ markId, section: rebaseSpliceSection(record.section, picture.pts90k), durationSec: record.action === "start" ? record.durationSec : null });
    }
    return splices;
  }

  /** A picture whose marks were all passed before (sectionsFor runs first) has them retired. */
  patchesFor(picture: InsertionPicture): AccessUnitPatch[] {
    if (!mayCarryMark(picture)) return [];
    const marks = spliceMarksIn(picture.codec, picture.accessUnit);
    if (marks.length === 0 || !marks.every((markId) => this.#passed.has(markId)) || this.#firstSeen.has(picture)) return [];
    return spliceMarkUuidOffsets(picture.accessUnit).map((offset) => ({ offset, bytes: RETIRED_SPLICE_MARK_UUID }));
  }

  #remember(markId: number): void {
    this.#passed.add(markId);
    if (this.#passed.size > KEPT_PASSED_MARKS) this.#passed.delete(this.#passed.values().next().value as number);
  }
}

// The UUID holds no 00 00, so no emulation prevention byte splits it: a picture without it has no mark.
function mayCarryMark(picture: InsertionPicture): boolean {
  const bytes = Buffer.from(picture.accessUnit.buffer, picture.accessUnit.byteOffset, picture.accessUnit.byteLength);
  return bytes.indexOf(SPLICE_MARK_UUID) >= 0;
}

/** The sections of one picture on its own (no earlier pictures of the output known). */
export function markedSections(log: SpliceMarkLog, picture: InsertionPicture): Uint8Array[] {
  return new MarkedSplices(log).sectionsFor(picture);
}

/** A rewriter of one output's transport stream that passes the marked splices on `pid`. */
export function scte35Inserter(log: SpliceMarkLog, pid: number): TsSectionInserter {
  const splices = new MarkedSplices(log);
  return new TsSectionInserter({ stream: scte35PmtStream(pid), programDescriptors: scte35ProgramDescriptors(), sectionsFor: (picture) => splices.sectionsFor(picture), patchesFor: (picture) => splices.patchesFor(picture) });
}

/** The pass-through PID of one output of any kind that can carry it (HLS TS, archive, UDP/RTP, SRT); undefined: none. */
export function outputScte35Pid(output: Output): number | undefined {
  const settings = output.outputSettings;
  return (
    m3u8Scte35Pid(settings.hlsOutputSettings?.hlsSettings.standardHlsSettings?.m3u8Settings) ??
    m2tsScte35Pid(settings.archiveOutputSettings?.containerSettings.m2tsSettings) ??
    m2tsScte35Pid(settings.udpOutputSettings?.containerSettings.m2tsSettings) ??
    m2tsScte35Pid(settings.srtOutputSettings?.containerSettings?.m2tsSettings)
  );
}

/** Whether some output of the channel passes SCTE-35, or some group sends a CMAF SCTE-35 track or Smooth sparse tracks (the pipeline then marks its splices). */
export function channelPassesScte35(config: ChannelConfig): boolean {
  return (config.encoderSettings?.outputGroups ?? []).some((group) => groupSendsCmafScte35(group) || groupSendsSmoothSparseTrack(group) || group.outputs.some((output) => outputScte35Pid(output) !== undefined));
}
