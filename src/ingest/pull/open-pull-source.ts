// Picks a pull source's implementation by input type: the HLS client for URL_PULL, a
// supervised ffmpeg or srt-live-transmit child for the others (pull-source.ts has the contract).

import { createChildPullSource } from "./child-pull-source.ts";
import { createHlsPullSource } from "./hls-pull-source.ts";
import type { PullSource, PullSourceOptions } from "./pull-source.ts";

export function openPullSource(options: PullSourceOptions): PullSource {
  switch (options.input.type) {
    case "URL_PULL":
      return createHlsPullSource(options);
    case "RTMP_PULL":
    case "MP4_FILE":
    case "TS_FILE":
    case "SRT_CALLER":
      return createChildPullSource(options);
    default:
      throw new TypeError(`input ${options.input.id} is of type ${options.input.type}, not a pull input`);
  }
}
