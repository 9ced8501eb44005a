// Annex B byte streams (ITU-T H.264 Annex B, H.265 Annex B): NAL units separated by start
// codes 00 00 01 or 00 00 00 01. Splitting returns views into the input (no copies);
// trailing zero bytes before a start code (trailing_zero_8bits) are not part of a NAL.

const START_CODE_4 = Uint8Array.of(0, 0, 0, 1);

/** Splits an Annex B buffer into NAL units (views, without start codes). Bytes before the first start code are ignored. */
export function splitAnnexB(data: Uint8Array): Uint8Array[] {
  const units: Uint8Array[] = [];
  let nalStart = -1;
  let i = 0;
  const length = data.length;
  while (i + 2 < length) {
    const third = data[i + 2] ?? 0;
    if (third > 1) {
      i += 3; // no start code can begin at i, i+1 or i+2
    } else if (third === 0) {
      i++;
    } else if (data[i] === 0 && data[i + 1] === 0) {
      if (nalStart >= 0) pushTrimmed(units, data, nalStart, i);
      i += 3;
      nalStart = i;
    } else {
      i += 3; // third is 1 but not after 00 00: a start code needs third === 0 at i+1 / i+2
    }
  }
  if (nalStart >= 0) pushTrimmed(units, data, nalStart, length);
  return units;
}

function pushTrimmed(units: Uint8Array[], data: Uint8Array, start: number, end: number): void {
  let stop = end;
  while (stop > start && data[stop - 1] === 0) stop--;
  if (stop > start) units.push(data.subarray(start, stop));
}

/** Joins NAL units into one Annex B buffer with 4-byte start codes. */
export function joinAnnexB(units: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const unit of units) total += 4 + unit.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const unit of units) {
    out.set(START_CODE_4, offset);
    out.set(unit, offset + 4);
    offset += 4 + unit.length;
  }
  return out;
}
