// ID3 timed metadata the encoder is fed: HLS groups with timedMetadataId3Frame PRIV or TDRL
// get an ID3v2.4 tag carrying the time every timedMetadataId3Period seconds. The pipeline
// writes one timed-metadata stream per distinct (frame, period) into the MPEG-TS it feeds
// the encoder (ISO/IEC 13818-1 §2.6.58–2.6.61: stream_type 0x15 with a metadata_descriptor
// 'ID3 ', as "Timed Metadata for HTTP Live Streaming" carries ID3 in MPEG-TS), and ffmpeg
// copies that stream into every variant of the groups that ask for it. The schedule's ID3
// actions travel on the same streams: one-time tags (hlsTimedMetadataSettings) on those of
// outputs with m3u8Settings.timedMetadataBehavior PASSTHROUGH, segment tags
// (hlsId3SegmentTaggingSettings) on those of groups with hlsId3SegmentTagging ENABLED, as the
// MediaLive User Guide asks for ("Inserting ID3 metadata using the schedule").
//
// fMP4 outputs cannot take that stream (ffmpeg's mp4 muxer drops it): their ID3 rides on the
// pictures as ID3 marks (media/id3/id3-mark-sei.ts), one carriage per distinct kind, each
// tag marked with the keys of the carriages that take it. An fMP4 HLS output with
// fmp4HlsSettings.timedMetadataBehavior PASSTHROUGH carries all its group asks for (the
// timestamps, the HLS actions' tags, segment tags); a CMAF Ingest group with id3Behavior
// ENABLED (cmafIngestGroupSettings, or mediapackageV2GroupSettings sent by CMAF Ingest) its
// own timedMetadataId3Frame timestamps and the CMAF Ingest actions' tags (timedMetadataSettings,
// id3SegmentTaggingSettings at the start of each of its segments). Pure.

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { CmafIngestGroupSettings, Fmp4HlsSettings, HlsGroupSettings, M3u8Settings, MediaPackageV2GroupSettings } from "../../model/generated/medialive-types.ts";
import { cmafSegmentLengthSec } from "../cmaf-ingest/cmaf-names.ts";

export type TimedMetadataFrame = "PRIV" | "TDRL";

export interface TimedMetadataFeed {
  /** The periodic time tag; absent on a stream that carries only the schedule's ID3. */
  readonly frame?: TimedMetadataFrame;
  readonly periodSec?: number;
  /** Carries the schedule's one-time ID3 (hlsTimedMetadataSettings). */
  readonly passthrough?: true;
  /** Carries the schedule's ID3 segment tags, one at the start of each segment of this length (s). */
  readonly segmentTaggingSec?: number;
  /** Takes the CMAF Ingest actions (timedMetadataSettings, id3SegmentTaggingSettings) instead of the HLS ones. */
  readonly cmafActions?: true;
  /** Its PID in the fed MPEG-TS (its place among the fed data streams is its index in the list). */
  readonly pid: number;
}

/** Above the fed video (0x100) and audio (0x101 + i) PIDs. */
export const FIRST_TIMED_METADATA_PID = 0x1f0;
/** MediaLive's default timedMetadataId3Period; 0 (what the console leaves unset) is taken as it too. */
export const DEFAULT_TIMED_METADATA_PERIOD_SEC = 10;
/** MediaLive's default m3u8Settings.timedMetadataPid. */
export const DEFAULT_TIMED_METADATA_PID = 502;

/** The frame and period an HLS group asks for, or undefined (NONE or absent). */
export function groupTimedMetadata(settings: Pick<HlsGroupSettings, "timedMetadataId3Frame" | "timedMetadataId3Period">): { frame: TimedMetadataFrame; periodSec: number } | undefined {
  const frame = settings.timedMetadataId3Frame;
  if (frame !== "PRIV" && frame !== "TDRL") return undefined;
  const period = settings.timedMetadataId3Period;
  return { frame, periodSec: period !== undefined && period > 0 ? period : DEFAULT_TIMED_METADATA_PERIOD_SEC };
}

/** What one timed-metadata stream or ID3 carriage carries. */
export type FeedKind = Omit<TimedMetadataFeed, "pid">;

/** What the stream of one HLS output carries (`m3u8` undefined: an output without MPEG-TS settings), or undefined. */
function outputFeedKind(settings: HlsGroupSettings, m3u8: M3u8Settings | undefined): FeedKind | undefined {
  const asked = groupTimedMetadata(settings);
  const kind: FeedKind = {
    ...(asked ?? {}),
    ...(m3u8?.timedMetadataBehavior === "PASSTHROUGH" ? { passthrough: true as const } : {}),
    ...(settings.hlsId3SegmentTagging === "ENABLED" ? { segmentTaggingSec: settings.segmentLength ?? 10 } : {}),
  };
  return Object.keys(kind).length > 0 ? kind : undefined;
}

