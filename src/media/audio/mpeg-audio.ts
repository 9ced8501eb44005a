// MPEG-1/2 audio frame header (ISO/IEC 11172-3 §2.4.1.3; lower sampling frequencies from
// ISO/IEC 13818-3 §2.4.2.3; "MPEG-2.5" version 00 is a common extension), 4 bytes:
//
//   syncword(11)=0x7FF version(2) layer(2) protection_bit(1) bitrate_index(4)
//   sampling_frequency(2) padding_bit(1) private_bit(1) mode(2) mode_extension(2)
//   copyright(1) original(1) emphasis(2)

import { Codecs, type AudioInfo } from "../types.ts";

export const MpegAudioVersions = { MPEG_2_5: 0, MPEG_2: 2, MPEG_1: 3 } as const;

/** kbit/s by [MPEG-1 ? 0 : 1][layer 1..3][bitrate_index]; index 0 free format, 15 forbidden. */
const BITRATES_KBPS: readonly (readonly (readonly number[])[])[] = [
  [
    [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  ],
  [
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  ],
];
const MPEG1_SAMPLE_RATES_HZ: readonly number[] = [44100, 48000, 32000];
const LAYER_NAMES = ["Layer I", "Layer II", "Layer III"] as const;

export interface MpegAudioHeader {
  readonly version: number;
  /** 1, 2 or 3. */
  readonly layer: number;
  readonly protectionAbsent: boolean;
  /** 0 for free-format streams. */
  readonly bitrateKbps: number;
  readonly sampleRateHz: number;
  readonly padding: boolean;
  /** 0 stereo, 1 joint stereo, 2 dual channel, 3 single channel. */
  readonly channelMode: number;
  readonly channels: number;
  /** 0 when free format (size unknown from the header). */
  readonly frameLengthBytes: number;
}

export function parseMpegAudioHeader(data: Uint8Array, offset = 0): MpegAudioHeader | undefined {
  if (offset < 0 || offset + 4 > data.length) return undefined;
  const b1 = data[offset + 1] ?? 0;
  const b2 = data[offset + 2] ?? 0;
  const b3 = data[offset + 3] ?? 0;
  if (data[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 0x03;
  const layerBits = (b1 >> 1) & 0x03;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 0x03;
  if (version === 1 || layerBits === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const layer = 4 - layerBits;
  const baseRate = MPEG1_SAMPLE_RATES_HZ[rateIndex] ?? 0;
  const sampleRateHz = version === MpegAudioVersions.MPEG_1 ? baseRate : version === MpegAudioVersions.MPEG_2 ? baseRate / 2 : baseRate / 4;
  const bitrateKbps = BITRATES_KBPS[version === MpegAudioVersions.MPEG_1 ? 0 : 1]?.[layer - 1]?.[bitrateIndex] ?? 0;
  const padding = ((b2 >> 1) & 0x01) === 1;
  const channelMode = b3 >> 6;
  // §2.4.3.1: slots per frame; Layer I slots are 4 bytes; LSF Layer III has 576 samples per frame.
  let frameLengthBytes = 0;
  if (bitrateKbps > 0) {
    const bitrateBps = bitrateKbps * 1000;
    if (layer === 1) frameLengthBytes = (Math.floor((12 * bitrateBps) / sampleRateHz) + (padding ? 1 : 0)) * 4;
    else if (layer === 3 && version !== MpegAudioVersions.MPEG_1) frameLengthBytes = Math.floor((72 * bitrateBps) / sampleRateHz) + (padding ? 1 : 0);
    else frameLengthBytes = Math.floor((144 * bitrateBps) / sampleRateHz) + (padding ? 1 : 0);
  }
  return { version, layer, protectionAbsent: (b1 & 0x01) === 1, bitrateKbps, sampleRateHz, padding, channelMode, channels: channelMode === 3 ? 1 : 2, frameLengthBytes };
}

export function mpegAudioToAudioInfo(header: MpegAudioHeader): AudioInfo {
  return { codec: Codecs.MPEG_AUDIO, channels: header.channels, sampleRateHz: header.sampleRateHz, profile: LAYER_NAMES[header.layer - 1] ?? "Layer II" };
}
