// What one pipeline of a channel costs a worker, in capacity units, from the channel's encoder
// plan: one unit is one million pixels per second encoded with H.264 (a 1920x1080 rendition
// at 30 fps is 62.2 units, a 640x360 one at 30 fps 6.9). Encoding time grows with the number
// of pixels per second, so a 1080p ladder costs more than a single 360p rendition; codecs
// that search harder per pixel weigh more. A worker's --capacity is counted in the same unit.
// Pure: the channel's settings come in as data.

import type { EncoderSettings, InputSpecification, VideoDescription } from "../model/generated/medialive-types.ts";

/** Relative encode cost per pixel against x264 at openlive's presets (estimates, see docs/cluster.md). */
export const CODEC_WEIGHT = { H264: 1, H265: 2, AV1: 2, MPEG2: 0.5, FRAME_CAPTURE: 0 } as const;

/** Decoding the source and the worker's own work, as a share of the source's pixel rate. */
export const DECODE_SHARE = 0.1;

/** The picture a description follows when it names no size: the largest of the input's declared resolution class. */
const SOURCE_SIZE = { SD: [720, 576], HD: [1920, 1080], UHD: [3840, 2160] } as const;
/** Frame rate assumed when a description follows the source's (the upstream usually sends 25–30 fps). */
export const SOURCE_FRAME_RATE = 30;

type CodecName = keyof typeof CODEC_WEIGHT;

function codecOf(description: VideoDescription): { codec: CodecName; framesPerSecond: number } {
  const settings = description.codecSettings ?? {};
  if (settings.frameCaptureSettings) {
    const capture = settings.frameCaptureSettings;
    const intervalSec = (capture.captureInterval ?? 1) / (capture.captureIntervalUnits === "MILLISECONDS" ? 1000 : 1);
    return { codec: "FRAME_CAPTURE", framesPerSecond: 1 / intervalSec };
  }
  const [codec, rated] = settings.h265Settings
    ? (["H265", settings.h265Settings] as const)
    : settings.av1Settings
      ? (["AV1", settings.av1Settings] as const)
      : settings.mpeg2Settings
        ? (["MPEG2", settings.mpeg2Settings] as const)
        : (["H264", settings.h264Settings ?? {}] as const);
  const control = "framerateControl" in rated ? rated.framerateControl : undefined;
  const fixed = rated.framerateNumerator !== undefined && rated.framerateDenominator !== undefined && control !== "INITIALIZE_FROM_SOURCE";
  return { codec, framesPerSecond: fixed ? rated.framerateNumerator! / rated.framerateDenominator! : SOURCE_FRAME_RATE };
}

/** The video descriptions an output uses (an unused description is not encoded). */
function encodedDescriptions(settings: EncoderSettings): VideoDescription[] {
  const used = new Set(settings.outputGroups.flatMap((group) => group.outputs.map((output) => output.videoDescriptionName).filter((name) => name !== undefined)));
  return settings.videoDescriptions.filter((description) => used.has(description.name));
}

/** Capacity units one pipeline of the channel needs; at least 1. */
export function pipelineCostUnits(settings: EncoderSettings, inputSpecification: InputSpecification | undefined): number {
  const [sourceWidth, sourceHeight] = SOURCE_SIZE[inputSpecification?.resolution ?? "HD"];
  const sourceRate = (sourceWidth * sourceHeight * SOURCE_FRAME_RATE) / 1e6;
  let units = sourceRate * DECODE_SHARE;
  for (const description of encodedDescriptions(settings)) {
    const { codec, framesPerSecond } = codecOf(description);
    const width = description.width ?? sourceWidth;
    const height = description.height ?? sourceHeight;
    units += ((width * height * framesPerSecond) / 1e6) * CODEC_WEIGHT[codec];
  }
  return Math.max(1, Math.ceil(units));
}
