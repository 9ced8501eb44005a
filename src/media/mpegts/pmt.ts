// Program Map Table, ISO/IEC 13818-1 §2.4.4.8 (Table 2-33). Body after the long section
// header (table_id_extension = program_number):
//
// +-----+---------------+------+-----------------------------+---------------------+
// | 111 | PCR_PID (13)  | 1111 | program_info_length (12)    | descriptors ...     |
// +-----+---------------+------+-----------------------------+---------------------+
// then per elementary stream:
// +------------------+-----+----------------------+------+--------------------+-------+
// | stream_type (8)  | 111 | elementary_PID (13)  | 1111 | ES_info_length (12)| desc. |
// +------------------+-----+----------------------+------+--------------------+-------+

import type { CaptionInfo } from "../types.ts";
import { TableIds } from "./constants.ts";
import { parseDescriptors, type Descriptor } from "./descriptors.ts";
import { parseLongSection, type SectionProblem } from "./psi-section.ts";
import { classifyStream, StreamRoles, type StreamClassification } from "./stream-types.ts";

export interface PmtStream extends StreamClassification {
  readonly pid: number;
  readonly streamType: number;
  readonly descriptors: readonly Descriptor[];
}

export interface Pmt {
  readonly programNumber: number;
  readonly version: number;
  readonly currentNext: boolean;
  readonly pcrPid: number;
  readonly programDescriptors: readonly Descriptor[];
  readonly streams: readonly PmtStream[];
  readonly crc32: number;
}

export type PmtParseResult = { readonly ok: true; readonly pmt: Pmt } | { readonly ok: false; readonly problem: SectionProblem | "wrong-table" | "truncated" };

export function parsePmt(section: Uint8Array): PmtParseResult {
  const parsed = parseLongSection(section);
  if (!parsed.ok) return parsed;
  const { header } = parsed;
  if (header.tableId !== TableIds.PMT) return { ok: false, problem: "wrong-table" };
  const end = header.bodyEnd;
  let offset = header.bodyStart;
  if (offset + 4 > end) return { ok: false, problem: "truncated" };
  const pcrPid = (((section[offset] ?? 0) & 0x1f) << 8) | (section[offset + 1] ?? 0);
  const programInfoLength = (((section[offset + 2] ?? 0) & 0x0f) << 8) | (section[offset + 3] ?? 0);
  offset += 4;
  if (offset + programInfoLength > end) return { ok: false, problem: "truncated" };
  const programDescriptors = parseDescriptors(section, offset, offset + programInfoLength).descriptors;
  offset += programInfoLength;
  const streams: PmtStream[] = [];
  while (offset + 5 <= end) {
    const streamType = section[offset] ?? 0;
    const pid = (((section[offset + 1] ?? 0) & 0x1f) << 8) | (section[offset + 2] ?? 0);
    const esInfoLength = (((section[offset + 3] ?? 0) & 0x0f) << 8) | (section[offset + 4] ?? 0);
    offset += 5;
    if (offset + esInfoLength > end) return { ok: false, problem: "truncated" };
    const descriptors = parseDescriptors(section, offset, offset + esInfoLength).descriptors;
    offset += esInfoLength;
    streams.push({ pid, streamType, descriptors, ...classifyStream(streamType, descriptors) });
  }
  return {
    ok: true,
    pmt: { programNumber: header.tableIdExtension, version: header.version, currentNext: header.currentNext, pcrPid, programDescriptors, streams, crc32: header.crc32 },
  };
}

/** The PMT-level part of CaptionInfo (A/53 channels come from the video parser). */
export function pmtCaptionInfo(pmts: readonly Pmt[]): CaptionInfo {
  const pidsOf = (role: string): number[] => pmts.flatMap((p) => p.streams.filter((s) => s.role === role).map((s) => s.pid));
  return {
    cea608Channels: [],
    cea708Services: [],
    dvbSubPids: pidsOf(StreamRoles.DVB_SUBTITLES),
    teletextPids: pidsOf(StreamRoles.TELETEXT),
    scte27Pids: pidsOf(StreamRoles.SCTE27),
  };
}

export function pmtScte35Pids(pmts: readonly Pmt[]): number[] {
  return pmts.flatMap((p) => p.streams.filter((s) => s.role === StreamRoles.SCTE35).map((s) => s.pid));
}
