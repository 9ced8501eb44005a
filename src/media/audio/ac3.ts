// AC-3 sync frame header (ATSC A/52 §5.3.1 syncinfo, §5.3.2 bsi), first fields:
//
//   syncword(16)=0x0B77 crc1(16) fscod(2) frmsizecod(6)
//   bsid(5) bsmod(3) acmod(3) [cmixlev(2) if 3 front channels] [surmixlev(2) if surround]
//   [dsurmod(2) if acmod==2] lfeon(1)
//
// bsid ≤ 8 is AC-3 (9–10 are low-rate variants); 11–16 is E-AC-3 (see eac3.ts).

import { Codecs, type AudioInfo } from "../types.ts";

export const AC3_SYNC_WORD = 0x0b77;

/** fscod → Hz (§5.4.1.3); 3 reserved. */
export const AC3_SAMPLE_RATES_HZ: readonly number[] = [48000, 44100, 32000];

/** Nominal bit rate in kbit/s by frmsizecod >> 1 (Table 5.18). */
const AC3_BITRATES_KBPS: readonly number[] = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640];

/** acmod → full-bandwidth channel count (Table 5.8); 0 is 1+1 dual mono. */
export const ACMOD_CHANNELS: readonly number[] = [2, 1, 2, 3, 3, 4, 4, 5];

export interface Ac3Header {
  readonly fscod: number;
  readonly sampleRateHz: number;
  readonly frmsizecod: number;
  readonly bitrateKbps: number;
  /** Table 5.18: words per frame × 2. */
  readonly frameSizeBytes: number;
  readonly bsid: number;
  readonly bsmod: number;
  readonly acmod: number;
  readonly lfeon: boolean;
  readonly channels: number;
}

/** Table 5.18 frame size: 48 kHz 2×kbps words, 32 kHz 3×kbps words, 44.1 kHz ⌊kbps×1536/44.1/16⌋ + (frmsizecod & 1). */
export function ac3FrameSizeBytes(fscod: number, frmsizecod: number): number | undefined {
  const kbps = AC3_BITRATES_KBPS[frmsizecod >> 1];
  if (kbps === undefined) return undefined;
  if (fscod === 0) return kbps * 2 * 2;
  if (fscod === 2) return kbps * 3 * 2;
  if (fscod === 1) return (Math.floor((kbps * 1000 * 1536) / 44100 / 16) + (frmsizecod & 1)) * 2;
  return undefined;
}

export function parseAc3Header(data: Uint8Array, offset = 0): Ac3Header | undefined {
  if (offset < 0 || offset + 7 > data.length) return undefined;
  if ((((data[offset] ?? 0) << 8) | (data[offset + 1] ?? 0)) !== AC3_SYNC_WORD) return undefined;
  const b4 = data[offset + 4] ?? 0;
  const fscod = b4 >> 6;
  const frmsizecod = b4 & 0x3f;
  const b5 = data[offset + 5] ?? 0;
  const bsid = b5 >> 3;
  if (bsid > 10) return undefined;
  const sampleRateHz = AC3_SAMPLE_RATES_HZ[fscod];
  const frameSizeBytes = ac3FrameSizeBytes(fscod, frmsizecod);
  const bitrateKbps = AC3_BITRATES_KBPS[frmsizecod >> 1];
  if (sampleRateHz === undefined || frameSizeBytes === undefined || bitrateKbps === undefined) return undefined;
  // byte 6 onwards: acmod(3), then optional 2-bit fields, then lfeon
  const bits = ((data[offset + 6] ?? 0) << 8) | (data[offset + 7] ?? 0);
  const acmod = bits >> 13;
  let position = 13; // bits remaining after acmod in the 16-bit window
  if ((acmod & 0x01) !== 0 && acmod !== 1) position -= 2; // cmixlev
  if ((acmod & 0x04) !== 0) position -= 2; // surmixlev
  if (acmod === 2) position -= 2; // dsurmod
  const lfeon = ((bits >> (position - 1)) & 1) === 1;
  const acmodChannels = ACMOD_CHANNELS[acmod] ?? 2;
  return { fscod, sampleRateHz, frmsizecod, bitrateKbps, frameSizeBytes, bsid, bsmod: b5 & 0x07, acmod, lfeon, channels: acmodChannels + (lfeon ? 1 : 0) };
}

export function ac3ToAudioInfo(header: Ac3Header): AudioInfo {
  return { codec: Codecs.AC3, channels: header.channels, sampleRateHz: header.sampleRateHz };
}
