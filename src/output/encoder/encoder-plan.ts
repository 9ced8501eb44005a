// planEncoder: a validated MediaLive channel configuration → the arguments of the one ffmpeg
// process that serves every output group of a pipeline, reading the worker's MPEG-TS on
// stdin. Pure: no I/O, no clock.
//
// Layout of the command:
//   global options · -f mpegts -i pipe:0 · -filter_complex (one branch per (output,
//   description) pair plus the thumbnail) · one `-f hls` output per HLS variant · the
//   thumbnail output.
// One `-f hls` output per variant rather than one per group with -var_stream_map: the
// segment name template and the MPEG-TS options (-hls_segment_options) of a var_stream_map
// output are shared by all its variants, and MediaLive gives each output its own
// segmentModifier and m3u8Settings (PIDs, program number). Segments still line up across a
// group: every encode of the group forces IDRs on the same segment boundaries.
//
// Timecode (timecodeConfig.source SYSTEMCLOCK, ZEROBASED or EMBEDDED): HLS with TS segments
// carries no timecode (timecodeInsertion is DISABLED only), so the source only matters for
// EXT-X-PROGRAM-DATE-TIME. ffmpeg's HLS muxer starts that clock at the system time when it
// starts and advances it by segment durations, which is MediaLive's SYSTEM_CLOCK and, for
// SYSTEMCLOCK timecode, INITIALIZE_FROM_OUTPUT_TIMECODE too; ZEROBASED/EMBEDDED with
// INITIALIZE_FROM_OUTPUT_TIMECODE are reported in EncoderPlan.warnings.

import type { EncoderSettings, OutputGroup } from "../../model/generated/medialive-types.ts";
import { resolveAudio, PASSTHROUGH_ASSUMED_BITRATE_BPS, type ResolvedAudio } from "./audio-encode.ts";
import { hlsMasterPlaylistName, hlsVariantNames } from "../hls/hls-file-names.ts";
import { escapeTemplate } from "./destination-paths.ts";
import { buildFilterGraph, type FilterBranch } from "./filter-graph.ts";
import { segmentKeyframeExpr } from "./gop-alignment.ts";
import { hlsGroupTiming, hlsOutputArgs } from "../hls/hls-group.ts";
import { mpegtsLayout } from "./mpegts-options.ts";
import type { EncoderPlan, EncoderPlanRequest, PlannedGroup, PlannedVariant } from "./plan-types.ts";
import { thumbnailOutputArgs } from "./thumbnail-args.ts";
import { resolveVideo, type ResolvedVideo } from "./video-format.ts";
import { thumbnailFilterChain, videoFilterChain } from "./video-filter.ts";
import { x264Args } from "./x264-args.ts";
import { x265Args } from "./x265-args.ts";

export type * from "./plan-types.ts";

/** The fd of ffmpeg's `-progress` stream (the worker spawns with stdio[3] = "pipe"). */
export const PROGRESS_FD = 3;

/**
 * Packets an output may buffer while its encoders fill their look-ahead (pass-through audio
 * arrives long before the first encoded picture); ffmpeg's default of 128 is too small.
 */
const MAX_MUXING_QUEUE_PACKETS = 4096;

const GLOBAL_ARGS = [
  "-hide_banner",
  // stdin is the media: no -nostdin. Interactive keys are off anyway when stdin is not a terminal.
  "-nostats",
  // Overwrite without asking: a restarted ffmpeg finds its playlists and thumbnail in place
  // (and with stdin not a terminal, ffmpeg would otherwise exit at once).
  "-y",
  "-loglevel",
  "level+warning",
  "-stats_period",
  "1",
  "-progress",
  `pipe:${PROGRESS_FD}`,
];
// The worker's TS is regular (PAT/PMT every 100 ms, parameter sets on every keyframe):
// a short probe starts the encode within half a second instead of ffmpeg's default 5 s,
// which would otherwise be encoded later as a burst of segments.
const INPUT_ARGS = ["-fflags", "+genpts+discardcorrupt", "-analyzeduration", "500000", "-probesize", "4000000", "-fpsprobesize", "0", "-f", "mpegts", "-i", "pipe:0"];

