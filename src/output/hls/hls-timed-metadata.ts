// The ID3 timed metadata an HLS output carries (timedMetadataId3Frame PRIV or TDRL): the fed
// timed-metadata stream of its group's frame and period (encoder/timed-metadata-feeds.ts),
// copied into its segments on m3u8Settings.timedMetadataPid; with the schedule's ID3 when the
// output passes timed metadata through or the group tags its segments.

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { HlsGroupSettings, M3u8Settings } from "../../model/generated/medialive-types.ts";
import { parsePid } from "../encoder/mpegts-options.ts";
import { DEFAULT_TIMED_METADATA_PID, timedMetadataFeedIndex } from "../encoder/timed-metadata-feeds.ts";

/** `m3u8` undefined: an audio-only output, which has no MPEG-TS settings and takes the PID its group's variants give the stream. */
export function hlsTimedMetadata(config: ChannelConfig, settings: HlsGroupSettings, m3u8: M3u8Settings | undefined): { feedIndex: number; pid?: number } | undefined {
  const feedIndex = timedMetadataFeedIndex(config, settings, m3u8);
  if (feedIndex === undefined) return undefined;
  return m3u8 ? { feedIndex, pid: parsePid(m3u8.timedMetadataPid ?? "") ?? DEFAULT_TIMED_METADATA_PID } : { feedIndex };
}
