// The ffmpeg command line of an input's analysis child (failover conditions,
// docs/failover.md): MPEG-TS on stdin (video keyframes and the selected audio only, see
// media-analyser.ts), each decoded picture out as a tiny 8-bit gray frame on one pipe and
// the audio as mono s16le at 8 kHz on another. Pure: argv only.
//
// stdin is the media, so no `-nostdin` (interaction is off anyway when stdin is a pipe).
// Everything is set for latency and cost: a shorter probe than the encoder's, one thread, a packet flush per picture/audio frame, and `-fps_mode
// passthrough` so ffmpeg neither duplicates nor drops pictures to reach a frame rate (the
// fed video has one picture per GOP).

/** Gray picture size: an area average of 20×20 source pixels per sample for 1280×720. */
export const ANALYSIS_PICTURE_WIDTH = 64;
export const ANALYSIS_PICTURE_HEIGHT = 36;
/** Audio analysis rate: enough for a level meter (content above 4 kHz is filtered out). */
export const ANALYSIS_AUDIO_RATE_HZ = 8_000;
/** Child fds of the two outputs; stdio must be ['pipe', 'ignore', 'pipe', 'pipe', 'pipe']. */
export const PICTURE_FD = 3;
export const AUDIO_FD = 4;

export interface AnalysisArgsOptions {
  /** Decode the first video stream to PICTURE_FD. */
  readonly video: boolean;
  /** Decode the first audio stream to AUDIO_FD. */
  readonly audio: boolean;
  /** Default 64×36. */
  readonly width?: number;
  readonly height?: number;
}

export function analysisArgs(options: AnalysisArgsOptions): string[] {
  const width = options.width ?? ANALYSIS_PICTURE_WIDTH;
  const height = options.height ?? ANALYSIS_PICTURE_HEIGHT;
  const args = [
    "-hide_banner",
    "-nostats",
    "-loglevel",
    "error",
    // Input: drop corrupt packets. Not `-fflags nobuffer`: it discards the packets read
    // while probing, i.e. the first pictures and ~0.5 s of audio of every child.
    "-fflags",
    "+discardcorrupt",
    "-threads",
    "1",
    // mpegts never ends its probe on "all info found" (streams may appear later): it reads
    // until this much media. Audio gets there in 0.1 s; video alone adds up one frame
    // duration (40 ms) per fed keyframe, so video-only takes the minimum and still needs
    // ~4 keyframes before the first picture comes out (none is lost: probed packets are kept).
    "-analyzeduration",
    options.audio ? "100000" : "1",
    "-probesize",
    "4000000",
    "-fpsprobesize",
    "0",
    "-f",
    "mpegts",
    "-i",
    "pipe:0",
    "-filter_threads",
    "1",
  ];
  if (options.video) {
    // Video: area averaging (no ringing below black or above white), luma only. swscale
    // converts to full-range gray: limited-range black 16 becomes 0 and white 235 becomes
    // 255 (full-range sources keep their values), so a sample is a fraction of white.
    // `-threads 1` on the output too: the rawvideo encoder is frame-threaded, and with N
    // threads it hands each picture out only N − 1 pictures later, i.e. GOPs late here.
    args.push("-map", "0:v:0", "-vf", `scale=${width}:${height}:flags=area,format=gray`, "-fps_mode", "passthrough", "-threads", "1", "-f", "rawvideo", "-flush_packets", "1", `pipe:${PICTURE_FD}`);
  }
  if (options.audio) {
    args.push("-map", "0:a:0", "-ac", "1", "-ar", String(ANALYSIS_AUDIO_RATE_HZ), "-c:a", "pcm_s16le", "-f", "s16le", "-flush_packets", "1", `pipe:${AUDIO_FD}`);
  }
  return args;
}