const sameKind = (a: FeedKind, b: FeedKind): boolean => a.frame === b.frame && a.periodSec === b.periodSec && a.passthrough === b.passthrough && a.segmentTaggingSec === b.segmentTaggingSec && a.cmafActions === b.cmafActions;

/** The fed timed-metadata streams of a channel, in order: one per distinct kind its HLS outputs ask for. */
export function timedMetadataFeeds(config: ChannelConfig): TimedMetadataFeed[] {
  const feeds: TimedMetadataFeed[] = [];
  for (const group of config.encoderSettings?.outputGroups ?? []) {
    const settings = group.outputGroupSettings.hlsGroupSettings;
    if (!settings) continue;
    const outputs = group.outputs.length > 0 ? group.outputs : [undefined];
    for (const output of outputs) {
      const kind = outputFeedKind(settings, output?.outputSettings.hlsOutputSettings?.hlsSettings.standardHlsSettings?.m3u8Settings);
      if (!kind || feeds.some((feed) => sameKind(feed, kind))) continue;
      feeds.push({ ...kind, pid: FIRST_TIMED_METADATA_PID + feeds.length });
    }
  }
  return feeds;
}

/** The index of the fed stream an HLS output carries, or undefined when it asks for none. */
export function timedMetadataFeedIndex(config: ChannelConfig, settings: HlsGroupSettings, m3u8?: M3u8Settings): number | undefined {
  const kind = outputFeedKind(settings, m3u8);
  if (!kind) return undefined;
  const index = timedMetadataFeeds(config).findIndex((feed) => sameKind(feed, kind));
  return index < 0 ? undefined : index;
}

/** The ID3 an fMP4 HLS output carries (its group's, with fmp4HlsSettings.timedMetadataBehavior PASSTHROUGH), or undefined. */
export function fmp4HlsId3Carriage(settings: HlsGroupSettings, fmp4: Pick<Fmp4HlsSettings, "timedMetadataBehavior"> | undefined): FeedKind | undefined {
  if (fmp4?.timedMetadataBehavior !== "PASSTHROUGH") return undefined;
  return { ...(groupTimedMetadata(settings) ?? {}), passthrough: true, ...(settings.hlsId3SegmentTagging === "ENABLED" ? { segmentTaggingSec: settings.segmentLength ?? 10 } : {}) };
}

/** The ID3 track of a CMAF Ingest group (or a MediaPackage v2 group sent as one) with id3Behavior ENABLED, or undefined. */
export function cmafId3Carriage(settings: CmafIngestGroupSettings | MediaPackageV2GroupSettings): FeedKind | undefined {
  if (settings.id3Behavior !== "ENABLED") return undefined;
  return { ...(groupTimedMetadata(settings) ?? {}), passthrough: true, segmentTaggingSec: cmafSegmentLengthSec(settings), cmafActions: true };
}

/** The distinct ID3 carriages of a channel's fMP4 outputs, which get their tags as ID3 marks. */
export function id3MarkCarriages(config: ChannelConfig): FeedKind[] {
  const kinds: FeedKind[] = [];
  const add = (kind: FeedKind | undefined): void => {
    if (kind && !kinds.some((known) => sameKind(known, kind))) kinds.push(kind);
  };
  for (const group of config.encoderSettings?.outputGroups ?? []) {
    const settings = group.outputGroupSettings;
    const hls = settings.hlsGroupSettings;
    if (hls) for (const output of group.outputs) add(fmp4HlsId3Carriage(hls, output.outputSettings.hlsOutputSettings?.hlsSettings.fmp4HlsSettings));
    const cmaf = settings.cmafIngestGroupSettings ?? settings.mediaPackageGroupSettings?.mediapackageV2GroupSettings;
    if (cmaf) add(cmafId3Carriage(cmaf));
  }
  return kinds;
}

/**
 * A carriage's key in the ID3 marks: what it carries, so that an output finds its tags by
 * its own settings (`HLS/PRIV/10/P/6`: HLS actions, PRIV every 10 s, one-time tags, segment
 * tags every 6 s; `-` where it carries none).
 */
export function id3CarriageKey(kind: FeedKind): string {
  return [kind.cmafActions ? "CMAF" : "HLS", kind.frame ?? "-", kind.periodSec ?? "-", kind.passthrough ? "P" : "-", kind.segmentTaggingSec ?? "-"].join("/");
}