interface PlanState {
  readonly request: EncoderPlanRequest;
  readonly encoder: EncoderSettings;
  readonly videos: ReadonlyMap<string, ResolvedVideo>;
  readonly audios: ReadonlyMap<string, ResolvedAudio>;
  readonly videoBranches: FilterBranch[];
  readonly audioBranches: Map<number, FilterBranch[]>;
  readonly outputArgs: string[];
  readonly warnings: string[];
}

function videoEncoderArgs(video: ResolvedVideo, captions: boolean, keyframeExpr: string): string[] {
  return video.codec === "H264" ? x264Args(video, captions, keyframeExpr) : x265Args(video, keyframeExpr);
}

function planGroup(state: PlanState, group: OutputGroup, groupIndex: number): PlannedGroup {
  const settings = group.outputGroupSettings.hlsGroupSettings;
  if (!settings) throw new TypeError(`output group "${group.name}" is not an HLS group`);
  const name = group.name ?? `group${groupIndex}`;
  const destination = state.request.destinations.get(name);
  if (!destination) throw new TypeError(`no destination resolved for output group "${name}"`);
  const timing = hlsGroupTiming(settings);
  const keyframeExpr = segmentKeyframeExpr(timing.segmentLengthSec);
  const variants: PlannedVariant[] = [];
  group.outputs.forEach((output, outputIndex) => {
    const hlsOutput = output.outputSettings.hlsOutputSettings;
    if (!hlsOutput) throw new TypeError(`output ${outputIndex} of group "${name}" is not an HLS output`);
    const video = state.videos.get(output.videoDescriptionName ?? "");
    if (!video) throw new TypeError(`output ${outputIndex} of group "${name}" names no known video description`);
    const captionDescriptionNames = output.captionDescriptionNames ?? [];
    const captions = captionDescriptionNames.length > 0 && video.codec === "H264";
    if (captionDescriptionNames.length > 0 && !captions) {
      state.warnings.push(`output "${output.outputName}" of group "${name}": ffmpeg 5.1's libx265 cannot carry A/53 captions; the variant has none`);
    }
    const audios = (output.audioDescriptionNames ?? []).map((audioName) => {
      const audio = state.audios.get(audioName);
      if (!audio) throw new TypeError(`output ${outputIndex} of group "${name}" names unknown audio description "${audioName}"`);
      return audio;
    });
    const tag = `${groupIndex}_${outputIndex}`;
    const videoLabel = `v${tag}`;
    state.videoBranches.push({ label: videoLabel, chain: videoFilterChain(video) });
    const ts = mpegtsLayout(hlsOutput.hlsSettings.standardHlsSettings?.m3u8Settings, audios.length, timing.segmentLengthSec);
    const args = ["-map", `[${videoLabel}]`];
    audios.forEach((audio, k) => {
      if (audio.passThrough) {
        args.push("-map", `0:a:${audio.fedIndex}`);
        return;
      }
      const label = `a${tag}_${k}`;
      const branches = state.audioBranches.get(audio.fedIndex) ?? [];
      branches.push({ label, chain: audio.filterChain! });
      state.audioBranches.set(audio.fedIndex, branches);
      args.push("-map", `[${label}]`);
    });
    args.push(...videoEncoderArgs(video, captions, keyframeExpr), "-fps_mode:v", "cfr", "-streamid", `0:${ts.videoPid}`);
    audios.forEach((audio, k) => {
      for (const [option, value] of audio.codecArgs) args.push(`${option}:a:${k}`, value);
      if (audio.languageCode) args.push(`-metadata:s:a:${k}`, `language=${audio.languageCode}`);
      if (audio.disposition) args.push(`-disposition:a:${k}`, audio.disposition);
      args.push("-streamid", `${k + 1}:${ts.audioPids[k]}`);
    });
    const nameModifier = hlsOutput.nameModifier ?? "";
    const { playlistName, segmentStem } = hlsVariantNames(destination.baseName, hlsOutput);
    const segmentTemplate = `${escapeTemplate(segmentStem)}_%05d.ts`;
    args.push("-max_muxing_queue_size", String(MAX_MUXING_QUEUE_PACKETS));
    args.push(...hlsOutputArgs({ destination, settings, timing, playlistName, segmentTemplate, segmentOptions: ts.segmentOptions }));
    state.outputArgs.push(...args);
    const audioBitratesBps = audios.map((audio) => audio.bitrateBps ?? PASSTHROUGH_ASSUMED_BITRATE_BPS);
    variants.push({
      outputGroupName: name,
      outputName: output.outputName ?? `output${outputIndex}`,
      nameModifier,
      playlistName,
      segmentTemplate,
      videoDescriptionName: video.name,
      width: video.width,
      height: video.height,
      frameRate: video.frameRate,
      rateControlMode: video.rate.mode,
      videoBitrateBps: video.rate.bitrateBps ?? video.rate.maxBitrateBps,
      maxBitrateBps: video.rate.maxBitrateBps,
      audioBitratesBps,
      audio: audios.map((audio) => ({
        audioDescriptionName: audio.name,
        bitrateBps: audio.bitrateBps,
        codecs: audio.codecs,
        ...(audio.languageCode ? { languageCode: audio.languageCode } : {}),
        ...(audio.streamName ? { streamName: audio.streamName } : {}),
      })),
      codecs: [video.codecs, ...new Set(audios.map((audio) => audio.codecs))].join(","),
      captions,
      captionDescriptionNames,
    });
  });
  const inputLossAction = settings.inputLossAction === "PAUSE_OUTPUT" ? "PAUSE_OUTPUT" : "EMIT_OUTPUT";
  return { name, destination, ...timing, inputLossAction, settings, masterPlaylistName: hlsMasterPlaylistName(destination.baseName), variants };
}

