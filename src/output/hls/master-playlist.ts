// The master (multivariant) playlist of one HLS output group, RFC 8216 §4.3.4: one
// EXT-X-STREAM-INF per variant, CLOSED-CAPTIONS renditions per captionLanguageSetting, the
// audio-only outputs as AUDIO renditions of their audioGroupId (a variant whose
// audioRenditionSets names groups is listed once per group, with AUDIO="<group>") or as
// audio-only variants (AUDIO_ONLY_VARIANT_STREAM), and
// with redundantManifest ENABLED each variant listed twice (this pipeline's playlist, then
// the other pipeline's), which players use as redundant streams for failover (Apple HLS
// authoring specification, "Redundant streams"; RFC 8216 §6.3.2). With iFrameOnlyPlaylists
// STANDARD each variant's I-frame-only playlist is listed too (EXT-X-I-FRAME-STREAM-INF,
// RFC 8216 §4.3.4.3), and each trick-play image track by EXT-X-IMAGE-STREAM-INF (Image
// Media Playlist specification v0.4).

import type { CaptionDescription, HlsGroupSettings } from "../../model/generated/medialive-types.ts";
import { iFramePlaylistName } from "./iframe-playlist.ts";
import { AUDIO_TRACK_TYPES, type PlannedAudioRendition, type PlannedImageStream, type PlannedVariant } from "../encoder/plan-types.ts";
import { imageStreamInf } from "./image-media-playlist.ts";

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
  /** baseUrlManifest: the prefix of this pipeline's variant playlist URIs (absent: relative names). */
  readonly variantUriPrefix?: string;
  /** The group's audio-only outputs, in output order. */
  readonly audioRenditions?: readonly PlannedAudioRendition[];
  /** WebVTT subtitle renditions of the group (RFC 8216 §4.3.4.1 TYPE=SUBTITLES), referenced by every variant. */
  readonly subtitles?: readonly SubtitleRendition[];
  /** The group's trick-play image tracks (frameCaptureHlsSettings outputs), in output order. */
  readonly imageStreams?: readonly PlannedImageStream[];
}

export interface SubtitleRendition {
  readonly groupId: string;
  readonly name: string;
  readonly languageCode?: string;
  /** The rendition's media playlist, relative to the master playlist. */
  readonly uri: string;
  readonly accessible: boolean;
}

