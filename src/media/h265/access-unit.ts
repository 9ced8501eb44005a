// One H.265 access unit in Annex B form → keyframe (IRAP, NAL types 16–23, §7.4.2.2),
// VPS/SPS and caption presence from prefix SEI (type 39) A/53 user data.

import { splitAnnexB } from "../bits/annex-b.ts";
import { removeEmulationPrevention } from "../bits/emulation-prevention.ts";
import type { CaptionPresence } from "../h264/a53-captions.ts";
import { captionsAndRecoveryOfSei } from "../h264/access-unit.ts";
import { h265NalType, H265NalTypes, isH265IrapNalType } from "./nal-header.ts";
import { parseH265Sps, type H265Sps } from "./sps.ts";
import { parseH265Vps, type H265Vps } from "./vps.ts";

export interface H265AccessUnitInfo {
  readonly keyframe: boolean;
  readonly vps?: H265Vps;
  readonly sps?: H265Sps;
  readonly captions?: CaptionPresence;
}

export function parseH265AccessUnit(annexB: Uint8Array): H265AccessUnitInfo {
  let keyframe = false;
  let vps: H265Vps | undefined;
  let sps: H265Sps | undefined;
  let captions: CaptionPresence | undefined;
  for (const nal of splitAnnexB(annexB)) {
    if (nal.length < 2) continue;
    const type = h265NalType(nal);
    if (isH265IrapNalType(type)) keyframe = true;
    else if (type === H265NalTypes.VPS) vps = parseH265Vps(nal) ?? vps;
    else if (type === H265NalTypes.SPS) sps = parseH265Sps(nal) ?? sps;
    else if (type === H265NalTypes.PREFIX_SEI) captions = captionsAndRecoveryOfSei(removeEmulationPrevention(nal).subarray(2), captions).captions;
  }
  const out: { keyframe: boolean; vps?: H265Vps; sps?: H265Sps; captions?: CaptionPresence } = { keyframe };
  if (vps) out.vps = vps;
  if (sps) out.sps = sps;
  if (captions) out.captions = captions;
  return out;
}