function timecodeWarnings(encoder: EncoderSettings): string[] {
  const source = encoder.timecodeConfig.source;
  return (encoder.outputGroups ?? []).flatMap((group) => {
    const hls = group.outputGroupSettings.hlsGroupSettings;
    const fromTimecode = hls?.programDateTime === "INCLUDE" && hls.programDateTimeClock !== "SYSTEM_CLOCK";
    return fromTimecode && source !== "SYSTEMCLOCK"
      ? [`group "${group.name}": EXT-X-PROGRAM-DATE-TIME starts from the system clock, not from ${source} timecode`]
      : [];
  });
}

export function planEncoder(request: EncoderPlanRequest): EncoderPlan {
  const encoder = request.config.encoderSettings;
  if (!encoder) throw new TypeError("the channel has no encoderSettings");
  const videoDescriptions = encoder.videoDescriptions ?? [];
  const state: PlanState = {
    request,
    encoder,
    videos: new Map(videoDescriptions.map((description) => [description.name, resolveVideo(description, request.fed)])),
    audios: new Map((encoder.audioDescriptions ?? []).map((description) => [description.name, resolveAudio(description, request.fed, encoder.globalConfiguration)])),
    videoBranches: [],
    audioBranches: new Map(),
    outputArgs: [],
    warnings: timecodeWarnings(encoder),
  };
  const groups = (encoder.outputGroups ?? []).map((group, index) => planGroup(state, group, index));
  const firstVideo = state.videos.get(videoDescriptions[0]?.name ?? "");
  if (!firstVideo) throw new TypeError("the channel has no video description");
  state.videoBranches.push({ label: "thumb", chain: thumbnailFilterChain(firstVideo) });
  const args = [
    ...GLOBAL_ARGS,
    ...INPUT_ARGS,
    "-filter_complex",
    buildFilterGraph(state.videoBranches, state.audioBranches),
    ...state.outputArgs,
    ...thumbnailOutputArgs("thumb", request.thumbnailFile),
  ];
  return { args, variants: groups.flatMap((group) => group.variants), groups, progressFd: PROGRESS_FD, warnings: state.warnings };
}
