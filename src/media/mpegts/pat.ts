// Program Association Table, ISO/IEC 13818-1 §2.4.4.3 (Table 2-30). Body after the long
// section header (see psi-section.ts) is a loop of 4-byte entries:
//
// +----------------------+-----+----------------------------------------+
// | program_number (16)  | 111 | network_PID / program_map_PID (13)     |
// +----------------------+-----+----------------------------------------+
//  program_number 0 points at the network PID (NIT), not a PMT.

import { TableIds } from "./constants.ts";
import { parseLongSection, type SectionProblem } from "./psi-section.ts";

export interface PatProgram {
  readonly programNumber: number;
  readonly pmtPid: number;
}

export interface Pat {
  readonly transportStreamId: number;
  readonly version: number;
  readonly currentNext: boolean;
  readonly programs: readonly PatProgram[];
  readonly networkPid: number | null;
  readonly crc32: number;
}

export type PatParseResult = { readonly ok: true; readonly pat: Pat } | { readonly ok: false; readonly problem: SectionProblem | "wrong-table" };

export function parsePat(section: Uint8Array): PatParseResult {
  const parsed = parseLongSection(section);
  if (!parsed.ok) return parsed;
  const { header } = parsed;
  if (header.tableId !== TableIds.PAT) return { ok: false, problem: "wrong-table" };
  const programs: PatProgram[] = [];
  let networkPid: number | null = null;
  for (let i = header.bodyStart; i + 4 <= header.bodyEnd; i += 4) {
    const programNumber = ((section[i] ?? 0) << 8) | (section[i + 1] ?? 0);
    const pid = (((section[i + 2] ?? 0) & 0x1f) << 8) | (section[i + 3] ?? 0);
    if (programNumber === 0) networkPid = pid;
    else programs.push({ programNumber, pmtPid: pid });
  }
  return {
    ok: true,
    pat: { transportStreamId: header.tableIdExtension, version: header.version, currentNext: header.currentNext, programs, networkPid, crc32: header.crc32 },
  };
}
