// One H.264 access unit in Annex B form → keyframe flag, SPS and caption presence.
// Keyframe: an IDR slice (nal_unit_type 5) or a recovery point SEI (§D.1.8, payloadType 6),
// which is how open-GOP / periodic-intra streams mark random access points.

import { splitAnnexB } from "../bits/annex-b.ts";
import { removeEmulationPrevention } from "../bits/emulation-prevention.ts";
import { captionPresenceOfTriplets, parseA53CcData, type CaptionPresence, type CcDataTriplet } from "./a53-captions.ts";
import { H264NalTypes } from "./nal-header.ts";
import { parseSeiMessages, SeiPayloadTypes } from "./sei.ts";
import { parseH264Sps, type H264Sps } from "./sps.ts";

export interface H264AccessUnitInfo {
  readonly keyframe: boolean;
  readonly sps?: H264Sps;
  /** Present only when A/53 caption data was found in this access unit. */
  readonly captions?: CaptionPresence;
}

export function parseH264AccessUnit(annexB: Uint8Array): H264AccessUnitInfo {
  let keyframe = false;
  let sps: H264Sps | undefined;
  let captions: CaptionPresence | undefined;
  for (const nal of splitAnnexB(annexB)) {
    const type = (nal[0] ?? 0) & 0x1f;
    if (type === H264NalTypes.IDR_SLICE) keyframe = true;
    else if (type === H264NalTypes.SPS) sps = parseH264Sps(nal) ?? sps;
    else if (type === H264NalTypes.SEI) {
      const result = captionsAndRecoveryOfSei(removeEmulationPrevention(nal).subarray(1), captions);
      keyframe ||= result.recoveryPoint;
      captions = result.captions;
    }
  }
  const out: { keyframe: boolean; sps?: H264Sps; captions?: CaptionPresence } = { keyframe };
  if (sps) out.sps = sps;
  if (captions) out.captions = captions;
  return out;
}

/** Shared with H.265 SEI prefix NAL units: same message syntax and A/53 payload. */
export function captionsAndRecoveryOfSei(rbsp: Uint8Array, previous?: CaptionPresence): { recoveryPoint: boolean; captions?: CaptionPresence } {
  let recoveryPoint = false;
  let captions = previous;
  for (const message of parseSeiMessages(rbsp)) {
    if (message.payloadType === SeiPayloadTypes.RECOVERY_POINT) recoveryPoint = true;
    if (message.payloadType !== SeiPayloadTypes.USER_DATA_REGISTERED_ITU_T_T35) continue;
    const triplets = parseA53CcData(message.payload);
    if (triplets) captions = captionPresenceOfTriplets(triplets, captions);
  }
  return captions ? { recoveryPoint, captions } : { recoveryPoint };
}

/** All A/53 cc_data triplets of an SEI RBSP (after the NAL header), in order; for CaptionPresenceTracker. */
export function ccDataTripletsOfSei(rbsp: Uint8Array): CcDataTriplet[] {
  const triplets: CcDataTriplet[] = [];
  for (const message of parseSeiMessages(rbsp)) {
    if (message.payloadType !== SeiPayloadTypes.USER_DATA_REGISTERED_ITU_T_T35) continue;
    triplets.push(...(parseA53CcData(message.payload) ?? []));
  }
  return triplets;
}
