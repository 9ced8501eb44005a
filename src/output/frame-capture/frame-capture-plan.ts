// A frame capture output group's part of the encoder plan: one `image2` slave of the shared
// encode per output, fed the JPEG encode of its frameCaptureSettings video description (one
// picture per captureInterval at the description's size: encoder/video-filter.ts,
// encoder/frame-capture-args.ts). Each picture is written atomically (a temporary file
// renamed), so a capture that appears in the staging folder is complete; staged-files.ts
// gives it MediaLive's name.

import type { OutputGroup } from "../../model/generated/medialive-types.ts";
import { destinationTemplate } from "../encoder/destination-paths.ts";
import { outputGroupKey } from "../output-group-key.ts";
import type { GroupPlan, GroupPlanContext } from "../output-kind.ts";
import { stagedCaptureName } from "./frame-capture-names.ts";

/** A frame capture stream has no PID (it is not muxed into a transport stream); MediaLive's default video PID keeps shared-encode's bookkeeping uniform. */
const UNUSED_VIDEO_PID = 481;

export const FRAME_CAPTURE_SLAVE_OPTIONS: readonly (readonly [string, string])[] = [
  ["atomic_writing", "1"],
  ["start_number", "0"],
];

export function planFrameCaptureGroup(group: OutputGroup, groupIndex: number, context: GroupPlanContext): GroupPlan {
  if (!group.outputGroupSettings.frameCaptureGroupSettings) throw new TypeError(`output group "${group.name}" is not a frame capture group`);
  const name = outputGroupKey(group, groupIndex);
  const destination = context.request.destinations.get(name);
  if (!destination) throw new TypeError(`no destination resolved for output group "${name}"`);
  group.outputs.forEach((output, outputIndex) => {
    const requester = `output "${output.outputName ?? outputIndex}" of group "${name}"`;
    const video = context.videos.get(output.videoDescriptionName ?? "");
    if (!video || video.codec !== "FRAME_CAPTURE") throw new TypeError(`${requester} names no frame capture video description`);
    const captureIntervalSec = video.frameRate.den / video.frameRate.num;
    const streams = context.encodeOnce({ video, captions: false, audios: [], segmentLengthSec: captureIntervalSec, videoPid: UNUSED_VIDEO_PID, audioPids: [], requester });
    const staged = stagedCaptureName(outputIndex);
    context.addSlave({ format: "image2", options: FRAME_CAPTURE_SLAVE_OPTIONS, streams, path: destinationTemplate(destination, `${staged.prefix}.%0${staged.digits}d.${staged.extension}`) });
  });
  return {};
}
