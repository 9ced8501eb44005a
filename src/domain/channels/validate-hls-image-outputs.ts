// The rules of an HLS output that MediaLive's model cannot state for frame capture outputs
// (hlsSettings.frameCaptureHlsSettings, a trick-play image track): it names a video
// description that encodes JPEG frame captures, and nothing else; every other HLS output
// needs H.264 or H.265 (validate-channel.ts).

import { quote } from "./quote.ts";

type Json = Record<string, unknown>;
type Report = (path: string, message: string) => void;

const record = (value: unknown): Json | undefined => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

/** True when the HLS output is a frame capture output (hlsSettings.frameCaptureHlsSettings). */
export function isHlsImageOutput(hlsOutput: Json | undefined): boolean {
  return record(record(hlsOutput?.hlsSettings)?.frameCaptureHlsSettings) !== undefined;
}

/**
 * Problems of a frame capture HLS output. `encodes`: what its video description encodes when
 * not H.264/H.265 ("JPEG frame capture", "MPEG-2 video" …), undefined for H.264/H.265 or an
 * unknown description (reported elsewhere).
 */
export function checkHlsImageOutput(report: Report, output: Json, outputAt: string, encodes: string | undefined, known: boolean): void {
  const videoName = typeof output.videoDescriptionName === "string" ? output.videoDescriptionName : "";
  if (videoName === "") report(`${outputAt}.videoDescriptionName`, "is required: a frame capture HLS output (frameCaptureHlsSettings) captures the pictures of a video description with frameCaptureSettings");
  else if (known && encodes !== "JPEG frame capture") report(`${outputAt}.videoDescriptionName`, `Video description ${quote(videoName)} does not encode JPEG frame captures; a frame capture HLS output (frameCaptureHlsSettings) needs a video description with codecSettings.frameCaptureSettings`);
  if (count(output.audioDescriptionNames) > 0) report(`${outputAt}.audioDescriptionNames`, "must be empty: a frame capture HLS output (frameCaptureHlsSettings) carries JPEG pictures only");
  if (count(output.captionDescriptionNames) > 0) report(`${outputAt}.captionDescriptionNames`, "must be empty: a frame capture HLS output (frameCaptureHlsSettings) carries JPEG pictures only");
}
