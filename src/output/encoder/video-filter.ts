// The filter chain of one video branch. It always ends in a fixed size, frame rate, sample
// aspect ratio and pixel format, so a mid-stream change of the fed source (the worker switches
// inputs or fill without restarting ffmpeg) is absorbed here and the encoder never sees it.
// Order: frame rate, scaling (with the colour matrix conversion), noise filter, sharpness,
// caption and timecode burn-in (drawn last so they are neither filtered nor sharpened), colour tags.

import { captionBurninFilter, type CaptionBurnin } from "./caption-burnin.ts";
import { colourTagFilter } from "./colour.ts";
import { sharpnessFilter, temporalFilterChain } from "./picture-filters.ts";
import { timecodeBurninFilter } from "./timecode-burnin.ts";
import type { ResolvedVideo } from "./video-format.ts";

function scaleOptions(video: ResolvedVideo): string {
  // interl=-1: scale interlaced source frames field by field (libswscale reads the frame flags).
  let options = video.interlaced ? ":interl=-1" : "";
  // in_color_matrix=auto reads the frame's matrix (BT.601 when untagged).
  if (video.colour.convertMatrix) options += `:in_color_matrix=auto:out_color_matrix=${video.colour.convertMatrix}`;
  // JPEG (JFIF) stills are full range.
  if (video.codec === "FRAME_CAPTURE") options += ":out_range=full";
  return options;
}

export function videoFilterChain(video: ResolvedVideo, burnin?: CaptionBurnin): string {
  const { width, height, frameRate, sampleAspectRatio } = video;
  const filters = [`fps=${frameRate.num}/${frameRate.den}`];
  const options = scaleOptions(video);
  if (video.stretch) {
    // STRETCH_TO_OUTPUT: fill the frame, distorting the picture if the aspect ratios differ.
    filters.push(`scale=${width}:${height}${options}`);
  } else {
    // DEFAULT: fit inside the frame keeping the picture's shape, then letter/pillarbox in black.
    filters.push(`scale=${width}:${height}:force_original_aspect_ratio=decrease:force_divisible_by=2${options}`);
    filters.push(`pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:black`);
  }
  filters.push(`setsar=${sampleAspectRatio.num}/${sampleAspectRatio.den}`);
  if (video.temporalFilter) filters.push(...temporalFilterChain(video.temporalFilter));
  const sharpen = sharpnessFilter(video.sharpness);
  if (sharpen) filters.push(sharpen);
  if (burnin) filters.push(captionBurninFilter(burnin, height));
  if (video.timecodeBurnin) filters.push(timecodeBurninFilter(video.timecodeBurnin, frameRate));
  const tags = colourTagFilter(video.colour);
  if (tags) filters.push(tags);
  if (video.interlaced) filters.push("setfield=tff");
  filters.push(`format=${video.pixelFormat}`);
  return filters.join(",");
}

/** The thumbnail branch: the first video description's picture, one frame every 2 s, 360 lines high. */
export function thumbnailFilterChain(video: ResolvedVideo): string {
  // Full-range output: a JFIF JPEG is full range, and yuv420p tagged full range spares the
  // encoder the deprecated yuvj formats.
  return `${videoFilterChain(video)},fps=1/2,scale=-2:360:out_range=full,setsar=1,format=yuv420p`;
}
