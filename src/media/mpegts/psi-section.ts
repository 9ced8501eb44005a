// The long-form PSI section header shared by PAT and PMT, ISO/IEC 13818-1 §2.4.4.3/§2.4.4.8.
//
// +--------------+-+-+--+------------------+----------------------+--+-------+-+
// | table_id (8) |S|0|11| section_length 12| table_id_extension 16|11|version|C|
// +--------------+-+-+--+------------------+----------------------+--+-------+-+
// | section_number (8) | last_section_number (8) | ... body ... | CRC_32 (32) |
// +--------------------+-------------------------+--------------+-------------+
//  S = section_syntax_indicator, C = current_next_indicator.

import { crc32Mpeg2 } from "./crc32-mpeg2.ts";

export interface LongSectionHeader {
  readonly tableId: number;
  readonly tableIdExtension: number;
  readonly version: number;
  readonly currentNext: boolean;
  readonly sectionNumber: number;
  readonly lastSectionNumber: number;
  /** Body range inside the section: after the 8-byte header, before the CRC. */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly crc32: number;
}

export const SectionProblems = {
  SHORT: "short",
  NOT_LONG_FORM: "not-long-form",
  LENGTH_MISMATCH: "length-mismatch",
  CRC: "crc",
} as const;
export type SectionProblem = (typeof SectionProblems)[keyof typeof SectionProblems];

export type SectionParseResult =
  | { readonly ok: true; readonly header: LongSectionHeader }
  | { readonly ok: false; readonly problem: SectionProblem };

/** Checks the long-form header and the CRC_32 of one whole section. Never throws. */
export function parseLongSection(section: Uint8Array): SectionParseResult {
  if (section.length < 12) return { ok: false, problem: SectionProblems.SHORT };
  const b1 = section[1] ?? 0;
  if ((b1 & 0x80) === 0) return { ok: false, problem: SectionProblems.NOT_LONG_FORM };
  const sectionLength = ((b1 & 0x0f) << 8) | (section[2] ?? 0);
  if (sectionLength + 3 !== section.length) return { ok: false, problem: SectionProblems.LENGTH_MISMATCH };
  if (crc32Mpeg2(section) !== 0) return { ok: false, problem: SectionProblems.CRC };
  const end = section.length;
  return {
    ok: true,
    header: {
      tableId: section[0] ?? 0,
      tableIdExtension: ((section[3] ?? 0) << 8) | (section[4] ?? 0),
      version: ((section[5] ?? 0) >> 1) & 0x1f,
      currentNext: ((section[5] ?? 0) & 0x01) !== 0,
      sectionNumber: section[6] ?? 0,
      lastSectionNumber: section[7] ?? 0,
      bodyStart: 8,
      bodyEnd: end - 4,
      crc32: (((section[end - 4] ?? 0) << 24) | ((section[end - 3] ?? 0) << 16) | ((section[end - 2] ?? 0) << 8) | (section[end - 1] ?? 0)) >>> 0,
    },
  };
}
