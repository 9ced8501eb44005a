// H.265 NAL unit header (ITU-T H.265 §7.3.1.2), two bytes:
//
//   0                   1
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
//  +-+-----------+-----------+-----+
//  |F|   Type    |  LayerId  | TID |   forbidden_zero_bit(1) nal_unit_type(6)
//  +-+-----------+-----------+-----+   nuh_layer_id(6) nuh_temporal_id_plus1(3)

export const H265NalTypes = {
  /** IRAP pictures are types 16–23 (BLA 16–18, IDR 19–20, CRA 21, reserved 22–23), §7.4.2.2. */
  BLA_W_LP: 16,
  IDR_W_RADL: 19,
  IDR_N_LP: 20,
  CRA_NUT: 21,
  RSV_IRAP_23: 23,
  VPS: 32,
  SPS: 33,
  PPS: 34,
  AUD: 35,
  PREFIX_SEI: 39,
  SUFFIX_SEI: 40,
} as const;

export interface H265NalHeader {
  readonly forbiddenZeroBit: number;
  readonly nalUnitType: number;
  readonly nuhLayerId: number;
  readonly nuhTemporalIdPlus1: number;
}

/** Undefined when shorter than two bytes. */
export function parseH265NalHeader(nal: Uint8Array): H265NalHeader | undefined {
  const b0 = nal[0];
  const b1 = nal[1];
  if (b0 === undefined || b1 === undefined) return undefined;
  return { forbiddenZeroBit: b0 >> 7, nalUnitType: (b0 >> 1) & 0x3f, nuhLayerId: ((b0 & 0x01) << 5) | (b1 >> 3), nuhTemporalIdPlus1: b1 & 0x07 };
}

export function h265NalType(nal: Uint8Array): number {
  return ((nal[0] ?? 0) >> 1) & 0x3f;
}

export function isH265IrapNalType(nalUnitType: number): boolean {
  return nalUnitType >= H265NalTypes.BLA_W_LP && nalUnitType <= H265NalTypes.RSV_IRAP_23;
}
