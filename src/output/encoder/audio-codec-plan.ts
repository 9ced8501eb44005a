// What one audio encode needs from its codec settings: the format the filter chain must
// deliver, the encoder's arguments, and the facts the master playlist needs.

/** An ffmpeg option without stream specifier and its value; the caller adds `:a:k`. */
export type CodecArg = readonly [option: string, value: string];

export interface AudioCodecPlan {
  /** ffmpeg channel layout name ("mono", "stereo", "5.0", "5.1"). */
  readonly channelLayout: string;
  readonly channels: number;
  readonly sampleRateHz: number;
  /** ffmpeg sample format the encoder takes. */
  readonly sampleFormat: "fltp" | "s16";
  readonly bitrateBps: number;
  readonly codecArgs: readonly CodecArg[];
  /** RFC 6381 codec string. */
  readonly codecs: string;
  /** Filters after the format conversion: the per-channel processing a Dolby encoder does before coding. */
  readonly channelFilters: readonly string[];
}

/** ffmpeg layout names by channel count, for the counts MediaLive's coding modes produce. */
export const LAYOUT_BY_CHANNELS: Readonly<Record<number, string>> = { 1: "mono", 2: "stereo", 4: "quad", 5: "5.0", 6: "5.1", 8: "7.1" };

/** dB → linear amplitude, rounded for a readable filter argument; -60 dB and below is silence (−∞ in Dolby's mix-level tables). */
export function dbToLinear(db: number): number {
  if (db <= -60) return 0;
  return Math.round(10 ** (db / 20) * 10_000) / 10_000;
}
