// E-AC-3 sync frame header (ATSC A/52 Annex E §E.1.2.1 syncinfo, §E.1.2.2 bsi):
//
//   syncword(16)=0x0B77 strmtyp(2) substreamid(3) frmsiz(11)
//   fscod(2) [fscod==3: fscod2(2) else numblkscod(2)] acmod(3) lfeon(1)
//   bsid(5)=16 dialnorm(5) ...
//
// Frame size is (frmsiz + 1) 16-bit words. Channel count is that of the independent
// substream (strmtyp 0); 7.1 programs add a dependent substream (strmtyp 1) not counted here.

import { Codecs, type AudioInfo } from "../types.ts";
import { AC3_SAMPLE_RATES_HZ, AC3_SYNC_WORD, ACMOD_CHANNELS } from "./ac3.ts";

/** fscod2 → Hz (Table E.1.3), used when fscod is 3 (reduced sample rates). */
const EAC3_REDUCED_SAMPLE_RATES_HZ: readonly number[] = [24000, 22050, 16000];
/** numblkscod → audio blocks per frame (Table E.1.4). */
const EAC3_BLOCKS: readonly number[] = [1, 2, 3, 6];

export const Eac3StreamTypes = { INDEPENDENT: 0, DEPENDENT: 1, AC3_CONVERT: 2 } as const;

export interface Eac3Header {
  readonly strmtyp: number;
  readonly substreamId: number;
  readonly frameSizeBytes: number;
  readonly sampleRateHz: number;
  readonly blocksPerFrame: number;
  readonly acmod: number;
  readonly lfeon: boolean;
  readonly bsid: number;
  readonly channels: number;
}

export function parseEac3Header(data: Uint8Array, offset = 0): Eac3Header | undefined {
  if (offset < 0 || offset + 6 > data.length) return undefined;
  if ((((data[offset] ?? 0) << 8) | (data[offset + 1] ?? 0)) !== AC3_SYNC_WORD) return undefined;
  const b2 = data[offset + 2] ?? 0;
  const b4 = data[offset + 4] ?? 0;
  const bsid = (data[offset + 5] ?? 0) >> 3;
  if (bsid < 11 || bsid > 16) return undefined;
  const strmtyp = b2 >> 6;
  if (strmtyp === 3) return undefined; // reserved
  const frmsiz = ((b2 & 0x07) << 8) | (data[offset + 3] ?? 0);
  const fscod = b4 >> 6;
  const code2 = (b4 >> 4) & 0x03;
  const sampleRateHz = fscod === 3 ? EAC3_REDUCED_SAMPLE_RATES_HZ[code2] : AC3_SAMPLE_RATES_HZ[fscod];
  if (sampleRateHz === undefined) return undefined;
  const acmod = (b4 >> 1) & 0x07;
  const lfeon = (b4 & 0x01) === 1;
  return {
    strmtyp,
    substreamId: (b2 >> 3) & 0x07,
    frameSizeBytes: (frmsiz + 1) * 2,
    sampleRateHz,
    blocksPerFrame: fscod === 3 ? 6 : (EAC3_BLOCKS[code2] ?? 6),
    acmod,
    lfeon,
    bsid,
    channels: (ACMOD_CHANNELS[acmod] ?? 2) + (lfeon ? 1 : 0),
  };
}

export function eac3ToAudioInfo(header: Eac3Header): AudioInfo {
  return { codec: Codecs.EAC3, channels: header.channels, sampleRateHz: header.sampleRateHz };
}
