// AC-3 and E-AC-3 encodes with ffmpeg's ac3 and eac3 encoders (ATSC A/52, Annex E for E-AC-3).
// The bitstream metadata MediaLive sets maps onto the encoder's options (-dialnorm,
// -audio_service_type for bsmod, -dmix_mode and the Lt/Rt, Lo/Ro mix levels, -dsur_mode,
// -dsurex_mode); the preprocessing a Dolby encoder applies before coding (120 Hz LFE low-pass,
// 3 dB surround attenuation, DC high-pass) is done with ffmpeg filters. Dynamic range
// compression profiles have no ffmpeg equivalent (the encoder writes no DRC words).

import type { Ac3Settings, Eac3Settings } from "../../model/generated/medialive-types.ts";
import { dbToLinear, LAYOUT_BY_CHANNELS, type AudioCodecPlan, type CodecArg } from "./audio-codec-plan.ts";
import { AC3_CODECS, EAC3_CODECS } from "./codec-strings.ts";

/** Dolby encodes are 48 kHz (MediaLive offers no other rate for them). */
const DOLBY_SAMPLE_RATE_HZ = 48_000;

/** bsmod (A/52 Table 5.7) → ffmpeg's audio_service_type names. */
const SERVICE_TYPES = {
  COMPLETE_MAIN: "ma",
  MUSIC_AND_EFFECTS: "ef",
  VISUALLY_IMPAIRED: "vi",
  HEARING_IMPAIRED: "hi",
  DIALOGUE: "di",
  COMMENTARY: "co",
  EMERGENCY: "em",
  VOICE_OVER: "vo",
} as const;

const AC3_CHANNELS = { CODING_MODE_1_0: 1, CODING_MODE_1_1: 2, CODING_MODE_2_0: 2, CODING_MODE_3_2_LFE: 6 } as const;
const EAC3_CHANNELS = { CODING_MODE_1_0: 1, CODING_MODE_2_0: 2, CODING_MODE_3_2: 5 } as const;

/** Default bitrates per channel count (ETSI TS 102 366 practice, as MediaLive documents for its Dolby encodes). */
function defaultBitrateBps(channels: number): number {
  return channels === 1 ? 96_000 : channels === 2 ? 192_000 : 384_000;
}

const SURROUND_MODES = { ENABLED: "on", DISABLED: "off", NOT_INDICATED: "notindicated" } as const;
const DOWNMIX_MODES = { LT_RT: "ltrt", LO_RO: "loro", DPL2: "dplii", NOT_INDICATED: "notindicated" } as const;

/** −3 dB on the surround channels (the last two of ffmpeg's 5.0 and 5.1 layouts). */
function surroundAttenuation(channels: number): string {
  const gain = dbToLinear(-3);
  const terms = Array.from({ length: channels }, (_, c) => (c >= channels - 2 ? `c${c}=${gain}*c${c}` : `c${c}=c${c}`));
  return `pan=${LAYOUT_BY_CHANNELS[channels]}|${terms.join("|")}`;
}

function commonArgs(settings: { readonly dialnorm?: number; readonly bitstreamMode?: string }): CodecArg[] {
  const args: CodecArg[] = [];
  // MediaLive's dialnorm is the magnitude of the dialogue level in dB; A/52's dialnorm word is −1…−31 dB.
  if (settings.dialnorm !== undefined && settings.dialnorm > 0) args.push(["-dialnorm", String(-settings.dialnorm)]);
  const serviceType = settings.bitstreamMode ? SERVICE_TYPES[settings.bitstreamMode as keyof typeof SERVICE_TYPES] : undefined;
  if (serviceType) args.push(["-audio_service_type", serviceType]);
  return args;
}

export function ac3Plan(settings: Ac3Settings): AudioCodecPlan {
  const channels = AC3_CHANNELS[settings.codingMode ?? "CODING_MODE_2_0"];
  const channelFilters: string[] = [];
  if (channels === 6 && settings.lfeFilter === "ENABLED") channelFilters.push("lowpass=f=120:c=LFE");
  if (channels === 6 && settings.attenuationControl === "ATTENUATE_3_DB") channelFilters.push(surroundAttenuation(channels));
  const bitrateBps = settings.bitrate || defaultBitrateBps(channels);
  return {
    channelLayout: LAYOUT_BY_CHANNELS[channels]!,
    channels,
    sampleRateHz: DOLBY_SAMPLE_RATE_HZ,
    sampleFormat: "fltp",
    bitrateBps,
    codecArgs: [["-c", "ac3"], ["-b", String(bitrateBps)], ["-ac", String(channels)], ["-ar", String(DOLBY_SAMPLE_RATE_HZ)], ...commonArgs(settings)],
    codecs: AC3_CODECS,
    channelFilters,
  };
}

export function eac3Plan(settings: Eac3Settings): AudioCodecPlan {
  const base = EAC3_CHANNELS[settings.codingMode ?? "CODING_MODE_3_2"];
  const channels = base === 5 && settings.lfeControl !== "NO_LFE" ? 6 : base;
  const surround = base === 5;
  const channelFilters: string[] = [];
  // A DC-blocking high-pass: a corner far below the audible band.
  if (settings.dcFilter === "ENABLED") channelFilters.push("highpass=f=3");
  if (channels === 6 && settings.lfeFilter === "ENABLED") channelFilters.push("lowpass=f=120:c=LFE");
  if (surround && settings.attenuationControl === "ATTENUATE_3_DB") channelFilters.push(surroundAttenuation(channels));
  const bitrateBps = settings.bitrate || defaultBitrateBps(channels);
  const args: CodecArg[] = [["-c", "eac3"], ["-b", String(bitrateBps)], ["-ac", String(channels)], ["-ar", String(DOLBY_SAMPLE_RATE_HZ)], ...commonArgs(settings)];
  if (surround) {
    if (settings.stereoDownmix) args.push(["-dmix_mode", DOWNMIX_MODES[settings.stereoDownmix]]);
    if (settings.ltRtCenterMixLevel !== undefined) args.push(["-ltrt_cmixlev", String(dbToLinear(settings.ltRtCenterMixLevel))]);
    if (settings.ltRtSurroundMixLevel !== undefined) args.push(["-ltrt_surmixlev", String(dbToLinear(settings.ltRtSurroundMixLevel))]);
    if (settings.loRoCenterMixLevel !== undefined) args.push(["-loro_cmixlev", String(dbToLinear(settings.loRoCenterMixLevel))]);
    if (settings.loRoSurroundMixLevel !== undefined) args.push(["-loro_surmixlev", String(dbToLinear(settings.loRoSurroundMixLevel))]);
    if (settings.surroundExMode) args.push(["-dsurex_mode", SURROUND_MODES[settings.surroundExMode]]);
  } else if (channels === 2 && settings.surroundMode) args.push(["-dsur_mode", SURROUND_MODES[settings.surroundMode]]);
  return { channelLayout: LAYOUT_BY_CHANNELS[channels]!, channels, sampleRateHz: DOLBY_SAMPLE_RATE_HZ, sampleFormat: "fltp", bitrateBps, codecArgs: args, codecs: EAC3_CODECS, channelFilters };
}
