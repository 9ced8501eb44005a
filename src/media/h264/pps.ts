// H.264 picture parameter set, first fields only (ITU-T H.264 §7.3.2.2): enough to tie a
// slice to its SPS and to know the entropy coder.

import { BitReader } from "../bits/bit-reader.ts";
import { removeEmulationPrevention } from "../bits/emulation-prevention.ts";

export interface H264Pps {
  readonly ppsId: number;
  readonly spsId: number;
  /** true: CABAC, false: CAVLC. */
  readonly entropyCodingModeFlag: boolean;
}

export function parseH264Pps(nal: Uint8Array): H264Pps | undefined {
  if (nal.length < 2) return undefined;
  const reader = new BitReader(removeEmulationPrevention(nal));
  reader.skipBits(8); // NAL header
  const ppsId = reader.readUE();
  const spsId = reader.readUE();
  const entropyCodingModeFlag = reader.readFlag();
  if (reader.overrun || ppsId > 255 || spsId > 31) return undefined;
  return { ppsId, spsId, entropyCodingModeFlag };
}
