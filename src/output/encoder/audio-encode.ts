// One audio description resolved against the fed TS: the filter chain of an AAC encode, the
// encoder arguments, and the stream metadata that the MPEG-TS muxer writes into the PMT's
// ISO 639 language descriptor (ISO/IEC 13818-1 §2.6.18).

import type { AudioDescription, GlobalConfiguration } from "../../model/generated/medialive-types.ts";
import { AAC_LC_CODECS } from "./codec-strings.ts";
import type { FedStreamLayout } from "./plan-types.ts";

const CHANNELS = { CODING_MODE_1_0: 1, CODING_MODE_2_0: 2, CODING_MODE_5_1: 6 } as const;
const CHANNEL_LAYOUTS = { 1: "mono", 2: "stereo", 6: "5.1" } as const;
/** MediaLive's AacSettings defaults for a 2.0 encode. */
const DEFAULT_AAC_BITRATE_BPS = 192_000;
const DEFAULT_SAMPLE_RATE_HZ = 48_000;
/** Assumed peak of a pass-through stream whose bitrate the worker did not report (BANDWIDTH only). */
export const PASSTHROUGH_ASSUMED_BITRATE_BPS = 256_000;

/** audio_type of the ISO 639 descriptor → ffmpeg disposition (mpegtsenc writes it back as audio_type). */
const DISPOSITIONS = { 0: "0", 1: "clean_effects", 2: "hearing_impaired", 3: "visual_impaired" } as const;
const AUDIO_TYPE_CODES = { UNDEFINED: 0, CLEAN_EFFECTS: 1, HEARING_IMPAIRED: 2, VISUAL_IMPAIRED_COMMENTARY: 3 } as const;

export interface ResolvedAudio {
  readonly name: string;
  /** ffmpeg input audio stream index (0:a:N). */
  readonly fedIndex: number;
  readonly passThrough: boolean;
  /** Filter chain of an AAC encode (absent for pass-through). */
  readonly filterChain?: string;
  /** Encoder arguments without stream specifier index: the caller adds `:a:k`. */
  readonly codecArgs: readonly (readonly [option: string, value: string])[];
  readonly bitrateBps: number | null;
  readonly codecs: string;
  readonly languageCode?: string;
  readonly disposition?: string;
  readonly streamName?: string;
}

export function resolveAudio(description: AudioDescription, fed: FedStreamLayout, global: GlobalConfiguration | undefined): ResolvedAudio {
  const fedIndex = fed.audioSelectorNames.indexOf(description.audioSelectorName);
  if (fedIndex < 0) throw new TypeError(`audio selector "${description.audioSelectorName}" is not in the fed stream layout`);
  const source = fed.audioStreams?.[fedIndex];
  // FOLLOW_INPUT (MediaLive's default) takes the source's value when it has one, else the configured one.
  const followLanguage = description.languageCodeControl !== "USE_CONFIGURED";
  const languageCode = (followLanguage ? source?.languageCode : undefined) ?? description.languageCode;
  const followType = description.audioTypeControl !== "USE_CONFIGURED";
  const audioType = (followType ? source?.audioType : undefined) ?? (description.audioType ? AUDIO_TYPE_CODES[description.audioType] : undefined);
  const disposition = audioType === undefined ? undefined : DISPOSITIONS[audioType as keyof typeof DISPOSITIONS];
  const common = { name: description.name, fedIndex, ...(languageCode ? { languageCode } : {}), ...(disposition ? { disposition } : {}), ...(description.streamName ? { streamName: description.streamName } : {}) };
  const aac = description.codecSettings?.aacSettings;
  if (!aac) {
    // passThroughSettings: the selector's stream unchanged, no filter (and so no gain).
    return { ...common, passThrough: true, codecArgs: [["-c", "copy"]], bitrateBps: source?.bitrateBps ?? null, codecs: source?.codecs ?? AAC_LC_CODECS };
  }
  const channels = CHANNELS[(aac.codingMode ?? "CODING_MODE_2_0") as keyof typeof CHANNELS] ?? 2;
  const sampleRateHz = aac.sampleRate ?? DEFAULT_SAMPLE_RATE_HZ;
  const bitrateBps = aac.bitrate ?? DEFAULT_AAC_BITRATE_BPS;
  // aresample async: stretch/fill so audio stays locked to its timestamps across source switches.
  const filters = [`aresample=${sampleRateHz}:async=1`, `aformat=sample_fmts=fltp:sample_rates=${sampleRateHz}:channel_layouts=${CHANNEL_LAYOUTS[channels]}`];
  const gainDb = global?.initialAudioGain ?? 0;
  if (gainDb !== 0) filters.push(`volume=${gainDb}dB`);
  return {
    ...common,
    passThrough: false,
    filterChain: filters.join(","),
    codecArgs: [
      ["-c", "aac"],
      ["-profile", "aac_low"],
      ["-b", String(bitrateBps)],
      ["-ac", String(channels)],
      ["-ar", String(sampleRateHz)],
    ],
    bitrateBps,
    codecs: AAC_LC_CODECS,
  };
}
