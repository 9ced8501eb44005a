// Turns the FLV tag bodies of an RTMP publish into access units on the 90 kHz clock:
// H.264 from AVCC to Annex B (SPS/PPS from the sequence header repeated before every
// keyframe, so any keyframe can start a decoder), AAC raw frames wrapped in ADTS (the
// form MPEG-TS carries, ISO/IEC 13818-7 §6.2) using the AudioSpecificConfig. Anything
// else is reported once as unsupported: RTMP inputs carry H.264 and AAC only
// (as in MediaLive). Pure: no I/O.

import { concatBytes } from "../bits/bytes.ts";
import { avcDecoderConfigToAnnexB, type AvcDecoderConfig } from "../bits/avcc.ts";
import { AAC_SAMPLE_RATES_HZ } from "../audio/aac-tables.ts";
import { parseAudioSpecificConfig, type AudioSpecificConfig } from "../audio/audio-specific-config.ts";
import type { AccessUnit } from "../types.ts";
import { parseFlvAudioTag, parseFlvVideoTag } from "./flv-tags.ts";

export const RTMP_VIDEO_TRACK = 0;
export const RTMP_AUDIO_TRACK = 1;
const ANNEX_B_START_CODE = new Uint8Array([0, 0, 0, 1]);
const TICKS_PER_MS = 90;

export type FlvConversion =
  | { readonly type: "unit"; readonly unit: AccessUnit }
  | { readonly type: "unsupported"; readonly kind: "audio" | "video"; readonly codecName: string }
  | { readonly type: "invalid"; readonly kind: "audio" | "video"; readonly reason: string };

/*
 * ADTS header, 7 bytes (no CRC), ISO/IEC 13818-7 §6.2.1:
 *   syncword(12)=0xFFF ID(1)=0 layer(2)=0 protection_absent(1)=1
 *   profile(2) sampling_frequency_index(4) private(1) channel_configuration(3)
 *   original/copy(1) home(1) copyright_id_bit(1) copyright_id_start(1)
 *   aac_frame_length(13) adts_buffer_fullness(11)=0x7FF number_of_raw_data_blocks(2)=0
 */
export function adtsFrame(config: AudioSpecificConfig, raw: Uint8Array): Uint8Array | undefined {
  const frequencyIndex = AAC_SAMPLE_RATES_HZ.indexOf(config.sampleRateHz ?? -1);
  const profile = config.coreObjectType - 1;
  const frameLength = raw.length + 7;
  if (frequencyIndex < 0 || profile < 0 || profile > 3 || frameLength > 0x1fff) return undefined;
  const channels = config.channelConfiguration & 0x7;
  const out = new Uint8Array(frameLength);
  out[0] = 0xff;
  out[1] = 0xf1;
  out[2] = (profile << 6) | (frequencyIndex << 2) | (channels >> 2);
  out[3] = ((channels & 0x3) << 6) | (frameLength >> 11);
  out[4] = (frameLength >> 3) & 0xff;
  out[5] = ((frameLength & 0x7) << 5) | 0x1f;
  out[6] = 0xfc;
  out.set(raw, 7);
  return out;
}

export class FlvToAccessUnits {
  #avcConfig: AvcDecoderConfig | undefined;
  #parameterSets: Uint8Array | undefined;
  #audioConfig: AudioSpecificConfig | undefined;
  readonly #reportedUnsupported = new Set<string>();

  video(body: Uint8Array, timestampMs: number): FlvConversion[] {
    const tag = parseFlvVideoTag(body, this.#avcConfig?.lengthSizeBytes ?? 4);
    switch (tag.kind) {
      case "avc-sequence-header":
        this.#avcConfig = tag.config;
        this.#parameterSets = avcDecoderConfigToAnnexB(tag.config);
        return [];
      case "avc-nalus": {
        if (tag.nalus.length === 0) return [];
        const parts: Uint8Array[] = [];
        if (tag.keyframe && this.#parameterSets) parts.push(this.#parameterSets);
        for (const nalu of tag.nalus) parts.push(ANNEX_B_START_CODE, nalu);
        const dts90k = timestampMs * TICKS_PER_MS;
        return [
          {
            type: "unit",
            unit: { trackId: RTMP_VIDEO_TRACK, kind: "video", codec: "H264", dts90k, pts90k: dts90k + tag.compositionTimeMs * TICKS_PER_MS, keyframe: tag.keyframe, data: concatBytes(parts) },
          },
        ];
      }
      case "unsupported":
        return this.#unsupported("video", tag.codecName);
      case "invalid":
        return [{ type: "invalid", kind: "video", reason: tag.reason }];
      default:
        return [];
    }
  }

  audio(body: Uint8Array, timestampMs: number): FlvConversion[] {
    const tag = parseFlvAudioTag(body);
    switch (tag.kind) {
      case "aac-sequence-header":
        this.#audioConfig = parseAudioSpecificConfig(tag.audioSpecificConfig);
        return this.#audioConfig ? [] : [{ type: "invalid", kind: "audio", reason: "AudioSpecificConfig could not be read" }];
      case "aac-raw": {
        if (!this.#audioConfig) return [{ type: "invalid", kind: "audio", reason: "AAC frame before its sequence header" }];
        const data = adtsFrame(this.#audioConfig, tag.data);
        if (!data) return [{ type: "invalid", kind: "audio", reason: "AAC configuration cannot be carried in ADTS" }];
        const pts90k = timestampMs * TICKS_PER_MS;
        return [{ type: "unit", unit: { trackId: RTMP_AUDIO_TRACK, kind: "audio", codec: "AAC", pts90k, dts90k: pts90k, keyframe: true, data } }];
      }
      case "unsupported":
        return this.#unsupported("audio", tag.codecName);
      case "invalid":
        return [{ type: "invalid", kind: "audio", reason: tag.reason }];
    }
  }

  /** The AVC decoder configuration and AudioSpecificConfig seen so far (for probing). */
  get configs(): { readonly avc?: AvcDecoderConfig; readonly aac?: AudioSpecificConfig } {
    return { ...(this.#avcConfig ? { avc: this.#avcConfig } : {}), ...(this.#audioConfig ? { aac: this.#audioConfig } : {}) };
  }

  #unsupported(kind: "audio" | "video", codecName: string): FlvConversion[] {
    const key = `${kind}:${codecName}`;
    if (this.#reportedUnsupported.has(key)) return [];
    this.#reportedUnsupported.add(key);
    return [{ type: "unsupported", kind, codecName }];
  }
}
