// One audio description resolved against the fed TS: the filter chain of an encode (remix,
// initial gain, loudness normalisation, the encoder's format, the codec's own channel
// processing), the encoder arguments, and the stream metadata that the MPEG-TS muxer writes
// into the PMT's ISO 639 language descriptor (ISO/IEC 13818-1 §2.6.18).

import type { AudioCodecSettings, AudioDescription, GlobalConfiguration } from "../../model/generated/medialive-types.ts";
import { aacPlan, mp2Plan } from "./aac-args.ts";
import { ac3Plan, eac3Plan } from "./ac3-args.ts";
import type { AudioCodecPlan, CodecArg } from "./audio-codec-plan.ts";
import { loudnormFilter, remixFilter } from "./audio-filters.ts";
import { AAC_LC_CODECS, EAC3_CODECS } from "./codec-strings.ts";
import type { FedAudioStream, FedStreamLayout } from "./plan-types.ts";

/** Assumed peak of a pass-through stream whose bitrate the worker did not report (BANDWIDTH only). */
export const PASSTHROUGH_ASSUMED_BITRATE_BPS = 256_000;

/**
 * The fed-layout key of a description's audio selector. A description without one takes the
 * source's default (first) audio track, as MediaLive does; its key is the empty string, which
 * no selector can be named (MediaLive's names are at least one character).
 */
export const DEFAULT_AUDIO_SELECTOR_KEY = "";
export function audioSelectorKey(description: Pick<AudioDescription, "audioSelectorName">): string {
  return description.audioSelectorName || DEFAULT_AUDIO_SELECTOR_KEY;
}

/** audio_type of the ISO 639 descriptor → ffmpeg disposition (mpegtsenc writes it back as audio_type). */
const DISPOSITIONS = { 0: "0", 1: "clean_effects", 2: "hearing_impaired", 3: "visual_impaired" } as const;
const AUDIO_TYPE_CODES = { UNDEFINED: 0, CLEAN_EFFECTS: 1, HEARING_IMPAIRED: 2, VISUAL_IMPAIRED_COMMENTARY: 3 } as const;
/** ETSI TS 101 154 Annex E: broadcaster-mixed audio description is signalled as audio_type 3. */
const BROADCASTER_MIXED_AD_TYPE = 3;

export interface ResolvedAudio {
  readonly name: string;
  /** ffmpeg input audio stream index (0:a:N). */
  readonly fedIndex: number;
  readonly passThrough: boolean;
  /** Filter chain of an encode (absent for pass-through). */
  readonly filterChain?: string;
  /** Encoder arguments without stream specifier index: the caller adds `:a:k`. */
  readonly codecArgs: readonly CodecArg[];
  readonly bitrateBps: number | null;
  readonly codecs: string;
  readonly languageCode?: string;
  readonly disposition?: string;
  readonly streamName?: string;
}

/**
 * The encode a codecSettings asks for. Codecs this ffmpeg has no encoder for fall back to the
 * nearest it has: Dolby Atmos to E-AC-3 5.1 at the configured bitrate, WAV (PCM, which HLS
 * transport streams cannot carry) and absent settings to AAC-LC.
 */
export function audioCodecPlan(settings: AudioCodecSettings | undefined): AudioCodecPlan {
  if (settings?.ac3Settings) return ac3Plan(settings.ac3Settings);
  if (settings?.eac3Settings) return eac3Plan(settings.eac3Settings);
  if (settings?.mp2Settings) return mp2Plan(settings.mp2Settings);
  if (settings?.eac3AtmosSettings) {
    const atmos = settings.eac3AtmosSettings;
    return eac3Plan({ codingMode: "CODING_MODE_3_2", lfeControl: "LFE", ...(atmos.bitrate ? { bitrate: atmos.bitrate } : {}), ...(atmos.dialnorm ? { dialnorm: atmos.dialnorm } : {}) });
  }
  if (settings?.wavSettings) return aacPlan({ ...(settings.wavSettings.sampleRate ? { sampleRate: settings.wavSettings.sampleRate } : {}), codingMode: settings.wavSettings.codingMode === "CODING_MODE_1_0" ? "CODING_MODE_1_0" : "CODING_MODE_2_0" });
  return aacPlan(settings?.aacSettings);
}

/** E-AC-3 passthroughControl WHEN_POSSIBLE: a source already in E-AC-3 goes out unchanged. */
function passesThrough(settings: AudioCodecSettings | undefined, source: FedAudioStream | undefined): boolean {
  if (settings?.passThroughSettings) return true;
  return settings?.eac3Settings?.passthroughControl === "WHEN_POSSIBLE" && source?.codecs === EAC3_CODECS;
}

function filterChain(description: AudioDescription, plan: AudioCodecPlan, source: FedAudioStream | undefined, global: GlobalConfiguration | undefined): string {
  const rate = plan.sampleRateHz;
  // aresample async: stretch/fill so audio stays locked to its timestamps across source switches.
  const filters = [`aresample=${rate}:async=1`];
  if (description.remixSettings?.channelMappings?.length) filters.push(remixFilter(description.remixSettings, source?.channels));
  const gainDb = global?.initialAudioGain ?? 0;
  if (gainDb !== 0) filters.push(`volume=${gainDb}dB`);
  const normalization = description.audioNormalizationSettings;
  if (normalization) filters.push(loudnormFilter(normalization), `aresample=${rate}`);
  filters.push(`aformat=sample_fmts=${plan.sampleFormat}:sample_rates=${rate}:channel_layouts=${plan.channelLayout}`, ...plan.channelFilters);
  return filters.join(",");
}

export function resolveAudio(description: AudioDescription, fed: FedStreamLayout, global: GlobalConfiguration | undefined): ResolvedAudio {
  const key = audioSelectorKey(description);
  const fedIndex = fed.audioSelectorNames.indexOf(key);
  if (fedIndex < 0) throw new TypeError(`audio selector "${key}" is not in the fed stream layout`);
  const source = fed.audioStreams?.[fedIndex];
  // FOLLOW_INPUT (MediaLive's default) takes the source's value when it has one, else the configured one.
  const followLanguage = description.languageCodeControl !== "USE_CONFIGURED";
  const languageCode = (followLanguage ? source?.languageCode : undefined) ?? description.languageCode;
  const followType = description.audioTypeControl !== "USE_CONFIGURED";
  const mixedAd = description.codecSettings?.aacSettings?.inputType === "BROADCASTER_MIXED_AD";
  const audioType = mixedAd ? BROADCASTER_MIXED_AD_TYPE : ((followType ? source?.audioType : undefined) ?? (description.audioType ? AUDIO_TYPE_CODES[description.audioType] : undefined));
  const disposition = audioType === undefined ? undefined : DISPOSITIONS[audioType as keyof typeof DISPOSITIONS];
  const common = { name: description.name, fedIndex, ...(languageCode ? { languageCode } : {}), ...(disposition ? { disposition } : {}), ...(description.streamName ? { streamName: description.streamName } : {}) };
  const settings = description.codecSettings;
  if (passesThrough(settings, source)) {
    // The selector's stream unchanged, no filter (and so no gain).
    return { ...common, passThrough: true, codecArgs: [["-c", "copy"]], bitrateBps: source?.bitrateBps ?? null, codecs: source?.codecs ?? AAC_LC_CODECS };
  }
  const plan = audioCodecPlan(settings);
  return { ...common, passThrough: false, filterChain: filterChain(description, plan, source, global), codecArgs: plan.codecArgs, bitrateBps: plan.bitrateBps, codecs: plan.codecs };
}
