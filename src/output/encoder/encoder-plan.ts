// planEncoder: a validated MediaLive channel configuration → the arguments of the one ffmpeg
// process that serves every output group of a pipeline, reading the worker's MPEG-TS on
// stdin. Pure: no I/O, no clock.
//
// Layout of the command:
//   global options · -f mpegts -i pipe:0 · -filter_complex (one branch per encoded video
//   and audio description plus the thumbnail) · one `-f tee` output carrying every encoded
//   stream once, with one slave per output that each group's kind adds (output-kinds.ts;
//   HLS: one `hls` slave per variant, hls/hls-plan.ts; shared-encode.ts) · the thumbnail output.

import { resolveAudio } from "./audio-encode.ts";
import { buildFilterGraph } from "./filter-graph.ts";
import { outputKindOf } from "../output-kinds.ts";
import type { GroupPlanContext } from "../output-kind.ts";
import type { EncoderPlan, EncoderPlanRequest } from "./plan-types.ts";
import { epochKeyframeExpr, isOutputLocked } from "./output-locking.ts";
import { SharedEncode } from "./shared-encode.ts";
import { planOverlays } from "./overlay-inputs.ts";
import { thumbnailOutputArgs } from "./thumbnail-args.ts";
import { resolveVideo } from "./video-format.ts";
import { thumbnailFilterChain, videoFilterChain } from "./video-filter.ts";

export type * from "./plan-types.ts";

/** The fd of ffmpeg's `-progress` stream (the worker spawns with stdio[3] = "pipe"). */
export const PROGRESS_FD = 3;

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

export function planEncoder(request: EncoderPlanRequest): EncoderPlan {
  const encoder = request.config.encoderSettings;
  if (!encoder) throw new TypeError("the channel has no encoderSettings");
  const videoDescriptions = encoder.videoDescriptions ?? [];
  const warnings: string[] = [];
  const warn = (message: string): void => void warnings.push(message);
  const encode = new SharedEncode(warn);
  const context: GroupPlanContext = {
    request,
    videos: new Map(videoDescriptions.map((description) => [description.name, resolveVideo(description, request.fed)])),
    audios: new Map((encoder.audioDescriptions ?? []).map((description) => [description.name, resolveAudio(description, request.fed, encoder.globalConfiguration)])),
    encodeOnce: (encodeRequest) => encode.encodeOnce(encodeRequest),
    addSlave: (slave) => encode.addSlave(slave),
    warn,
  };
  const planned = (encoder.outputGroups ?? []).map((group, index) => {
    const kind = outputKindOf(group);
    if (!kind) throw new TypeError(`output group "${group.name}" is of no kind openlive produces`);
    return kind.plan(group, index, context);
  });
  const firstVideo = context.videos.get(videoDescriptions[0]?.name ?? "");
  if (!firstVideo) throw new TypeError("the channel has no video description");
  const branches = encode.branches(videoFilterChain);
  branches.video.push({ label: "thumb", chain: thumbnailFilterChain(firstVideo) });
  const perOutputOverlays = request.config.encoderSettings?.featureActivations?.outputStaticImageOverlayScheduleActions === "ENABLED";
  // With a copied timed-metadata stream beside them, ffmpeg 5.1 held every output until the
  // input ended once a canvas input was added: such channels get no canvas (their image
  // actions are accepted and logged, not drawn; docs/ads-and-schedule.md).
  const overlays = request.overlayCanvasFolder !== undefined && !encode.carriesData ? planOverlays(request.overlayCanvasFolder, request.fed, encode.videoEncodes, branches.video, perOutputOverlays) : undefined;
  const locked = isOutputLocked(request.config);
  const args = [
    ...GLOBAL_ARGS,
    // Output locking: the fed epoch timestamps are kept (output-locking.ts).
    ...(locked ? ["-copyts"] : []),
    ...INPUT_ARGS,
    ...(overlays?.inputArgs ?? []),
    "-filter_complex",
    buildFilterGraph(overlays?.branches ?? branches.video, branches.audio, overlays?.programSource),
    ...encode.outputArgs(locked ? { keyframeExpr: epochKeyframeExpr } : undefined),
    ...thumbnailOutputArgs("thumb", request.thumbnailFile),
  ];
  const groups = planned.flatMap((part) => (part.group ? [part.group] : []));
  return { args, ...(locked ? { outputLocked: true } : {}), variants: groups.flatMap((group) => group.variants), groups, progressFd: PROGRESS_FD, warnings, ...(overlays ? { overlays: overlays.overlays } : {}) };
}
