// Inserts ATSC A/53 "GA94" cc_data SEI NAL units carrying CEA-608 CC1 into raw Annex B
// H.264 (ffmpeg has no CEA-608 encoder, and -a53cc only passes captions through). One SEI before the first VCL NAL of
// every picture, each with one field-1 byte pair and one field-2 padding pair. Needs
// decode order == display order (`-bf 0`) and one slice per picture (x264's default).

import { splitAnnexB, joinAnnexB } from "../../src/media/bits/annex-b.ts";
import { addEmulationPrevention } from "../../src/media/bits/emulation-prevention.ts";

/** CEA-608 odd parity on bit 7 (CEA-608 §8.3). */
export function withOddParity(byte: number): number {
  let ones = 0;
  for (let k = 0; k < 7; k++) ones += (byte >> k) & 1;
  return (byte & 0x7f) | (ones % 2 === 0 ? 0x80 : 0);
}

/** A pop-on caption for CC1 as byte pairs: RCL, PAC row 15, text, EOC (controls doubled). */
export function popOnCaptionPairs(text: string): [number, number][] {
  const pairs: [number, number][] = [];
  const control = (b1: number, b2: number): void => {
    pairs.push([b1, b2], [b1, b2]);
  };
  control(0x14, 0x20); // RCL resume caption loading
  control(0x14, 0x70); // PAC row 15, white
  for (let i = 0; i < text.length; i += 2) pairs.push([text.charCodeAt(i) & 0x7f, i + 1 < text.length ? text.charCodeAt(i + 1) & 0x7f : 0]);
  control(0x14, 0x2f); // EOC end of caption
  return pairs.map(([a, b]) => [withOddParity(a), withOddParity(b)]);
}

/** The SEI NAL unit (header included, emulation prevention applied) for one picture's cc_data. */
export function ccDataSeiNal(field1Pair: readonly [number, number]): Uint8Array {
  const cc = [0xfc, field1Pair[0], field1Pair[1], 0xfd, 0x80, 0x80];
  const t35 = [0xb5, 0x00, 0x31, 0x47, 0x41, 0x39, 0x34, 0x03, 0xc0 | (cc.length / 3), 0xff, ...cc, 0xff];
  const rbsp = Uint8Array.from([4, t35.length, ...t35, 0x80]);
  const escaped = addEmulationPrevention(rbsp);
  const nal = new Uint8Array(escaped.length + 1);
  nal[0] = 0x06;
  nal.set(escaped, 1);
  return nal;
}

/** Returns a copy of `annexB` with caption SEI before each picture; pairs after the script are padding (0x80 0x80). */
export function injectCea608(annexB: Uint8Array, pairs: readonly (readonly [number, number])[] = popOnCaptionPairs("HELLO CAPTIONS")): Uint8Array {
  const out: Uint8Array[] = [];
  let picture = 0;
  for (const nal of splitAnnexB(annexB)) {
    const type = (nal[0] ?? 0) & 0x1f;
    const firstSlice = (type === 1 || type === 5) && ((nal[1] ?? 0) & 0x80) !== 0; // first_mb_in_slice == 0 → ue(v) '1'
    if (firstSlice) out.push(ccDataSeiNal(pairs[picture++] ?? [0x80, 0x80]));
    out.push(nal);
  }
  return joinAnnexB(out);
}
