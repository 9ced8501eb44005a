// The processing MediaLive applies to an audio description before its encoder: the remix
// (channelMappings, as ffmpeg's pan filter) and loudness normalisation (ffmpeg's loudnorm).

import type { AudioNormalizationSettings, RemixSettings } from "../../model/generated/medialive-types.ts";
import { dbToLinear, LAYOUT_BY_CHANNELS } from "./audio-codec-plan.ts";

/** Targets when targetLkfs is absent: ATSC A/85 (the CALM Act) for ITU_1770_1, EBU R128 for ITU_1770_2. */
const DEFAULT_TARGET_LKFS = { ITU_1770_1: -24, ITU_1770_2: -23 } as const;
/** loudnorm's target range is −70…−5 LUFS. */
const LOUDNORM_MIN_LUFS = -70;
const LOUDNORM_MAX_LUFS = -5;
/** Maximum true peak after normalisation (EBU R128 s1 recommends −1 dBTP for delivery; −2 leaves room for the lossy encode). */
const TRUE_PEAK_DBTP = -2;
/** A loudness range wide enough that loudnorm corrects the level without compressing the programme's dynamics much. */
const LOUDNESS_RANGE_LU = 11;

/**
 * Single-pass (live) loudnorm: it measures BS.1770 loudness with EBU R128 gating (the
 * absolute −70 LUFS and relative −10 LU gates of BS.1770-2) over a sliding 3 s window and
 * adjusts the gain dynamically. ITU_1770_1 (ungated) is measured the same way. loudnorm
 * works at 192 kHz: the caller resamples after it.
 */
export function loudnormFilter(settings: AudioNormalizationSettings): string {
  const algorithm = settings.algorithm ?? "ITU_1770_2";
  const target = Math.min(LOUDNORM_MAX_LUFS, Math.max(LOUDNORM_MIN_LUFS, settings.targetLkfs ?? DEFAULT_TARGET_LKFS[algorithm]));
  return `loudnorm=I=${target}:TP=${TRUE_PEAK_DBTP}:LRA=${LOUDNESS_RANGE_LU}`;
}

/**
 * channelMappings → `pan=<layout>|cO=g*cI+…`: each output channel is the sum of its input
 * channels at their gains (dB → linear). Input channels the source does not carry are left
 * out (silence), so ffmpeg does not refuse the graph; output channels nobody maps are silent.
 */
export function remixFilter(settings: RemixSettings, sourceChannels: number | undefined): string {
  const mappings = settings.channelMappings ?? [];
  const highestOutput = Math.max(-1, ...mappings.map((m) => m.outputChannel));
  const channelsOut = settings.channelsOut ?? highestOutput + 1;
  const channelsIn = Math.min(settings.channelsIn ?? 16, sourceChannels ?? 16);
  const layout = LAYOUT_BY_CHANNELS[channelsOut] ?? `${channelsOut}c`;
  const terms: string[] = [];
  for (let output = 0; output < channelsOut; output += 1) {
    const levels = mappings.find((m) => m.outputChannel === output)?.inputChannelLevels ?? [];
    const sum = levels.filter((level) => level.inputChannel < channelsIn).map((level) => `${dbToLinear(level.gain)}*c${level.inputChannel}`);
    terms.push(`c${output}=${sum.length ? sum.join("+") : "0*c0"}`);
  }
  return `pan=${layout}|${terms.join("|")}`;
}
