// ID3 timed metadata the encoder is fed: HLS groups with timedMetadataId3Frame PRIV or TDRL
// get an ID3v2.4 tag carrying the time every timedMetadataId3Period seconds. The pipeline
// writes one timed-metadata stream per distinct (frame, period) into the MPEG-TS it feeds
// the encoder (ISO/IEC 13818-1 §2.6.58–2.6.61: stream_type 0x15 with a metadata_descriptor
// 'ID3 ', as "Timed Metadata for HTTP Live Streaming" carries ID3 in MPEG-TS), and ffmpeg
// copies that stream into every variant of the groups that ask for it. Pure.

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { HlsGroupSettings } from "../../model/generated/medialive-types.ts";

export type TimedMetadataFrame = "PRIV" | "TDRL";

export interface TimedMetadataFeed {
  readonly frame: TimedMetadataFrame;
  readonly periodSec: number;
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
export function groupTimedMetadata(settings: HlsGroupSettings): { frame: TimedMetadataFrame; periodSec: number } | undefined {
  const frame = settings.timedMetadataId3Frame;
  if (frame !== "PRIV" && frame !== "TDRL") return undefined;
  const period = settings.timedMetadataId3Period;
  return { frame, periodSec: period !== undefined && period > 0 ? period : DEFAULT_TIMED_METADATA_PERIOD_SEC };
}

/** The fed timed-metadata streams of a channel, in order: one per distinct frame and period its HLS groups ask for. */
export function timedMetadataFeeds(config: ChannelConfig): TimedMetadataFeed[] {
  const feeds: TimedMetadataFeed[] = [];
  for (const group of config.encoderSettings?.outputGroups ?? []) {
    const settings = group.outputGroupSettings.hlsGroupSettings;
    const asked = settings && groupTimedMetadata(settings);
    if (!asked || feeds.some((feed) => feed.frame === asked.frame && feed.periodSec === asked.periodSec)) continue;
    feeds.push({ ...asked, pid: FIRST_TIMED_METADATA_PID + feeds.length });
  }
  return feeds;
}

/** The index of the fed stream an HLS group's outputs carry, or undefined when it asks for none. */
export function timedMetadataFeedIndex(config: ChannelConfig, settings: HlsGroupSettings): number | undefined {
  const asked = groupTimedMetadata(settings);
  if (!asked) return undefined;
  const index = timedMetadataFeeds(config).findIndex((feed) => feed.frame === asked.frame && feed.periodSec === asked.periodSec);
  return index < 0 ? undefined : index;
}
