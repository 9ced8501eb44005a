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
import { TsSectionInserter, type InsertionPicture } from "../../media/mpegts/section-inserter.ts";
import { scte35PmtStream, scte35ProgramDescriptors } from "../../media/scte35/scte35-pmt.ts";
import { SPLICE_MARK_UUID, spliceMarksIn } from "../../media/scte35/splice-mark-sei.ts";
import { isReturnSection, rebaseSpliceSection } from "../../media/scte35/splice-rebase.ts";
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

/**
 * The sections that go in front of a picture: those of the marks it carries. An avail end that
 * only closes a break (its duration ran out, or a new break began) re-uses the starting
 * section and is not sent again: a receiver would take it for a new break.
 */
export function markedSections(log: SpliceMarkLog, picture: InsertionPicture): Uint8Array[] {
  if (picture.pts90k === null) return [];
  // The UUID holds no 00 00, so no emulation prevention byte splits it: a picture without it has no mark.
  const bytes = Buffer.from(picture.accessUnit.buffer, picture.accessUnit.byteOffset, picture.accessUnit.byteLength);
  if (bytes.indexOf(SPLICE_MARK_UUID) < 0) return [];
  const sections: Uint8Array[] = [];
  for (const markId of spliceMarksIn(picture.codec, picture.accessUnit)) {
    const record = log.get(markId);
    if (!record || record.section.length === 0) continue;
    if (record.action === "end" && !isReturnSection(record.section)) continue;
    sections.push(rebaseSpliceSection(record.section, picture.pts90k));
  }
  return sections;
}

/** A rewriter of one output's transport stream that passes the marked splices on `pid`. */
export function scte35Inserter(log: SpliceMarkLog, pid: number): TsSectionInserter {
  return new TsSectionInserter({ stream: scte35PmtStream(pid), programDescriptors: scte35ProgramDescriptors(), sectionsFor: (picture) => markedSections(log, picture) });
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

/** Whether some output of the channel passes SCTE-35 (the pipeline then marks its splices). */
export function channelPassesScte35(config: ChannelConfig): boolean {
  return (config.encoderSettings?.outputGroups ?? []).some((group) => group.outputs.some((output) => outputScte35Pid(output) !== undefined));
}
