// MPEG-2 video sequence_header() (ISO/IEC 13818-2 §6.2.2.1, semantics §6.3.3), body after 00 00 01 B3:
//
//   horizontal_size_value(12) vertical_size_value(12) aspect_ratio_information(4)
//   frame_rate_code(4) bit_rate_value(18) marker_bit(1) vbv_buffer_size_value(10)
//   constrained_parameters_flag(1) load_intra_quantiser_matrix(1) [64×8] load_non_intra_quantiser_matrix(1) [64×8]

import { BitReader } from "../bits/bit-reader.ts";

export interface Mpeg2SequenceHeader {
  readonly horizontalSize: number;
  readonly verticalSize: number;
  /** 1 square samples, 2 4:3, 3 16:9, 4 2.21:1 display aspect (Table 6-3). */
  readonly aspectRatioInformation: number;
  readonly frameRateCode: number;
  /** frame_rate_value from Table 6-4, undefined for forbidden/reserved codes. */
  readonly frameRate?: number;
  /** bit_rate_value × 400 bit/s, the low 18 bits only (MPEG-2 adds bit_rate_extension: mpeg2BitRateBps); 0x3FFFF alone means variable (MPEG-1). */
  readonly bitRateBps: number;
  readonly vbvBufferSizeValue: number;
}

/** Table 6-4: frame_rate_code → frames per second. */
export const MPEG2_FRAME_RATES: readonly (number | undefined)[] = [undefined, 24000 / 1001, 24, 25, 30000 / 1001, 30, 50, 60000 / 1001, 60];

export const MPEG2_ASPECT_RATIOS: Readonly<Record<number, string>> = { 1: "1:1", 2: "4:3", 3: "16:9", 4: "2.21:1" };

export function parseMpeg2SequenceHeader(body: Uint8Array): Mpeg2SequenceHeader | undefined {
  if (body.length < 8) return undefined;
  const reader = new BitReader(body);
  const horizontalSize = reader.readBits(12);
  const verticalSize = reader.readBits(12);
  const aspectRatioInformation = reader.readBits(4);
  const frameRateCode = reader.readBits(4);
  const bitRateValue = reader.readBits(18);
  reader.skipBits(1); // marker_bit
  const vbvBufferSizeValue = reader.readBits(10);
  if (reader.overrun || horizontalSize === 0 || verticalSize === 0) return undefined;
  const frameRate = MPEG2_FRAME_RATES[frameRateCode];
  return {
    horizontalSize,
    verticalSize,
    aspectRatioInformation,
    frameRateCode,
    ...(frameRate !== undefined ? { frameRate } : {}),
    bitRateBps: bitRateValue * 400,
    vbvBufferSizeValue,
  };
}
