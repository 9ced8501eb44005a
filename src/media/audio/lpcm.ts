// Linear PCM in MPEG-TS, two carriages:
//
// SMPTE 302M (AES3 in TS; stream_type 0x06 with registration descriptor "BSSD"), 4-byte
// header before the sample data, §7.3:
//   audio_packet_size(16) number_channels(2) channel_identification(8) bits_per_sample(2) alignment_bits(4)
//   number_channels 0..3 → 2/4/6/8; bits_per_sample 0..2 → 16/20/24; the rate is always 48 kHz.
//
// HDMV LPCM (Blu-ray; stream_type 0x80), 4-byte header:
//   audio_data_payload_size(16) channel_assignment(4) sampling_frequency(4) bits_per_sample(2) start_flag(1) reserved(5)
//   sampling_frequency 1/4/5 → 48/96/192 kHz; bits_per_sample 1..3 → 16/20/24.
// (Documented in the Blu-ray spec; layout as in FFmpeg's pcm-bluray decoder.)

import { Codecs, type AudioInfo } from "../types.ts";

export const SMPTE_302M_REGISTRATION = "BSSD";
export const STREAM_TYPE_HDMV_LPCM = 0x80;

export interface LpcmHeader {
  readonly payloadSizeBytes: number;
  readonly channels: number;
  readonly sampleRateHz: number;
  readonly bitsPerSample: number;
}

const SMPTE_302M_BITS: readonly number[] = [16, 20, 24];

export function parseSmpte302mHeader(data: Uint8Array): LpcmHeader | undefined {
  if (data.length < 4) return undefined;
  const bitsPerSample = SMPTE_302M_BITS[((data[3] ?? 0) >> 4) & 0x03];
  if (bitsPerSample === undefined) return undefined;
  return {
    payloadSizeBytes: ((data[0] ?? 0) << 8) | (data[1] ?? 0),
    channels: (((data[2] ?? 0) >> 6) + 1) * 2,
    sampleRateHz: 48000,
    bitsPerSample,
  };
}

/** channel_assignment → channel count (0 and 12+ reserved): mono, stereo, 3/0, 2/1, 3/1, 2/2, 3/2, 3/2+LFE, 3/4, 3/4+LFE. */
const HDMV_CHANNELS: readonly number[] = [0, 1, 0, 2, 3, 3, 4, 4, 5, 6, 7, 8];
const HDMV_SAMPLE_RATES_HZ: Readonly<Record<number, number>> = { 1: 48000, 4: 96000, 5: 192000 };
const HDMV_BITS: readonly number[] = [0, 16, 20, 24];

export function parseHdmvLpcmHeader(data: Uint8Array): LpcmHeader | undefined {
  if (data.length < 4) return undefined;
  const b2 = data[2] ?? 0;
  const channels = HDMV_CHANNELS[b2 >> 4] ?? 0;
  const sampleRateHz = HDMV_SAMPLE_RATES_HZ[b2 & 0x0f];
  const bitsPerSample = HDMV_BITS[(data[3] ?? 0) >> 6] ?? 0;
  if (channels === 0 || sampleRateHz === undefined || bitsPerSample === 0) return undefined;
  return { payloadSizeBytes: ((data[0] ?? 0) << 8) | (data[1] ?? 0), channels, sampleRateHz, bitsPerSample };
}

export function lpcmToAudioInfo(header: LpcmHeader): AudioInfo {
  return { codec: Codecs.LPCM, channels: header.channels, sampleRateHz: header.sampleRateHz, profile: `${header.bitsPerSample}-bit` };
}
