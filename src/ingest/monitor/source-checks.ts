// What the seed page asks of an upstream system, checked on what actually arrives:
// supported codecs per input type (docs/upstream.md), the caption formats the channel's
// caption selectors expect, the two sources of a STANDARD input identical in
// resolution, frame rate, codecs and bitrate (±10 %), landscape video. Pure: StreamInfo
// in, findings out; the monitor turns findings into alerts that set and clear.

import type { SupportedInputType } from "../../domain/records.ts";
import type { Codec, StreamInfo } from "../../media/types.ts";
import { AlertCatalogue } from "../../shared/alerts.ts";

export const SourceFindingTypes = {
  UNSUPPORTED_CODEC: AlertCatalogue.UNSUPPORTED_CODEC.alertType,
  CAPTIONS_MISSING: AlertCatalogue.CAPTIONS_MISSING.alertType,
  REDUNDANT_SOURCES_DIFFER: AlertCatalogue.REDUNDANT_SOURCES_DIFFER.alertType,
  PORTRAIT_VIDEO: AlertCatalogue.PORTRAIT_VIDEO.alertType,
  VARIABLE_FRAME_RATE: AlertCatalogue.VARIABLE_FRAME_RATE.alertType,
} as const;
export type SourceFindingType = (typeof SourceFindingTypes)[keyof typeof SourceFindingTypes];

export interface SourceFinding {
  readonly type: SourceFindingType;
  readonly message: string;
}

const TS_VIDEO: readonly Codec[] = ["H264", "H265", "MPEG2_VIDEO"];
const TS_AUDIO: readonly Codec[] = ["AAC", "AC3", "EAC3", "MPEG_AUDIO", "LPCM"];

/** The video and audio codecs each input type carries in MediaLive. */
export const SUPPORTED_CODECS_BY_INPUT_TYPE: Readonly<Record<SupportedInputType, { readonly video: readonly Codec[]; readonly audio: readonly Codec[] }>> = {
  RTP_PUSH: { video: TS_VIDEO, audio: TS_AUDIO },
  SRT_LISTENER: { video: TS_VIDEO, audio: TS_AUDIO },
  SRT_CALLER: { video: TS_VIDEO, audio: TS_AUDIO },
  TS_FILE: { video: TS_VIDEO, audio: TS_AUDIO },
  RTMP_PUSH: { video: ["H264"], audio: ["AAC"] },
  RTMP_PULL: { video: ["H264"], audio: ["AAC"] },
  URL_PULL: { video: ["H264"], audio: ["AAC", "AC3", "EAC3"] },
  MP4_FILE: { video: ["H264", "H265", "MPEG2_VIDEO"], audio: ["AAC"] },
};

const CODEC_NAMES: Readonly<Record<Codec, string>> = {
  H264: "H.264",
  H265: "H.265 (HEVC)",
  MPEG2_VIDEO: "MPEG-2 video",
  AAC: "AAC",
  AC3: "Dolby Digital (AC-3)",
  EAC3: "Dolby Digital Plus (E-AC-3)",
  MPEG_AUDIO: "MPEG audio",
  LPCM: "PCM",
  UNKNOWN: "an unknown codec",
};

export function codecName(codec: Codec): string {
  return CODEC_NAMES[codec];
}

/** Codecs this input type does not carry; the source then counts as lost so failover can act. */
export function checkCodecs(inputType: SupportedInputType, info: StreamInfo): SourceFinding[] {
  const supported = SUPPORTED_CODECS_BY_INPUT_TYPE[inputType];
  const findings: SourceFinding[] = [];
  for (const [kind, streams, allowed] of [
    ["video", info.video, supported.video],
    ["audio", info.audio, supported.audio],
  ] as const) {
    for (const stream of streams) {
      if (!allowed.includes(stream.codec)) {
        findings.push({
          type: SourceFindingTypes.UNSUPPORTED_CODEC,
          message: `${kind} codec ${stream.codec === "UNKNOWN" && stream.description ? stream.description : codecName(stream.codec)} is not supported on ${inputType} inputs; supported: ${allowed.map(codecName).join(", ")}`,
        });
      }
    }
  }
  return findings;
}

/** Caption selector source types (CaptionSelectorSettings members) a channel may ask for. */
export type CaptionSelectorKind = "embeddedSourceSettings" | "dvbSubSourceSettings" | "teletextSourceSettings" | "scte27SourceSettings";

