// Test helper: re-seal a splice_info_section after an edit (section_length and CRC_32 made
// right again), so the parser reaches the edited field instead of stopping at the CRC.

import { crc32Mpeg2 } from "../../../../src/media/mpegts/crc32-mpeg2.ts";

export function reseal(bytes: Uint8Array, edit: (b: Uint8Array) => void = () => {}): Uint8Array {
  const out = bytes.slice();
  edit(out);
  if (out.length < 7) return out;
  const length = out.length - 3;
  out[1] = ((out[1] ?? 0) & 0xf0) | ((length >> 8) & 0x0f);
  out[2] = length & 0xff;
  const crc = crc32Mpeg2(out, 0, out.length - 4);
  out.set([crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff], out.length - 4);
  return out;
}
