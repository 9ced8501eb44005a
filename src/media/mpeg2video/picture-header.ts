// MPEG-2 video picture_header() (ISO/IEC 13818-2 §6.2.3), body after 00 00 01 00:
//
//   temporal_reference(10) picture_coding_type(3) vbv_delay(16) ...
//
// picture_coding_type (Table 6-12): 1 I, 2 P, 3 B, 4 D (MPEG-1 only).

export const PictureCodingTypes = { I: 1, P: 2, B: 3, D: 4 } as const;

export interface Mpeg2PictureHeader {
  readonly temporalReference: number;
  readonly pictureCodingType: number;
}

export function parseMpeg2PictureHeader(body: Uint8Array): Mpeg2PictureHeader | undefined {
  const b0 = body[0];
  const b1 = body[1];
  if (b0 === undefined || b1 === undefined) return undefined;
  return { temporalReference: (b0 << 2) | (b1 >> 6), pictureCodingType: (b1 >> 3) & 0x07 };
}
