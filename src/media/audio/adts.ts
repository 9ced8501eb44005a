// ADTS frames (ISO/IEC 14496-3 §1.A.2.2, adts_fixed_header + adts_variable_header), 7 bytes
// (9 with CRC):
//
//   syncword(12)=0xFFF ID(1) layer(2) protection_absent(1) profile_ObjectType(2)
//   sampling_frequency_index(4) private_bit(1) channel_configuration(3) original_copy(1) home(1)
//   copyright_identification_bit(1) copyright_identification_start(1) aac_frame_length(13)
//   adts_buffer_fullness(11) number_of_raw_data_blocks_in_frame(2) [crc_check(16)]
//
// aac_frame_length counts the header too. The splitter resyncs on garbage and counts it.

import { Codecs, type AudioInfo } from "../types.ts";
import { AAC_SAMPLE_RATES_HZ, aacChannelCount, aacObjectTypeName } from "./aac-tables.ts";

export const ADTS_HEADER_BYTES = 7;

export interface AdtsHeader {
  /** 0 MPEG-4, 1 MPEG-2 (ID bit). */
  readonly mpegVersionId: number;
  readonly protectionAbsent: boolean;
  /** profile_ObjectType + 1 = MPEG-4 audio object type (1 Main, 2 LC, 3 SSR, 4 LTP). */
  readonly objectType: number;
  readonly samplingFrequencyIndex: number;
  readonly sampleRateHz?: number;
  readonly channelConfiguration: number;
  readonly frameLengthBytes: number;
  readonly headerLengthBytes: number;
  readonly rawDataBlocks: number;
}

/** Parses the header at `offset`; undefined when there is no sync word, too few bytes, or an impossible length. */
export function parseAdtsHeader(data: Uint8Array, offset = 0): AdtsHeader | undefined {
  if (offset < 0 || offset + ADTS_HEADER_BYTES > data.length) return undefined;
  const b1 = data[offset + 1] ?? 0;
  const b2 = data[offset + 2] ?? 0;
  const b3 = data[offset + 3] ?? 0;
  if (data[offset] !== 0xff || (b1 & 0xf0) !== 0xf0) return undefined;
  if ((b1 & 0x06) !== 0) return undefined; // layer must be 00
  const protectionAbsent = (b1 & 0x01) === 1;
  const samplingFrequencyIndex = (b2 >> 2) & 0x0f;
  const frameLengthBytes = ((b3 & 0x03) << 11) | ((data[offset + 4] ?? 0) << 3) | ((data[offset + 5] ?? 0) >> 5);
  const headerLengthBytes = protectionAbsent ? 7 : 9;
  if (frameLengthBytes < headerLengthBytes || samplingFrequencyIndex > 12) return undefined;
  const sampleRateHz = AAC_SAMPLE_RATES_HZ[samplingFrequencyIndex];
  return {
    mpegVersionId: (b1 >> 3) & 0x01,
    protectionAbsent,
    objectType: ((b2 >> 6) & 0x03) + 1,
    samplingFrequencyIndex,
    ...(sampleRateHz !== undefined ? { sampleRateHz } : {}),
    channelConfiguration: ((b2 & 0x01) << 2) | (b3 >> 6),
    frameLengthBytes,
    headerLengthBytes,
    rawDataBlocks: ((data[offset + 6] ?? 0) & 0x03) + 1,
  };
}

export interface AdtsFrame {
  readonly header: AdtsHeader;
  /** The whole frame, header included (view). */
  readonly frame: Uint8Array;
}

export interface AdtsSplit {
  readonly frames: AdtsFrame[];
  /** Bytes skipped while searching for a sync word. */
  readonly skippedBytes: number;
  /** A trailing partial frame (view), to prepend to the next PES payload; empty when none. */
  readonly remainder: Uint8Array;
}

/** Splits a PES payload (or any ADTS byte run) into frames. */
export function splitAdtsFrames(data: Uint8Array): AdtsSplit {
  const frames: AdtsFrame[] = [];
  let skippedBytes = 0;
  let offset = 0;
  while (offset + ADTS_HEADER_BYTES <= data.length) {
    const header = parseAdtsHeader(data, offset);
    if (!header) {
      offset++;
      skippedBytes++;
      continue;
    }
    if (offset + header.frameLengthBytes > data.length) break;
    frames.push({ header, frame: data.subarray(offset, offset + header.frameLengthBytes) });
    offset += header.frameLengthBytes;
  }
  return { frames, skippedBytes, remainder: data.subarray(offset) };
}

export function adtsToAudioInfo(header: AdtsHeader): AudioInfo {
  const channels = aacChannelCount(header.channelConfiguration);
  return {
    codec: Codecs.AAC,
    ...(channels !== undefined ? { channels } : {}),
    ...(header.sampleRateHz !== undefined ? { sampleRateHz: header.sampleRateHz } : {}),
    profile: aacObjectTypeName(header.objectType),
  };
}
