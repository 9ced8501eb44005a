// The master (multivariant) playlist of one HLS output group, RFC 8216 §4.3.4: one
// EXT-X-STREAM-INF per variant, CLOSED-CAPTIONS renditions per captionLanguageSetting, and
// with redundantManifest ENABLED each variant listed twice (this pipeline's playlist, then
// the other pipeline's), which players use as redundant streams for failover (Apple HLS
// authoring specification, "Redundant streams"; RFC 8216 §6.3.2).

import type { CaptionDescription, HlsGroupSettings } from "../../model/generated/medialive-types.ts";
import type { PlannedVariant } from "../encoder/plan-types.ts";

/** Allowance for MPEG-TS and PES headers, PAT/PMT and PCR on top of the elementary-stream bitrates. */
export const MUX_OVERHEAD = 1.1;

export interface MasterPlaylistRequest {
  /** Variants of one output group, in output order. */
  readonly variants: readonly PlannedVariant[];
  readonly groupSettings: HlsGroupSettings;
  /** The channel's captionDescriptions (languageCode, languageDescription, accessibility). */
  readonly captionDescriptions?: readonly CaptionDescription[];
  /** URL prefix (relative or absolute, ending in '/') of the other pipeline's variant playlists. */
  readonly redundantPeerPrefix?: string;
  /** WebVTT subtitle renditions of the group (RFC 8216 §4.3.4.1 TYPE=SUBTITLES), referenced by every variant. */
  readonly subtitles?: readonly SubtitleRendition[];
}

export interface SubtitleRendition {
  readonly groupId: string;
  readonly name: string;
  readonly languageCode?: string;
  /** The rendition's media playlist, relative to the master playlist. */
  readonly uri: string;
  readonly accessible: boolean;
}

const CAPTION_GROUP_ID = "cc";
const ACCESSIBLE_CHARACTERISTICS = "public.accessibility.transcribes-spoken-dialog,public.accessibility.describes-music-and-sound";

interface CaptionRendition {
  readonly channel: number;
  readonly languageCode?: string;
  readonly name: string;
  readonly characteristics?: string;
}

/** RFC 8216 §4.2: quoted-string values may not contain CR, LF or '"'. */
const quoted = (value: string): string => `"${value.replace(/["\r\n]/g, "'")}"`;

function captionRenditions(request: MasterPlaylistRequest): CaptionRendition[] {
  const mappings = request.groupSettings.captionLanguageMappings ?? [];
  if (mappings.length > 0) {
    return mappings.map((mapping) => ({ channel: mapping.captionChannel, languageCode: mapping.languageCode, name: mapping.languageDescription }));
  }
  // No mappings: one rendition per embedded caption description the variants use, CC1, CC2, … in order.
  const isSubtitles = (name: string): boolean => request.captionDescriptions?.some((description) => description.name === name && description.destinationSettings?.webvttDestinationSettings !== undefined) ?? false;
  const used = [...new Set(request.variants.flatMap((variant) => variant.captionDescriptionNames))].filter((name) => !isSubtitles(name));
  return used.slice(0, 4).map((descriptionName, i) => {
    const description = request.captionDescriptions?.find((candidate) => candidate.name === descriptionName);
    const accessible = description?.accessibility === "IMPLEMENTS_ACCESSIBILITY_FEATURES";
    return {
      channel: i + 1,
      ...(description?.languageCode ? { languageCode: description.languageCode } : {}),
      name: description?.languageDescription ?? description?.languageCode ?? descriptionName,
      ...(accessible ? { characteristics: ACCESSIBLE_CHARACTERISTICS } : {}),
    };
  });
}

function subtitleLine(rendition: SubtitleRendition, index: number): string {
  const attributes = [
    "TYPE=SUBTITLES",
    `GROUP-ID=${quoted(rendition.groupId)}`,
    `NAME=${quoted(rendition.name)}`,
    ...(rendition.languageCode ? [`LANGUAGE=${quoted(rendition.languageCode)}`] : []),
    `DEFAULT=${index === 0 ? "YES" : "NO"}`,
    "AUTOSELECT=YES",
    ...(rendition.accessible ? [`CHARACTERISTICS=${quoted(ACCESSIBLE_CHARACTERISTICS)}`] : []),
    `URI=${quoted(rendition.uri)}`,
  ];
  return `#EXT-X-MEDIA:${attributes.join(",")}`;
}

