// MPEG-2 video sequence_extension() (ISO/IEC 13818-2 §6.2.2.3, semantics §6.3.5), body after 00 00 01 B5:
//
//   extension_start_code_identifier(4) = 1   profile_and_level_indication(8)
//   progressive_sequence(1) chroma_format(2) horizontal_size_extension(2) vertical_size_extension(2)
//   bit_rate_extension(12) marker_bit(1) vbv_buffer_size_extension(8) low_delay(1)
//   frame_rate_extension_n(2) frame_rate_extension_d(5)

import { BitReader } from "../bits/bit-reader.ts";
import type { Mpeg2SequenceHeader } from "./sequence-header.ts";

export const SEQUENCE_EXTENSION_ID = 1;

export interface Mpeg2SequenceExtension {
  readonly profileAndLevelIndication: number;
  readonly progressiveSequence: boolean;
  /** 1 4:2:0, 2 4:2:2, 3 4:4:4. */
  readonly chromaFormat: number;
  readonly horizontalSizeExtension: number;
  readonly verticalSizeExtension: number;
  readonly bitRateExtension: number;
  readonly lowDelay: boolean;
  readonly frameRateExtensionN: number;
  readonly frameRateExtensionD: number;
}

/** Table 8-2 / 8-3 (escape bit 0): profile_identification and level_identification names. */
export const MPEG2_PROFILE_NAMES: Readonly<Record<number, string>> = { 1: "High", 2: "Spatially Scalable", 3: "SNR Scalable", 4: "Main", 5: "Simple" };
export const MPEG2_LEVEL_NAMES: Readonly<Record<number, string>> = { 4: "High", 6: "High 1440", 8: "Main", 10: "Low" };

/** Undefined unless the body is a sequence extension (identifier 1) of full length. */
export function parseMpeg2SequenceExtension(body: Uint8Array): Mpeg2SequenceExtension | undefined {
  if (body.length < 6) return undefined;
  const reader = new BitReader(body);
  if (reader.readBits(4) !== SEQUENCE_EXTENSION_ID) return undefined;
  const profileAndLevelIndication = reader.readBits(8);
  const progressiveSequence = reader.readFlag();
  const chromaFormat = reader.readBits(2);
  const horizontalSizeExtension = reader.readBits(2);
  const verticalSizeExtension = reader.readBits(2);
  const bitRateExtension = reader.readBits(12);
  reader.skipBits(1); // marker_bit
  reader.skipBits(8); // vbv_buffer_size_extension
  const lowDelay = reader.readFlag();
  const frameRateExtensionN = reader.readBits(2);
  const frameRateExtensionD = reader.readBits(5);
  if (reader.overrun) return undefined;
  return { profileAndLevelIndication, progressiveSequence, chromaFormat, horizontalSizeExtension, verticalSizeExtension, bitRateExtension, lowDelay, frameRateExtensionN, frameRateExtensionD };
}

export function mpeg2ProfileName(profileAndLevelIndication: number): string {
  if (profileAndLevelIndication & 0x80) return `escape 0x${profileAndLevelIndication.toString(16)}`; // §8.2: 4:2:2 / multi-view profiles
  return MPEG2_PROFILE_NAMES[(profileAndLevelIndication >> 4) & 0x07] ?? `profile ${(profileAndLevelIndication >> 4) & 0x07}`;
}

export function mpeg2LevelName(profileAndLevelIndication: number): string {
  if (profileAndLevelIndication & 0x80) return `escape 0x${profileAndLevelIndication.toString(16)}`;
  return MPEG2_LEVEL_NAMES[profileAndLevelIndication & 0x0f] ?? `level ${profileAndLevelIndication & 0x0f}`;
}

/** §6.3.5: bit_rate = (bit_rate_extension << 18 | bit_rate_value) × 400 bit/s. */
export function mpeg2BitRateBps(header: Mpeg2SequenceHeader, extension?: Mpeg2SequenceExtension): number {
  return header.bitRateBps + (extension?.bitRateExtension ?? 0) * 2 ** 18 * 400;
}
