// Image overlays in the encoder: one extra input per overlay target, reading an "overlay
// canvas" (an RGBA PAM file the pipeline rewrites, src/pipeline/program/overlay-canvas.ts)
// composited with ffmpeg's overlay filter: the program canvas over the fed picture before it
// is split (the channel-wide layers, drawn before each output scales the picture) and one
// canvas per video encode over that encode's picture (the per-output layers). The schedule
// changes the pictures while the encoder runs, so every encoder has the program canvas; the
// per-encode canvases only when the channel enables per-output overlays
// (encoderSettings.featureActivations.outputStaticImageOverlayScheduleActions), as MediaLive requires for them.
//
// The canvas input: image2 with -loop 1 opens the file again for every frame, so a file
// replaced by rename shows from the next frame on; the overlay filter's frame sync takes a
// canvas frame only as the picture's timestamps reach it (it never runs ahead of the live
// input); shortest=1 ends the composite with the picture (the canvas never ends).
// -analyzeduration 1 and -probesize 32: the stream-info probe would otherwise buffer 5 s of
// canvas frames read at start, showing a change that late. While no layer shows, the canvas
// is a 2×2 transparent picture, which costs nothing to composite; a size change makes ffmpeg
// reconfigure the filter graph, which happens as a layer first appears and after the last
// one goes.

import type { FilterBranch } from "./filter-graph.ts";
import type { FrameRate } from "./plan-types.ts";
import type { PixelFormat, ResolvedVideo } from "./video-format.ts";

/** One overlay canvas the encoder reads. */
export interface PlannedOverlayCanvas {
  readonly file: string;
  /** The picture it is composited over (the canvas is drawn at this size). */
  readonly width: number;
  readonly height: number;
  /** The video description of the encode it is composited into; absent: the program picture. */
  readonly videoDescriptionName?: string;
}

export interface PlannedOverlays {
  readonly program: PlannedOverlayCanvas;
  readonly encodes: readonly PlannedOverlayCanvas[];
}

/** Canvas frames queued ahead of the filter graph: a few, so that a new canvas shows within a few frames. */
const CANVAS_QUEUE_FRAMES = 4;

export function overlayCanvasFile(folder: string, target: "program" | number): string {
  return `${folder.replace(/\/+$/, "")}/overlay-${target === "program" ? "program" : `v${target}`}.pam`;
}

function canvasInputArgs(file: string, frameRate: FrameRate): string[] {
  return ["-thread_queue_size", String(CANVAS_QUEUE_FRAMES), "-analyzeduration", "1", "-probesize", "32", "-f", "image2", "-pattern_type", "none", "-loop", "1", "-framerate", `${frameRate.num}/${frameRate.den}`, "-i", file];
}

/**
 * The overlay filter's working format for a picture format. Named, not `auto`: with an RGBA
 * canvas, `auto` converts the whole picture to RGBA and back at every frame.
 */
const OVERLAY_FORMATS: Readonly<Record<PixelFormat, string>> = { yuv420p: "yuv420", yuv420p10le: "yuv420p10", yuv422p: "yuv422", yuv422p10le: "yuv422p10" };
/** Of the encodes' formats, the one the program picture is composited in: the most chroma, then the most bits, that any encode keeps. */
const PRECISION: readonly PixelFormat[] = ["yuv420p", "yuv420p10le", "yuv422p", "yuv422p10le"];

const overlayFilter = (format: PixelFormat): string => `overlay=0:0:eof_action=repeat:shortest=1:format=${OVERLAY_FORMATS[format]}`;

export interface OverlayPlan {
  readonly inputArgs: string[];
  /** The filter from the fed picture to the split (`[0:v:0][1:v]overlay…`). */
  readonly programSource: (label: string) => string;
  readonly branches: FilterBranch[];
  readonly overlays: PlannedOverlays;
}

/**
 * Adds the canvases to a plan whose only input is the fed TS (input 0): the program canvas
 * is input 1, encode j's is input 2 + j. `encodes[j]` is the video of branch `venc<j>`.
 */
export function planOverlays(folder: string, fed: { readonly width: number; readonly height: number; readonly frameRate: FrameRate }, allEncodes: readonly ResolvedVideo[], branches: readonly FilterBranch[], perOutput = true): OverlayPlan {
  const program: PlannedOverlayCanvas = { file: overlayCanvasFile(folder, "program"), width: fed.width, height: fed.height };
  // Per-output layers exist only where the channel enables them (MediaLive's feature activation): otherwise no canvas per encode, and nothing to pay for it.
  const encodes = perOutput ? allEncodes : [];
  const canvases = encodes.map((video, j): PlannedOverlayCanvas => ({ file: overlayCanvasFile(folder, j), width: video.width, height: video.height, videoDescriptionName: video.name }));
  const inputArgs = [...canvasInputArgs(program.file, fed.frameRate), ...encodes.flatMap((video, j) => canvasInputArgs(canvases[j]!.file, video.frameRate))];
  const withCanvas = branches.map((branch) => {
    const j = /^venc(\d+)$/.exec(branch.label)?.[1];
    if (j === undefined || encodes[Number(j)] === undefined) return branch;
    const video = encodes[Number(j)]!;
    return { ...branch, overlay: { input: 2 + Number(j), filter: `${overlayFilter(video.pixelFormat)},format=${video.pixelFormat}` } };
  });
  const programFormat = PRECISION[Math.max(0, ...encodes.map((video) => PRECISION.indexOf(video.pixelFormat)))]!;
  return { inputArgs, programSource: (label) => `[0:v:0][1:v]${overlayFilter(programFormat)}[${label}]`, branches: withCanvas, overlays: { program, encodes: canvases } };
}