/** A caption selector that expects a format the source does not carry. */
export function checkCaptions(selectors: readonly { readonly name: string; readonly kind: CaptionSelectorKind }[], info: StreamInfo): SourceFinding[] {
  const present: Record<CaptionSelectorKind, boolean> = {
    embeddedSourceSettings: info.captions.cea608Channels.length > 0 || info.captions.cea708Services.length > 0,
    dvbSubSourceSettings: info.captions.dvbSubPids.length > 0,
    teletextSourceSettings: info.captions.teletextPids.length > 0,
    scte27SourceSettings: info.captions.scte27Pids.length > 0,
  };
  const label: Record<CaptionSelectorKind, string> = {
    embeddedSourceSettings: "embedded CEA-608/708 captions",
    dvbSubSourceSettings: "DVB subtitles",
    teletextSourceSettings: "Teletext",
    scte27SourceSettings: "SCTE-27 captions",
  };
  return selectors
    .filter((selector) => !present[selector.kind])
    .map((selector) => ({ type: SourceFindingTypes.CAPTIONS_MISSING, message: `caption selector "${selector.name}" expects ${label[selector.kind]}, which the source does not carry` }));
}

export function checkOrientation(info: StreamInfo): SourceFinding[] {
  return info.video
    .filter((v) => v.width !== undefined && v.height !== undefined && v.height > v.width)
    .map((v) => ({ type: SourceFindingTypes.PORTRAIT_VIDEO, message: `video is portrait (${v.width}x${v.height}); MediaLive inputs are landscape and portrait sources are rotated` }));
}

export const BITRATE_TOLERANCE = 0.1;

/** One way two redundant sources differ: what differs (stable) and both values (changing). */
export interface RedundantSourceDifference {
  readonly aspect: "video codec" | "resolution" | "frame rate" | "audio codecs" | "bitrate";
  readonly text: string;
}

/**
 * The seed page: "The two streams must be identical in terms of resolution and bit rate."
 * Every way source 0 and source 1 of a STANDARD input differ, each naming both values.
 */
export function redundantSourceDifferences(source0: StreamInfo, source1: StreamInfo): RedundantSourceDifference[] {
  const differences: RedundantSourceDifference[] = [];
  const v0 = source0.video[0];
  const v1 = source1.video[0];
  if (v0 && v1) {
    if (v0.codec !== v1.codec) differences.push({ aspect: "video codec", text: `video codec ${codecName(v0.codec)} vs ${codecName(v1.codec)}` });
    if (v0.width !== undefined && v1.width !== undefined && (v0.width !== v1.width || v0.height !== v1.height)) differences.push({ aspect: "resolution", text: `resolution ${v0.width}x${v0.height} vs ${v1.width}x${v1.height}` });
    if (v0.frameRate !== undefined && v1.frameRate !== undefined && Math.abs(v0.frameRate - v1.frameRate) > 0.01) differences.push({ aspect: "frame rate", text: `frame rate ${v0.frameRate} vs ${v1.frameRate} fps` });
  }
  const a0 = source0.audio.map((a) => a.codec).sort().join(", ");
  const a1 = source1.audio.map((a) => a.codec).sort().join(", ");
  if (source0.audio.length && source1.audio.length && a0 !== a1) differences.push({ aspect: "audio codecs", text: `audio codecs ${a0} vs ${a1}` });
  const b0 = source0.bitrateBps;
  const b1 = source1.bitrateBps;
  if (b0 !== undefined && b1 !== undefined && Math.abs(b0 - b1) > BITRATE_TOLERANCE * Math.max(b0, b1)) {
    differences.push({ aspect: "bitrate", text: `bitrate ${(b0 / 1e6).toFixed(2)} vs ${(b1 / 1e6).toFixed(2)} Mbit/s (more than ${BITRATE_TOLERANCE * 100} % apart)` });
  }
  return differences;
}

/** The redundant-sources finding (at most one) that names every difference. */
export function redundantSourcesFinding(differences: readonly RedundantSourceDifference[]): SourceFinding[] {
  return differences.length
    ? [{ type: SourceFindingTypes.REDUNDANT_SOURCES_DIFFER, message: `the two sources of this input must be identical; source 0 vs source 1: ${differences.map((d) => d.text).join("; ")}` }]
    : [];
}

export function compareRedundantSources(source0: StreamInfo, source1: StreamInfo): SourceFinding[] {
  return redundantSourcesFinding(redundantSourceDifferences(source0, source1));
}