/** What a variant listed with AUDIO="<id>" adds: the group's largest rendition and its codecs (RFC 8216 §4.3.4.2 BANDWIDTH, CODECS). */
interface AudioGroup {
  readonly id: string;
  readonly peakBps: number;
  readonly codecs: readonly string[];
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

function streamInf(variant: PlannedVariant, settings: HlsGroupSettings, closedCaptions: string | undefined, audioGroup?: AudioGroup): string {
  const audioBps = variant.audioBitratesBps.reduce((sum, bps) => sum + bps, 0) + (audioGroup?.peakBps ?? 0);
  const peakBps = Math.round(((variant.maxBitrateBps ?? variant.videoBitrateBps) + audioBps) * MUX_OVERHEAD);
  const attributes = [`BANDWIDTH=${peakBps}`];
  // The average is known in advance only for CBR and VBR (QVBR spends what the picture needs).
  if (variant.rateControlMode !== "QVBR") attributes.push(`AVERAGE-BANDWIDTH=${Math.round((variant.videoBitrateBps + audioBps) * MUX_OVERHEAD)}`);
  const codecs = [...new Set([...variant.codecs.split(","), ...(audioGroup?.codecs ?? [])])].join(",");
  attributes.push(`CODECS=${quoted(codecs)}`);
  if (settings.streamInfResolution !== "EXCLUDE") attributes.push(`RESOLUTION=${variant.width}x${variant.height}`);
  attributes.push(`FRAME-RATE=${frameRateText(variant)}`);
  if (audioGroup) attributes.push(`AUDIO=${quoted(audioGroup.id)}`);
  if (closedCaptions !== undefined) attributes.push(`CLOSED-CAPTIONS=${closedCaptions}`);
  return `#EXT-X-STREAM-INF:${attributes.join(",")}`;
}

/** MediaLive's default segmentLength, seconds. */
const DEFAULT_SEGMENT_LENGTH_SEC = 10;
/** An IDR picture is taken to weigh as much as this many average pictures of the variant. */
const IDR_AVERAGE_PICTURES = 10;

/**
 * BANDWIDTH of an I-frame playlist (RFC 8216 §4.3.4.3: the peak of each listed range's size
 * over its EXTINF duration): one IDR per segment, estimated at IDR_AVERAGE_PICTURES average
 * pictures of the peak video bitrate, over segmentLength, plus the mux overhead.
 */
export function iFrameBandwidthBps(variant: PlannedVariant, segmentLengthSec: number): number {
  const picturesPerSec = variant.frameRate.num / variant.frameRate.den;
  const idrBits = (IDR_AVERAGE_PICTURES * (variant.maxBitrateBps ?? variant.videoBitrateBps)) / picturesPerSec;
  return Math.round((idrBits / segmentLengthSec) * MUX_OVERHEAD);
}

/** The variant's video codec of its CODECS list (RFC 6381 sample entries avc1/avc3/hvc1/hev1). */
const videoCodec = (variant: PlannedVariant): string => variant.codecs.split(",").find((codec) => /^(avc[13]|hvc1|hev1)\./.test(codec)) ?? variant.codecs.split(",")[0] ?? "";

function iFrameStreamInf(variant: PlannedVariant, settings: HlsGroupSettings, uri: string): string {
  const attributes = [`BANDWIDTH=${iFrameBandwidthBps(variant, settings.segmentLength ?? DEFAULT_SEGMENT_LENGTH_SEC)}`, `CODECS=${quoted(videoCodec(variant))}`];
  if (settings.streamInfResolution !== "EXCLUDE") attributes.push(`RESOLUTION=${variant.width}x${variant.height}`);
  attributes.push(`URI=${quoted(uri)}`);
  return `#EXT-X-I-FRAME-STREAM-INF:${attributes.join(",")}`;
}

const isAlternate = (rendition: PlannedAudioRendition): boolean => rendition.trackType !== AUDIO_TRACK_TYPES.AUDIO_ONLY_VARIANT_STREAM;

/**
 * EXT-X-MEDIA TYPE=AUDIO (RFC 8216 §4.3.4.1): ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT → DEFAULT=YES
 * (only the group's first: a group has at most one default), *_AUTO_SELECT* → AUTOSELECT=YES,
 * ALTERNATE_AUDIO_NOT_AUTO_SELECT → AUTOSELECT=NO.
 */
function audioMediaLines(renditions: readonly PlannedAudioRendition[], uriPrefix: string): string[] {
  const defaults = new Set<string>();
  const names = new Set<string>();
  return renditions.filter(isAlternate).map((rendition) => {
    const isDefault = rendition.trackType === AUDIO_TRACK_TYPES.ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT && !defaults.has(rendition.audioGroupId);
    if (isDefault) defaults.add(rendition.audioGroupId);
    // NAME: the audio description's streamName, else its name; unique within a group (RFC 8216 §4.3.4.1.1), so a repeat takes the output's name too.
    const wanted = rendition.audio.streamName ?? rendition.audio.audioDescriptionName;
    const name = names.has(`${rendition.audioGroupId}\n${wanted}`) ? `${wanted} (${rendition.outputName})` : wanted;
    names.add(`${rendition.audioGroupId}\n${name}`);
    const attributes = [
      "TYPE=AUDIO",
      `GROUP-ID=${quoted(rendition.audioGroupId)}`,
      `NAME=${quoted(name)}`,
      ...(rendition.audio.languageCode ? [`LANGUAGE=${quoted(rendition.audio.languageCode)}`] : []),
      `DEFAULT=${isDefault ? "YES" : "NO"}`,
      `AUTOSELECT=${rendition.trackType === AUDIO_TRACK_TYPES.ALTERNATE_AUDIO_NOT_AUTO_SELECT ? "NO" : "YES"}`,
      `URI=${quoted(uriPrefix + rendition.playlistName)}`,
    ];
    return `#EXT-X-MEDIA:${attributes.join(",")}`;
  });
}

function audioGroups(renditions: readonly PlannedAudioRendition[]): Map<string, AudioGroup> {
  const groups = new Map<string, AudioGroup>();
  for (const rendition of renditions.filter(isAlternate)) {
    const known = groups.get(rendition.audioGroupId);
    groups.set(rendition.audioGroupId, {
      id: rendition.audioGroupId,
      peakBps: Math.max(known?.peakBps ?? 0, rendition.bitrateBps),
      codecs: [...new Set([...(known?.codecs ?? []), ...rendition.codecs.split(",")])],
    });
  }
  return groups;
}

function audioOnlyStreamInf(rendition: PlannedAudioRendition, closedCaptions: string | undefined): string {
  const bandwidth = Math.round(rendition.bitrateBps * MUX_OVERHEAD);
  const attributes = [`BANDWIDTH=${bandwidth}`, `AVERAGE-BANDWIDTH=${bandwidth}`, `CODECS=${quoted(rendition.codecs)}`];
  if (closedCaptions === "NONE") attributes.push("CLOSED-CAPTIONS=NONE");
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

/**
 * 3, or 7 with fMP4 variants or image tracks: the version their media playlists need
 * (RFC 8216 §7: EXT-X-MAP without I-frames-only is version 6; the image media playlist
 * specification uses 7), so that a player of an older version skips the whole presentation.
 */
function masterVersion(request: MasterPlaylistRequest): number {
  return request.variants.some((variant) => variant.fmp4InitName !== undefined) || (request.imageStreams?.length ?? 0) > 0 ? 7 : 3;
}

export function renderMasterPlaylist(request: MasterPlaylistRequest): string {
  const settings = request.groupSettings;
  const setting = settings.captionLanguageSetting ?? "OMIT";
  const anyCaptions = request.variants.some((variant) => variant.captions);
  const renditions = setting === "INSERT" && anyCaptions ? captionRenditions(request) : [];
  const lines = ["#EXTM3U", `#EXT-X-VERSION:${masterVersion(request)}`, "#EXT-X-INDEPENDENT-SEGMENTS"];
  renditions.forEach((rendition, i) => lines.push(mediaLine(rendition, i)));
  const uriPrefix = request.variantUriPrefix ?? "";
  const audioRenditions = request.audioRenditions ?? [];
  lines.push(...audioMediaLines(audioRenditions, uriPrefix));
  const subtitles = request.subtitles ?? [];
  subtitles.forEach((rendition, i) => lines.push(subtitleLine(rendition, i)));
  const subtitlesGroup = subtitles[0] ? `,SUBTITLES=${quoted(subtitles[0].groupId)}` : "";
  const groups = audioGroups(audioRenditions);
  for (const variant of request.variants) {
    const closedCaptions = closedCaptionsValue(variant, setting, anyCaptions, renditions.length);
    const variantGroups = (variant.audioGroupIds ?? []).flatMap((id) => groups.get(id) ?? []);
    for (const audioGroup of variantGroups.length ? variantGroups : [undefined]) {
      const inf = streamInf(variant, settings, closedCaptions, audioGroup) + subtitlesGroup;
      lines.push(inf, `${uriPrefix}${variant.playlistName}`);
      if (request.redundantPeerPrefix !== undefined) lines.push(inf, `${request.redundantPeerPrefix}${variant.playlistName}`);
    }
  }
  if (settings.iFrameOnlyPlaylists === "STANDARD") {
    // fMP4 variants have no I-frame playlist (iframe-playlists.ts).
    for (const variant of request.variants.filter((candidate) => candidate.fmp4InitName === undefined)) {
      const name = iFramePlaylistName(variant.playlistName);
      lines.push(iFrameStreamInf(variant, settings, `${uriPrefix}${name}`));
      if (request.redundantPeerPrefix !== undefined) lines.push(iFrameStreamInf(variant, settings, `${request.redundantPeerPrefix}${name}`));
    }
  }
  const segmentLengthSec = settings.segmentLength ?? DEFAULT_SEGMENT_LENGTH_SEC;
  for (const stream of request.imageStreams ?? []) {
    lines.push(imageStreamInf({ ...stream, uri: `${uriPrefix}${stream.playlistName}` }, segmentLengthSec));
    if (request.redundantPeerPrefix !== undefined) lines.push(imageStreamInf({ ...stream, uri: `${request.redundantPeerPrefix}${stream.playlistName}` }, segmentLengthSec));
  }
  for (const rendition of audioRenditions.filter((candidate) => !isAlternate(candidate))) {
    const inf = audioOnlyStreamInf(rendition, setting === "NONE" ? "NONE" : undefined);
    lines.push(inf, `${uriPrefix}${rendition.playlistName}`);
    if (request.redundantPeerPrefix !== undefined) lines.push(inf, `${request.redundantPeerPrefix}${rendition.playlistName}`);
  }
  return `${lines.join("\n")}\n`;
}
