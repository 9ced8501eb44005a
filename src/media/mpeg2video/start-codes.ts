// MPEG-2 video start codes (ISO/IEC 13818-2 §6.2.1, Table 6-1): 00 00 01 xx.

export const Mpeg2StartCodes = {
  PICTURE: 0x00,
  SEQUENCE_HEADER: 0xb3,
  EXTENSION: 0xb5,
  SEQUENCE_END: 0xb7,
  GROUP: 0xb8,
} as const;

export interface StartCodeUnit {
  /** The byte after 00 00 01. */
  readonly code: number;
  /** View from the byte after the code up to the next start code. */
  readonly body: Uint8Array;
}

/** Splits an elementary stream into start-code units (views, no copies). */
export function splitMpeg2StartCodes(data: Uint8Array): StartCodeUnit[] {
  const units: StartCodeUnit[] = [];
  let current = -1;
  for (let i = 0; i + 3 < data.length; i++) {
    if (data[i] !== 0 || data[i + 1] !== 0 || data[i + 2] !== 1) continue;
    if (current >= 0) units.push({ code: data[current + 3] ?? 0, body: data.subarray(current + 4, i) });
    current = i;
    i += 2;
  }
  if (current >= 0 && current + 3 < data.length) units.push({ code: data[current + 3] ?? 0, body: data.subarray(current + 4) });
  return units;
}