function mediaLine(rendition: CaptionRendition, index: number): string {
  const attributes = [
    "TYPE=CLOSED-CAPTIONS",
    `GROUP-ID=${quoted(CAPTION_GROUP_ID)}`,
    `NAME=${quoted(rendition.name)}`,
    ...(rendition.languageCode ? [`LANGUAGE=${quoted(rendition.languageCode)}`] : []),
    `DEFAULT=${index === 0 ? "YES" : "NO"}`,
    "AUTOSELECT=YES",
    `INSTREAM-ID=${quoted(`CC${rendition.channel}`)}`,
    ...(rendition.characteristics ? [`CHARACTERISTICS=${quoted(rendition.characteristics)}`] : []),
  ];
  return `#EXT-X-MEDIA:${attributes.join(",")}`;
}

/** "30000/1001" → "29.970" (RFC 8216 §4.3.4.2: decimal-floating-point, three decimals). */
const frameRateText = (variant: PlannedVariant): string => (variant.frameRate.num / variant.frameRate.den).toFixed(3);

function streamInf(variant: PlannedVariant, settings: HlsGroupSettings, closedCaptions: string | undefined): string {
  const audioBps = variant.audioBitratesBps.reduce((sum, bps) => sum + bps, 0);
  const peakBps = Math.round(((variant.maxBitrateBps ?? variant.videoBitrateBps) + audioBps) * MUX_OVERHEAD);
  const attributes = [`BANDWIDTH=${peakBps}`];
  // The average is known in advance only for CBR and VBR (QVBR spends what the picture needs).
  if (variant.rateControlMode !== "QVBR") attributes.push(`AVERAGE-BANDWIDTH=${Math.round((variant.videoBitrateBps + audioBps) * MUX_OVERHEAD)}`);
  attributes.push(`CODECS=${quoted(variant.codecs)}`);
  if (settings.streamInfResolution !== "EXCLUDE") attributes.push(`RESOLUTION=${variant.width}x${variant.height}`);
  attributes.push(`FRAME-RATE=${frameRateText(variant)}`);
  if (closedCaptions !== undefined) attributes.push(`CLOSED-CAPTIONS=${closedCaptions}`);
  return `#EXT-X-STREAM-INF:${attributes.join(",")}`;
}

/**
 * captionLanguageSetting (MediaLive): INSERT lists the CLOSED-CAPTIONS renditions, NONE writes
 * CLOSED-CAPTIONS=NONE, OMIT (the default) writes no CLOSED-CAPTIONS attribute at all.
 */
function closedCaptionsValue(variant: PlannedVariant, setting: string, anyCaptions: boolean, renditions: number): string | undefined {
  if (setting === "NONE") return "NONE";
  if (setting !== "INSERT") return undefined;
  if (variant.captions && renditions > 0) return quoted(CAPTION_GROUP_ID);
  // RFC 8216 §4.3.4.2: NONE only if every EXT-X-STREAM-INF says NONE; a caption-less variant
  // next to captioned ones leaves the attribute out.
  return anyCaptions && renditions > 0 ? undefined : "NONE";
}

export function renderMasterPlaylist(request: MasterPlaylistRequest): string {
  const settings = request.groupSettings;
  const setting = settings.captionLanguageSetting ?? "OMIT";
  const anyCaptions = request.variants.some((variant) => variant.captions);
  const renditions = setting === "INSERT" && anyCaptions ? captionRenditions(request) : [];
  const lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"];
  renditions.forEach((rendition, i) => lines.push(mediaLine(rendition, i)));
  const subtitles = request.subtitles ?? [];
  subtitles.forEach((rendition, i) => lines.push(subtitleLine(rendition, i)));
  const subtitlesGroup = subtitles[0] ? `,SUBTITLES=${quoted(subtitles[0].groupId)}` : "";
  for (const variant of request.variants) {
    const inf = streamInf(variant, settings, closedCaptionsValue(variant, setting, anyCaptions, renditions.length)) + subtitlesGroup;
    lines.push(inf, variant.playlistName);
    if (request.redundantPeerPrefix !== undefined) lines.push(inf, `${request.redundantPeerPrefix}${variant.playlistName}`);
  }
  return `${lines.join("\n")}\n`;
}
