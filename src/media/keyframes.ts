// Is this video access unit a random access point? Decided from the bitstream (IDR / IRAP
// NAL types, recovery point SEI, MPEG-2 I pictures) because many encoders do not set the
// TS random_access_indicator.

import { parseH264AccessUnit } from "./h264/access-unit.ts";
import { parseH265AccessUnit } from "./h265/access-unit.ts";
import { parseMpeg2VideoAccessUnit } from "./mpeg2video/access-unit.ts";
import type { Codec } from "./types.ts";

export function isKeyframe(codec: Codec, data: Uint8Array): boolean {
  switch (codec) {
    case "H264":
      return parseH264AccessUnit(data).keyframe;
    case "H265":
      return parseH265AccessUnit(data).keyframe;
    case "MPEG2_VIDEO":
      return parseMpeg2VideoAccessUnit(data).keyframe;
    default:
      return false;
  }
}
