// What a PMT says about an SCTE-35 PID (ANSI/SCTE 35 2023 §8.1–8.2): the program_info loop
// carries a registration descriptor (ISO/IEC 13818-1 §2.6.8) with format_identifier 'CUEI',
// and the PID has stream_type 0x86, optionally with a cue_identifier_descriptor (tag 0x8A)
// telling which commands the PID carries.

import { DescriptorTags, StreamTypes } from "../mpegts/constants.ts";
import type { PmtStreamDescription } from "../mpegts/psi-writer.ts";

/** cue_stream_type values of the cue_identifier_descriptor (§8.2, Table 6). */
export const CueStreamTypes = {
  INSERT_NULL_SCHEDULE: 0x00,
  ALL_COMMANDS: 0x01,
  SEGMENTATION: 0x02,
  TIERED_SPLICING: 0x03,
  TIERED_SEGMENTATION: 0x04,
} as const;

const CUE_IDENTIFIER_DESCRIPTOR_TAG = 0x8a;

/** The program_info descriptor an SCTE-35 program needs: registration 'CUEI'. */
export function scte35ProgramDescriptors(): Uint8Array {
  return Uint8Array.of(DescriptorTags.REGISTRATION, 4, 0x43, 0x55, 0x45, 0x49);
}

/** The PMT entry of an SCTE-35 PID: stream_type 0x86 with a cue_identifier_descriptor. */
export function scte35PmtStream(pid: number, cueStreamType: number = CueStreamTypes.ALL_COMMANDS): PmtStreamDescription {
  return { pid, streamType: StreamTypes.SCTE35, descriptors: Uint8Array.of(CUE_IDENTIFIER_DESCRIPTOR_TAG, 1, cueStreamType & 0xff) };
}
