// A splice_info_section moved onto another timeline (ANSI/SCTE 35 2023 §9.6.1): its
// splice_time() stays as written, pts_adjustment is set so that pts_time + pts_adjustment
// (modulo 2^33) is the PTS of the picture the splice lands on in the re-timed stream, and
// CRC_32 is computed anew. Sections without a splice time (splice_immediate, splice_null …)
// and encrypted ones are returned as they are. Pure.

import { crc32Mpeg2 } from "../mpegts/crc32-mpeg2.ts";
import { parseSpliceInfoSection } from "./splice-parser.ts";
import { wrap33 } from "./splice-pts.ts";
import type { SpliceInfoSection } from "./splice-info.ts";

/** Byte offset of the byte holding encrypted_packet, encryption_algorithm and pts_adjustment's top bit. */
const PTS_ADJUSTMENT_AT = 4;

/** The pts_time of the section's first splice (before pts_adjustment); null when it has none. */
export function rawSpliceTime(section: SpliceInfoSection): number | null {
  const command = section.command;
  if (!command) return null;
  if (command.kind === "time_signal") return command.spliceTime.ptsTime90k;
  if (command.kind !== "splice_insert" || command.spliceEventCancelIndicator || command.spliceImmediateFlag) return null;
  if (command.programSpliceFlag) return command.spliceTime?.ptsTime90k ?? null;
  return command.components.find((component) => component.spliceTime?.ptsTime90k != null)?.spliceTime?.ptsTime90k ?? null;
}

/** `bytes` with pts_adjustment set so that its splice happens at `splicePts90k`. */
export function rebaseSpliceSection(bytes: Uint8Array, splicePts90k: number): Uint8Array {
  const parsed = parseSpliceInfoSection(bytes);
  if (!parsed.ok || parsed.section.encryptedPacket) return bytes;
  const ptsTime = rawSpliceTime(parsed.section);
  if (ptsTime === null) return bytes;
  const adjustment = wrap33(splicePts90k - ptsTime);
  const out = Uint8Array.from(bytes);
  out[PTS_ADJUSTMENT_AT] = ((out[PTS_ADJUSTMENT_AT] ?? 0) & 0xfe) | (adjustment >= 2 ** 32 ? 1 : 0);
  const low = adjustment % 2 ** 32;
  out[PTS_ADJUSTMENT_AT + 1] = (low >>> 24) & 0xff;
  out[PTS_ADJUSTMENT_AT + 2] = (low >>> 16) & 0xff;
  out[PTS_ADJUSTMENT_AT + 3] = (low >>> 8) & 0xff;
  out[PTS_ADJUSTMENT_AT + 4] = low & 0xff;
  const crc = crc32Mpeg2(out, 0, out.length - 4);
  out[out.length - 4] = (crc >>> 24) & 0xff;
  out[out.length - 3] = (crc >>> 16) & 0xff;
  out[out.length - 2] = (crc >>> 8) & 0xff;
  out[out.length - 1] = crc & 0xff;
  return out;
}

/**
 * Whether a section says the splice ends (a return to the network): a splice_insert with
 * out_of_network_indicator 0, or a time_signal whose segmentation descriptors are all of an end
 * type (Table 23: the odd type ids from 0x11 on). A section that starts a break, re-read when the
 * break's duration has run out, is not one.
 */
export function isReturnSection(bytes: Uint8Array): boolean {
  const parsed = parseSpliceInfoSection(bytes);
  if (!parsed.ok || !parsed.section.command) return false;
  const { command, descriptors } = parsed.section;
  if (command.kind === "splice_insert") return !command.spliceEventCancelIndicator && !command.outOfNetworkIndicator;
  if (command.kind !== "time_signal") return false;
  const types = descriptors.flatMap((descriptor) => ("segmentationTypeId" in descriptor && !descriptor.segmentationEventCancelIndicator ? [descriptor.segmentationTypeId] : []));
  return types.length > 0 && types.every((type) => type >= 0x11 && type % 2 === 1);
}
