// AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1), as in RTMP AAC sequence headers and MP4 esds:
//
//   audioObjectType(5) [31 → 32 + audioObjectTypeExt(6)]
//   samplingFrequencyIndex(4) [0xF → samplingFrequency(24)]
//   channelConfiguration(4)
//   if audioObjectType is 5 (SBR) or 29 (PS): extensionSamplingFrequencyIndex(4) [0xF → 24 bits]
//                                             audioObjectType (the core, usually 2)
//
// Explicit (hierarchical) HE-AAC signalling is reported as HE-AAC with the SBR output rate;
// backward-compatible implicit signalling (sync extension 0x2B7 after GASpecificConfig) is
// not followed: such streams read as LC at the core rate.

import { BitReader } from "../bits/bit-reader.ts";
import { Codecs, type AudioInfo } from "../types.ts";
import { AAC_SAMPLE_RATES_HZ, aacChannelCount, aacObjectTypeName } from "./aac-tables.ts";

const ESCAPE_OBJECT_TYPE = 31;
const EXPLICIT_FREQUENCY_INDEX = 0xf;
const AOT_SBR = 5;
const AOT_PS = 29;

export interface AudioSpecificConfig {
  /** The signalled object type (5/29 for explicit HE-AAC / HE-AAC v2). */
  readonly objectType: number;
  /** Core object type under SBR/PS; equal to objectType otherwise. */
  readonly coreObjectType: number;
  /** Core sampling rate. */
  readonly sampleRateHz?: number;
  /** SBR output rate for explicit HE-AAC. */
  readonly extensionSampleRateHz?: number;
  readonly channelConfiguration: number;
}

function readObjectType(reader: BitReader): number {
  const objectType = reader.readBits(5);
  return objectType === ESCAPE_OBJECT_TYPE ? 32 + reader.readBits(6) : objectType;
}

function readFrequency(reader: BitReader): number | undefined {
  const index = reader.readBits(4);
  if (index === EXPLICIT_FREQUENCY_INDEX) return reader.readBits(24) || undefined;
  return AAC_SAMPLE_RATES_HZ[index];
}

export function parseAudioSpecificConfig(bytes: Uint8Array): AudioSpecificConfig | undefined {
  if (bytes.length < 2) return undefined;
  const reader = new BitReader(bytes);
  const objectType = readObjectType(reader);
  const sampleRateHz = readFrequency(reader);
  const channelConfiguration = reader.readBits(4);
  if (reader.overrun || objectType === 0) return undefined;
  let coreObjectType = objectType;
  let extensionSampleRateHz: number | undefined;
  if (objectType === AOT_SBR || objectType === AOT_PS) {
    extensionSampleRateHz = readFrequency(reader);
    coreObjectType = readObjectType(reader);
    if (reader.overrun) {
      coreObjectType = objectType;
      extensionSampleRateHz = undefined;
    }
  }
  return {
    objectType,
    coreObjectType,
    ...(sampleRateHz !== undefined ? { sampleRateHz } : {}),
    ...(extensionSampleRateHz !== undefined ? { extensionSampleRateHz } : {}),
    channelConfiguration,
  };
}

export function audioSpecificConfigToAudioInfo(config: AudioSpecificConfig): AudioInfo {
  // HE-AAC v2 (PS) is mono-coded stereo: channelConfiguration 1 decodes to 2 channels.
  const coded = aacChannelCount(config.channelConfiguration);
  const channels = config.objectType === AOT_PS && coded === 1 ? 2 : coded;
  const sampleRateHz = config.extensionSampleRateHz ?? config.sampleRateHz;
  return {
    codec: Codecs.AAC,
    ...(channels !== undefined ? { channels } : {}),
    ...(sampleRateHz !== undefined ? { sampleRateHz } : {}),
    profile: aacObjectTypeName(config.objectType),
  };
}
