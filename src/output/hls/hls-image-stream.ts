// A frame capture output of an HLS group (hlsSettings.frameCaptureHlsSettings): a trick-play
// image track per the Image Media Playlist specification v0.4 (time-based method), as MediaLive
// writes it: one JPEG per segment of the group, at the frame capture video description's size,
// listed by an image media playlist (image-media-playlist.ts) that the master playlist names
// with EXT-X-IMAGE-STREAM-INF. The pictures follow the group's segmentLength, not the
// description's captureInterval (MediaLive: "the capture follows the segmentation of the video
// encode"). The encoder writes them (image2, atomically) into a staging folder of the pipeline;
// beside the encoder they are numbered on, moved into the group's folder and listed
// (image-playlists.ts), so numbering continues across encoder restarts as segments' does.

import path from "node:path";
import type { Output } from "../../model/generated/medialive-types.ts";
import { escapeTemplate } from "../encoder/destination-paths.ts";
import type { FileDestination, PlannedImageStream } from "../encoder/plan-types.ts";
import { fileNamePart } from "../file-name-part.ts";
import type { GroupPlanContext } from "../output-kind.ts";
import type { HlsGroupTiming } from "./hls-group.ts";
import { resolveModifier, type VariantFacts } from "./variable-identifiers.ts";

/** Frame captures are muxed into no transport stream; MediaLive's default video PID keeps the shared encode's bookkeeping uniform. */
const UNUSED_VIDEO_PID = 481;

export interface ImageStreamRequest {
  readonly output: Output;
  readonly outputIndex: number;
  readonly groupName: string;
  readonly destination: FileDestination;
  readonly timing: HlsGroupTiming;
}

/** The staging folder of a group's pictures: in the pipeline's work dir, never in the published folder. */
export function imageStagingFolder(workDir: string, groupName: string): string {
  return path.join(workDir, "hls-images", fileNamePart(groupName));
}

/** Adds the output's image2 slave (one picture per segment) and returns what its playlist needs. */
export function planImageStream(request: ImageStreamRequest, context: GroupPlanContext): PlannedImageStream {
  const { output, outputIndex, groupName, destination, timing } = request;
  const requester = `output "${output.outputName ?? outputIndex}" of group "${groupName}"`;
  const described = context.videos.get(output.videoDescriptionName ?? "");
  if (!described || described.codec !== "FRAME_CAPTURE") throw new TypeError(`${requester} names no frame capture video description`);
  // One picture at the start of every segment: its own encode, whatever interval a frame capture group gives the description.
  const video = { ...described, name: `${described.name}\u0000hls ${timing.segmentLengthSec} s`, frameRate: { num: 1, den: timing.segmentLengthSec } };
  const streams = context.encodeOnce({ video, captions: false, audios: [], segmentLengthSec: timing.segmentLengthSec, videoPid: UNUSED_VIDEO_PID, audioPids: [], requester });
  const stagingFolder = imageStagingFolder(path.dirname(context.request.thumbnailFile), groupName);
  const stagingPrefix = `o${outputIndex}_`;
  context.addSlave({ format: "image2", options: [["atomic_writing", "1"], ["start_number", "1"]], streams, path: path.join(escapeTemplate(stagingFolder), `${stagingPrefix}%05d.jpg`) });
  const facts: VariantFacts = { widthPx: video.width, heightPx: video.height, frameRate: video.frameRate, videoBitrateBps: 0, audioBitratesBps: [] };
  const atMs = context.request.startedAtMs ?? 0;
  const stem = `${destination.baseName}${resolveModifier(output.outputSettings.hlsOutputSettings?.nameModifier ?? "", facts, atMs)}`;
  return {
    outputName: output.outputName ?? `output${outputIndex}`,
    playlistName: `${stem}.m3u8`,
    imageStem: `${stem}${resolveModifier(output.outputSettings.hlsOutputSettings?.segmentModifier ?? "", facts, atMs)}_`,
    stagingFolder,
    stagingPrefix,
    width: video.width,
    height: video.height,
  };
}
