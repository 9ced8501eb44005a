// An output group's HlsGroupSettings with MediaLive's defaults filled in, and the HLS muxer
// options of one variant (one `hls` slave of the shared encode per variant: see hls-plan.ts for why).

import type { HlsGroupSettings } from "../../model/generated/medialive-types.ts";
import { destinationFile, destinationTemplate } from "../encoder/destination-paths.ts";
import type { FileDestination } from "../encoder/plan-types.ts";
import { encoderPlaylistName } from "./playlist-continuity.ts";

export interface HlsGroupTiming {
  readonly segmentLengthSec: number;
  readonly indexNSegments: number;
  readonly keepSegments: number;
}

/** MediaLive's defaults: 10 s segments, 10 in the playlist, 21 kept. */
export function hlsGroupTiming(settings: HlsGroupSettings): HlsGroupTiming {
  const indexNSegments = settings.indexNSegments ?? 10;
  return { segmentLengthSec: settings.segmentLength ?? 10, indexNSegments, keepSegments: Math.max(settings.keepSegments ?? 21, indexNSegments) };
}

export interface HlsVariantOutput {
  readonly destination: FileDestination;
  readonly settings: HlsGroupSettings;
  readonly timing: HlsGroupTiming;
  readonly playlistName: string;
  /** Escaped template, e.g. `index_720p_%05d.ts`. */
  readonly segmentTemplate: string;
  readonly segmentOptions: string;
  /** segmentTemplate holds strftime conversions (a segmentModifier with `$dt$`, `$d$` or `$t$`). */
  readonly strftime?: boolean;
  /** Which pipeline writes: pipeline 1 takes baseUrlContent1 when it is set. */
  readonly pipelineIndex?: 0 | 1;
  /** fMP4 segments (fmp4HlsSettings): the initialization segment's name, beside the playlist; absent: MPEG-TS segments. */
  readonly fmp4InitName?: string;
}

/** baseUrlContent (baseUrlContent1 for pipeline 1 when set): the prefix of each segment URI in the media playlists. */
export function contentBaseUrl(settings: HlsGroupSettings, pipelineIndex: 0 | 1): string {
  return (pipelineIndex === 1 && settings.baseUrlContent1 ? settings.baseUrlContent1 : settings.baseUrlContent) ?? "";
}

/** The HLS muxer's options for one variant (tee slave options: no leading '-'). */
/** Microseconds: what an ffmpeg command-line output gets by default (-muxdelay 0.7). */
const SLAVE_MAX_DELAY_US = 700_000;

export function hlsSlaveOptions(variant: HlsVariantOutput): [key: string, value: string][] {
  const { settings, timing, destination } = variant;
  const flags = [
    // keepSegments: the muxer deletes a segment once more than hls_delete_threshold unlisted ones exist.
    "delete_segments",
    // A restarted ffmpeg reads its playlist back, continues its media sequence and numbering and
    // marks the restart with EXT-X-DISCONTINUITY (RFC 8216 §4.3.2.3; the discontinuity
    // sequence is counted where the playlist is published: playlist-continuity.ts); a stopped
    // one leaves it open (no EXT-X-ENDLIST), as a MediaLive channel that stops.
    "append_list",
    "omit_endlist",
    // Every segment starts with an IDR (forced on segment boundaries): RFC 8216 §4.3.5.1.
    "independent_segments",
  ];
  if (settings.programDateTime === "INCLUDE") flags.push("program_date_time");
  if (settings.manifestDurationFormat === "INTEGER") flags.push("round_durations");
  // $dt$/$d$/$t$ in a segmentModifier: strftime expands the template when a segment opens, and
  // the segment number goes in afterwards (written %%05d in the template).
  if (variant.strftime) flags.push("second_level_segment_index");
  // Write-then-rename, so a player, the origin or the http mirror never reads a half-written playlist or segment.
  flags.push("temp_file");
  const options: [key: string, value: string][] = [
    ["hls_time", String(timing.segmentLengthSec)],
    ["hls_list_size", String(timing.indexNSegments)],
    // ffmpeg keeps at least one unlisted segment: keepSegments == indexNSegments keeps one extra.
    ["hls_delete_threshold", String(Math.max(1, timing.keepSegments - timing.indexNSegments))],
    ["hls_flags", flags.join("+")],
    ...segmentTypeOptions(variant),
    // MediaLive numbers segments from 00001.
    ["start_number", "1"],
    ["hls_segment_filename", destinationTemplate(destination, variant.segmentTemplate)],
    // ffmpeg's own -muxdelay default (0.7 s): a tee slave's context starts at -1, which makes the
    // TS muxer close an audio PES after every frame and ignore pes_payload_size (audioFramesPerPes).
    ["max_delay", String(SLAVE_MAX_DELAY_US)],
  ];
  if (variant.strftime) options.push(["strftime", "1"]);
  // clientCache DISABLED: EXT-X-ALLOW-CACHE:NO (RFC 8216 dropped the tag; players of older protocol versions read it).
  if (settings.clientCache === "DISABLED") options.push(["hls_allow_cache", "0"]);
  const baseUrl = contentBaseUrl(settings, variant.pipelineIndex ?? 0);
  if (baseUrl !== "") options.push(["hls_base_url", baseUrl]);
  return options;
}

/**
 * MPEG-TS segments with the variant's m3u8Settings layout, or fMP4 segments (RFC 8216 §3.3)
 * with their initialization segment: ffmpeg writes it in the playlist's folder, under this
 * name, and names it in EXT-X-MAP.
 */
function segmentTypeOptions(variant: HlsVariantOutput): [key: string, value: string][] {
  if (variant.fmp4InitName !== undefined) return [["hls_segment_type", "fmp4"], ["hls_fmp4_init_filename", variant.fmp4InitName]];
  return [["hls_segment_type", "mpegts"], ["hls_segment_options", variant.segmentOptions]];
}

/**
 * The slave's output path: the encoder's own copy of the variant's playlist, which
 * append_list reads back at a restart; the beside publishes the playlist players read from
 * it (continuity-publisher.ts).
 */
export const hlsPlaylistPath = (variant: HlsVariantOutput): string => destinationFile(variant.destination, encoderPlaylistName(variant.playlistName));
