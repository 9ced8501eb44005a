// Serialises PAT (§2.4.4.3) and PMT (§2.4.4.8) sections with their CRC_32 (Annex A); see
// pat.ts and pmt.ts for the field layouts.

import { TableIds } from "./constants.ts";
import { crc32Mpeg2 } from "./crc32-mpeg2.ts";

export interface PmtStreamDescription {
  readonly pid: number;
  readonly streamType: number;
  /** Raw ES descriptor loop bytes (tag, length, data …), e.g. 0x6A for AC-3 in 0x06. */
  readonly descriptors?: Uint8Array;
}

function finishSection(body: number[], tableId: number, tableIdExtension: number, version: number): Uint8Array {
  const sectionLength = 5 + body.length + 4; // header after length + body + CRC
  const section = new Uint8Array(3 + sectionLength);
  section[0] = tableId;
  section[1] = 0xb0 | ((sectionLength >> 8) & 0x0f); // syntax 1, '0', reserved '11'
  section[2] = sectionLength & 0xff;
  section[3] = (tableIdExtension >> 8) & 0xff;
  section[4] = tableIdExtension & 0xff;
  section[5] = 0xc1 | ((version & 0x1f) << 1); // reserved '11', version, current_next 1
  section[6] = 0;
  section[7] = 0;
  section.set(body, 8);
  const crc = crc32Mpeg2(section, 0, section.length - 4);
  const end = section.length;
  section[end - 4] = (crc >>> 24) & 0xff;
  section[end - 3] = (crc >>> 16) & 0xff;
  section[end - 2] = (crc >>> 8) & 0xff;
  section[end - 1] = crc & 0xff;
  return section;
}

export function writePatSection(transportStreamId: number, version: number, programs: readonly { programNumber: number; pmtPid: number }[]): Uint8Array {
  const body: number[] = [];
  for (const p of programs) body.push((p.programNumber >> 8) & 0xff, p.programNumber & 0xff, 0xe0 | ((p.pmtPid >> 8) & 0x1f), p.pmtPid & 0xff);
  return finishSection(body, TableIds.PAT, transportStreamId, version);
}

/** `programDescriptors`: the raw program_info descriptor loop (tag, length, data …). */
export function writePmtSection(
  programNumber: number,
  version: number,
  pcrPid: number,
  streams: readonly PmtStreamDescription[],
  programDescriptors: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const body: number[] = [0xe0 | ((pcrPid >> 8) & 0x1f), pcrPid & 0xff, 0xf0 | ((programDescriptors.length >> 8) & 0x0f), programDescriptors.length & 0xff];
  for (const byte of programDescriptors) body.push(byte);
  for (const s of streams) {
    const descriptors = s.descriptors ?? new Uint8Array(0);
    body.push(s.streamType & 0xff, 0xe0 | ((s.pid >> 8) & 0x1f), s.pid & 0xff, 0xf0 | ((descriptors.length >> 8) & 0x0f), descriptors.length & 0xff);
    for (const byte of descriptors) body.push(byte);
  }
  return finishSection(body, TableIds.PMT, programNumber, version);
}
