// CEA-608 byte pairs of one field from a coded picture's A/53 cc_data (ATSC A/53 Part 4
// §6.2.3): H.264 SEI NAL units (type 6, one-byte header) and H.265 prefix SEI (type 39,
// two-byte header) carry the same user_data_registered_itu_t_t35 message.

import { splitAnnexB } from "../bits/annex-b.ts";
import { removeEmulationPrevention } from "../bits/emulation-prevention.ts";
import { CcTypes } from "../h264/a53-captions.ts";
import { ccDataTripletsOfSei } from "../h264/access-unit.ts";
import { H264NalTypes } from "../h264/nal-header.ts";

const H265_PREFIX_SEI = 39;

export type Cea608Pair = readonly [number, number];

/** The valid CEA-608 pairs of `field` (1 or 2) in one Annex B access unit, in order. */
export function cea608PairsOfAccessUnit(codec: "H264" | "H265", annexB: Uint8Array, field: 1 | 2): Cea608Pair[] {
  const wanted = field === 1 ? CcTypes.NTSC_FIELD_1 : CcTypes.NTSC_FIELD_2;
  const pairs: Cea608Pair[] = [];
  for (const nal of splitAnnexB(annexB)) {
    const headerBytes = codec === "H264" ? ((nal[0] ?? 0) & 0x1f) === H264NalTypes.SEI ? 1 : 0 : (((nal[0] ?? 0) >> 1) & 0x3f) === H265_PREFIX_SEI ? 2 : 0;
    if (headerBytes === 0) continue;
    for (const triplet of ccDataTripletsOfSei(removeEmulationPrevention(nal).subarray(headerBytes))) {
      if (triplet.ccValid && triplet.ccType === wanted) pairs.push([triplet.ccData1, triplet.ccData2]);
    }
  }
  return pairs;
}
