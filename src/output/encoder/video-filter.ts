// The filter chain of one video branch. It always ends in a fixed size, frame rate and
// sample aspect ratio, so a mid-stream change of the fed source (the worker switches inputs
// or fill without restarting ffmpeg) is absorbed here and the encoder never sees it.

import type { ResolvedVideo } from "./video-format.ts";

export function videoFilterChain(video: ResolvedVideo): string {
  const { width, height, frameRate, sampleAspectRatio } = video;
  const filters = [`fps=${frameRate.num}/${frameRate.den}`];
  // interl=-1: scale interlaced source frames field by field (libswscale reads the frame flags).
  const interl = video.interlaced ? ":interl=-1" : "";
  if (video.stretch) {
    // STRETCH_TO_OUTPUT: fill the frame, distorting the picture if the aspect ratios differ.
    filters.push(`scale=${width}:${height}${interl}`);
  } else {
    // DEFAULT: fit inside the frame keeping the picture's shape, then letter/pillarbox in black.
    filters.push(`scale=${width}:${height}:force_original_aspect_ratio=decrease:force_divisible_by=2${interl}`);
    filters.push(`pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:black`);
  }
  filters.push(`setsar=${sampleAspectRatio.num}/${sampleAspectRatio.den}`);
  if (video.interlaced) filters.push("setfield=tff");
  filters.push("format=yuv420p");
  return filters.join(",");
}

/** The thumbnail branch: the first video description's picture, one frame every 2 s, 360 lines high. */
export function thumbnailFilterChain(video: ResolvedVideo): string {
  // Full-range output: a JFIF JPEG is full range, and yuv420p tagged full range spares the
  // encoder the deprecated yuvj formats.
  return `${videoFilterChain(video)},fps=1/2,scale=-2:360:out_range=full,setsar=1,format=yuv420p`;
}
