// A channel's inputSpecification: codec MPEG2|AVC|HEVC, resolution
// SD (< 720 lines) | HD (720–1080) | UHD (> 1080), maximumBitrate MAX_10_MBPS |
// MAX_20_MBPS | MAX_50_MBPS. Parses the `--input-spec CODEC,RESOLUTION,MAX_BITRATE`
// form, and finds the smallest specification that fits a measured source. Pure.

import type { Codec } from "../media/types.ts";

export const SPEC_CODECS = ["MPEG2", "AVC", "HEVC"] as const;
export const SPEC_RESOLUTIONS = ["SD", "HD", "UHD"] as const;
export const SPEC_BITRATES = ["MAX_10_MBPS", "MAX_20_MBPS", "MAX_50_MBPS"] as const;
export type SpecCodec = (typeof SPEC_CODECS)[number];
export type SpecResolution = (typeof SPEC_RESOLUTIONS)[number];
export type SpecBitrate = (typeof SPEC_BITRATES)[number];

export interface InputSpecification {
  readonly codec: SpecCodec;
  readonly resolution: SpecResolution;
  readonly maximumBitrate: SpecBitrate;
}

const BITRATE_LIMIT_BPS: Readonly<Record<SpecBitrate, number>> = { MAX_10_MBPS: 10e6, MAX_20_MBPS: 20e6, MAX_50_MBPS: 50e6 };
/** MediaLive takes inputs up to 50 Mbit/s. */
export const MAX_INPUT_BITRATE_BPS = BITRATE_LIMIT_BPS.MAX_50_MBPS;

export type ParsedInputSpec = { readonly ok: true; readonly spec: InputSpecification } | { readonly ok: false; readonly reason: string };

/** "AVC,HD,MAX_10_MBPS" (any case, spaces allowed). */
export function parseInputSpec(text: string): ParsedInputSpec {
  const parts = text.split(",").map((part) => part.trim().toUpperCase());
  const usage = `--input-spec is CODEC,RESOLUTION,MAX_BITRATE, e.g. AVC,HD,MAX_10_MBPS (codec ${SPEC_CODECS.join("|")}; resolution ${SPEC_RESOLUTIONS.join("|")}; bitrate ${SPEC_BITRATES.join("|")})`;
  if (parts.length !== 3) return { ok: false, reason: usage };
  const [codec, resolution, maximumBitrate] = parts as [string, string, string];
  if (!(SPEC_CODECS as readonly string[]).includes(codec)) return { ok: false, reason: `unknown codec "${codec}"; ${usage}` };
  if (!(SPEC_RESOLUTIONS as readonly string[]).includes(resolution)) return { ok: false, reason: `unknown resolution "${resolution}"; ${usage}` };
  if (!(SPEC_BITRATES as readonly string[]).includes(maximumBitrate)) return { ok: false, reason: `unknown maximum bitrate "${maximumBitrate}"; ${usage}` };
  return { ok: true, spec: { codec: codec as SpecCodec, resolution: resolution as SpecResolution, maximumBitrate: maximumBitrate as SpecBitrate } };
}

export function formatInputSpec(spec: InputSpecification): string {
  return `${spec.codec},${spec.resolution},${spec.maximumBitrate}`;
}

export function specCodecOf(codec: Codec): SpecCodec | undefined {
  switch (codec) {
    case "H264":
      return "AVC";
    case "H265":
      return "HEVC";
    case "MPEG2_VIDEO":
      return "MPEG2";
    default:
      return undefined;
  }
}

/** SD below 720 lines, HD up to 1080, UHD above. */
export function resolutionClassOf(heightPx: number): SpecResolution {
  if (heightPx < 720) return "SD";
  if (heightPx <= 1080) return "HD";
  return "UHD";
}

/** The smallest class that holds the bitrate; undefined above 50 Mbit/s. */
export function bitrateClassOf(bitrateBps: number): SpecBitrate | undefined {
  return SPEC_BITRATES.find((name) => bitrateBps <= BITRATE_LIMIT_BPS[name]);
}

export function bitrateLimitBps(spec: SpecBitrate): number {
  return BITRATE_LIMIT_BPS[spec];
}

export function resolutionRank(resolution: SpecResolution): number {
  return SPEC_RESOLUTIONS.indexOf(resolution);
}

export function bitrateRank(bitrate: SpecBitrate): number {
  return SPEC_BITRATES.indexOf(bitrate);
}

/** What one source needs; a member is absent when it could not be measured. */
export interface SourceNeeds {
  readonly codec?: SpecCodec;
  readonly resolution?: SpecResolution;
  readonly maximumBitrate?: SpecBitrate;
}

/** The smallest specification covering every source; undefined unless all three members are known. */
export function fittingSpecification(needs: readonly SourceNeeds[]): InputSpecification | undefined {
  let codec: SpecCodec | undefined;
  let resolution: SpecResolution | undefined;
  let maximumBitrate: SpecBitrate | undefined;
  for (const need of needs) {
    if (!need.codec || !need.resolution || !need.maximumBitrate) return undefined;
    // Two sources of one input carry one codec; should they differ, the redundancy line says so and the first decides.
    codec ??= need.codec;
    if (resolution === undefined || resolutionRank(need.resolution) > resolutionRank(resolution)) resolution = need.resolution;
    if (maximumBitrate === undefined || bitrateRank(need.maximumBitrate) > bitrateRank(maximumBitrate)) maximumBitrate = need.maximumBitrate;
  }
  return codec && resolution && maximumBitrate ? { codec, resolution, maximumBitrate } : undefined;
}

/** Why `spec` does not cover `needs` (one phrase per member), or [] when it does. */
export function specShortfalls(spec: InputSpecification, needs: SourceNeeds, measured: { readonly bitrateBps?: number; readonly heightPx?: number }): string[] {
  const problems: string[] = [];
  if (needs.codec && needs.codec !== spec.codec) problems.push(`the video is ${needs.codec}, not ${spec.codec}`);
  if (needs.resolution && resolutionRank(needs.resolution) > resolutionRank(spec.resolution)) {
    problems.push(`${measured.heightPx ?? "?"} lines is ${needs.resolution}, above ${spec.resolution}`);
  }
  if (measured.bitrateBps !== undefined && measured.bitrateBps > BITRATE_LIMIT_BPS[spec.maximumBitrate]) {
    problems.push(`${formatMbps(measured.bitrateBps)} is above ${spec.maximumBitrate}`);
  }
  return problems;
}

export function formatMbps(bitrateBps: number): string {
  return `${(bitrateBps / 1e6).toFixed(bitrateBps < 1e6 ? 2 : 1)} Mbit/s`;
}
