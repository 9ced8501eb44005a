// Which encoder codes which video description, and its arguments.

import { av1Args } from "./av1-args.ts";
import { frameCaptureArgs } from "./frame-capture-args.ts";
import { mpeg2Args } from "./mpeg2-args.ts";
import type { ResolvedVideo } from "./video-format.ts";
import { x264Args } from "./x264-args.ts";
import { x265Args } from "./x265-args.ts";

/** `captions`: carry A/53 caption SEI (H.264 only); `keyframeExpr`: -force_key_frames of the output's segment boundaries. */
export function videoCodecArgs(video: ResolvedVideo, captions: boolean, keyframeExpr: string): string[] {
  switch (video.codec) {
    case "H264":
      return x264Args(video, captions, keyframeExpr);
    case "H265":
      return x265Args(video, keyframeExpr);
    case "MPEG2":
      return mpeg2Args(video, keyframeExpr);
    case "AV1":
      return av1Args(video);
    case "FRAME_CAPTURE":
      return frameCaptureArgs();
  }
}
