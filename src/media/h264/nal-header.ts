// H.264 NAL unit header (ITU-T H.264 §7.3.1), one byte:
//
//   0 1 2 3 4 5 6 7
//  +-+---+---------+
//  |F|NRI|  Type   |   forbidden_zero_bit(1) nal_ref_idc(2) nal_unit_type(5)
//  +-+---+---------+

export const H264NalTypes = {
  NON_IDR_SLICE: 1,
  IDR_SLICE: 5,
  SEI: 6,
  SPS: 7,
  PPS: 8,
  AUD: 9,
} as const;

export interface H264NalHeader {
  readonly forbiddenZeroBit: number;
  readonly nalRefIdc: number;
  readonly nalUnitType: number;
}

/** Undefined for an empty NAL unit. */
export function parseH264NalHeader(nal: Uint8Array): H264NalHeader | undefined {
  const byte = nal[0];
  if (byte === undefined) return undefined;
  return { forbiddenZeroBit: byte >> 7, nalRefIdc: (byte >> 5) & 0x03, nalUnitType: byte & 0x1f };
}

/** VCL NAL unit types 1–5 carry slice data (§7.4.1, Table 7-1). */
export function isH264VclNalType(nalUnitType: number): boolean {
  return nalUnitType >= 1 && nalUnitType <= 5;
}
