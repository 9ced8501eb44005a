// AAC and MPEG-1 Layer II encodes with ffmpeg's native aac and mp2 encoders.
// ffmpeg's aac encoder is AAC-LC only (HE-AAC v1/v2 need libfdk_aac, which Debian's ffmpeg
// does not ship): an HE-AAC profile is encoded as LC at the configured bitrate.

import type { AacSettings, Mp2Settings } from "../../model/generated/medialive-types.ts";
import { LAYOUT_BY_CHANNELS, type AudioCodecPlan } from "./audio-codec-plan.ts";
import { AAC_LC_CODECS, MP2_CODECS } from "./codec-strings.ts";

/** MediaLive's AacSettings defaults for a 2.0 encode. */
const DEFAULT_AAC_BITRATE_BPS = 192_000;
const DEFAULT_SAMPLE_RATE_HZ = 48_000;
const DEFAULT_MP2_BITRATE_BPS = 192_000;

/** Dual mono (1+1) and the receiver-mix pair are two channels in the stream. */
const AAC_CHANNELS = { AD_RECEIVER_MIX: 2, CODING_MODE_1_0: 1, CODING_MODE_1_1: 2, CODING_MODE_2_0: 2, CODING_MODE_5_1: 6 } as const;
const MP2_CHANNELS = { CODING_MODE_1_0: 1, CODING_MODE_2_0: 2 } as const;

/** AAC-LC; absent settings are MediaLive's defaults (2.0, 48 kHz, 192 kb/s). */
export function aacPlan(settings: AacSettings | undefined): AudioCodecPlan {
  const channels = AAC_CHANNELS[settings?.codingMode ?? "CODING_MODE_2_0"];
  const sampleRateHz = settings?.sampleRate || DEFAULT_SAMPLE_RATE_HZ;
  const bitrateBps = settings?.bitrate || DEFAULT_AAC_BITRATE_BPS;
  return {
    channelLayout: LAYOUT_BY_CHANNELS[channels]!,
    channels,
    sampleRateHz,
    sampleFormat: "fltp",
    bitrateBps,
    codecArgs: [["-c", "aac"], ["-profile", "aac_low"], ["-b", String(bitrateBps)], ["-ac", String(channels)], ["-ar", String(sampleRateHz)]],
    codecs: AAC_LC_CODECS,
    channelFilters: [],
  };
}

export function mp2Plan(settings: Mp2Settings): AudioCodecPlan {
  const channels = MP2_CHANNELS[settings.codingMode ?? "CODING_MODE_2_0"];
  const sampleRateHz = settings.sampleRate || DEFAULT_SAMPLE_RATE_HZ;
  const bitrateBps = settings.bitrate || DEFAULT_MP2_BITRATE_BPS;
  return {
    channelLayout: LAYOUT_BY_CHANNELS[channels]!,
    channels,
    sampleRateHz,
    sampleFormat: "s16",
    bitrateBps,
    codecArgs: [["-c", "mp2"], ["-b", String(bitrateBps)], ["-ac", String(channels)], ["-ar", String(sampleRateHz)]],
    codecs: MP2_CODECS,
    channelFilters: [],
  };
}
