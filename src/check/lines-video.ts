// Checklist item 3, video: the codec against what the input type carries (the monitor's
// codec rules), resolution and orientation, frame rate and whether it
// is constant, keyframe spacing, and the bitrate of the whole stream. Pure.

import type { SupportedInputType } from "../domain/records.ts";
import { checkCodecs, codecName, SUPPORTED_CODECS_BY_INPUT_TYPE, SourceFindingTypes } from "../ingest/monitor/source-checks.ts";
import type { VideoInfo } from "../media/types.ts";
import type { CheckLine, SourceObservation } from "./check-types.ts";
import { line } from "./check-line.ts";
import { formatMbps, MAX_INPUT_BITRATE_BPS, resolutionClassOf } from "./input-specification.ts";

/** Keyframes further apart than this delay a channel start and every switch; a warning, not a failure. */
export const MAX_GOP_SECONDS = 5;

export function videoCodecLine(inputType: SupportedInputType, obs: SourceObservation, source: number): CheckLine {
  const spec = { id: "video.codec", title: "Video codec", rule: "videoCodec", source } as const;
  const fix = `encode ${SUPPORTED_CODECS_BY_INPUT_TYPE[inputType].video.map(codecName).join(" or ")} (ffmpeg: -c:v libx264; OBS: Settings → Output → Encoder x264 or a hardware H.264 encoder)`;
  const unsupported = obs.unsupportedCodecs.find((entry) => entry.kind === "video");
  if (unsupported) {
    return line(spec, "fail", `video codec ${unsupported.name} is not supported on ${inputType} inputs; supported: ${SUPPORTED_CODECS_BY_INPUT_TYPE[inputType].video.map(codecName).join(", ")}`, fix);
  }
  const video = obs.streamInfo.video[0];
  if (!video) return line(spec, "fail", "no video stream arrived", "send a video stream: MediaLive encodes from the input's video");
  const problem = checkCodecs(inputType, { ...obs.streamInfo, video: [video], audio: [] })[0];
  if (problem) return line(spec, "fail", problem.message, fix);
  return line(spec, "pass", describeCodec(video));
}

function describeCodec(video: VideoInfo): string {
  const parts = [codecName(video.codec)];
  if (video.profile) parts.push(`${video.profile} profile`);
  if (video.level) parts.push(`level ${video.level}`);
  return parts.join(", ");
}

export function resolutionLine(obs: SourceObservation, source: number): CheckLine {
  const spec = { id: "video.resolution", title: "Resolution", rule: "resolution", source } as const;
  const video = obs.streamInfo.video[0]!;
  if (video.width === undefined || video.height === undefined) return line(spec, "info", "not measured (openlive does not decode this codec)");
  const scan = video.interlaced ? "interlaced" : "progressive";
  const detail = `${video.width}x${video.height} (${resolutionClassOf(video.height)}), ${scan}`;
  if (obs.findings.some((finding) => finding.type === SourceFindingTypes.PORTRAIT_VIDEO)) {
    return line(spec, "warn", `${detail}: portrait video; MediaLive takes landscape sources and rotates portrait ones`, "send landscape video (width greater than height)");
  }
  return line(spec, "pass", detail);
}

export function frameRateLine(obs: SourceObservation, source: number): CheckLine {
  const spec = { id: "video.frame-rate", title: "Frame rate", rule: "frameRate", source } as const;
  const rate = obs.measuredFrameRate ?? obs.streamInfo.video[0]?.frameRate;
  const shown = rate !== undefined ? `${rate} fps` : "frame rate unknown";
  if (obs.variableFrameRate || obs.findings.some((finding) => finding.type === SourceFindingTypes.VARIABLE_FRAME_RATE)) {
    return line(
      spec,
      "fail",
      `variable frame rate (most frames ${shown}): the frame durations are not constant; MediaLive takes constant-frame-rate sources only`,
      "set a constant frame rate: ffmpeg -fps_mode cfr -r 25 (or 30000/1001 …); OBS: Settings → Video → Common FPS Values; screen capture and phone apps often need this",
    );
  }
  if (rate === undefined) return line(spec, "info", "too few pictures to measure the frame rate");
  return line(spec, "pass", `${shown}, constant`);
}

export function gopLine(obs: SourceObservation, source: number, seconds: number): CheckLine {
  const spec = { id: "video.gop", title: "GOP length (keyframe spacing)", rule: "gop", source } as const;
  const gop = obs.gop;
  const fix = "send a keyframe at least every 2 s: ffmpeg -g 50 (25 fps) or -force_key_frames \"expr:gte(t,n_forced*2)\"; OBS: Settings → Output → Keyframe Interval 2";
  if (gop.keyframes === 0) return line(spec, "warn", `no keyframe in ${seconds} s: a channel cannot start or switch to this source until one arrives`, fix);
  if (gop.minFrames === undefined || gop.maxFrames === undefined) {
    return line(spec, "info", `one keyframe in ${seconds} s: the GOP is longer than the check; run it longer to measure it`);
  }
  const frames = gop.minFrames === gop.maxFrames ? `${gop.minFrames} pictures` : `${gop.minFrames}–${gop.maxFrames} pictures`;
  const time = gop.meanSeconds !== undefined ? ` (${gop.meanSeconds.toFixed(2)} s)` : "";
  if (gop.maxSeconds !== undefined && gop.maxSeconds > MAX_GOP_SECONDS) {
    return line(spec, "warn", `a keyframe every ${frames}${time}, up to ${gop.maxSeconds.toFixed(1)} s apart: a channel start or input switch waits that long`, fix);
  }
  return line(spec, "pass", `a keyframe every ${frames}${time}`);
}

export function bitrateLine(obs: SourceObservation, source: number): CheckLine {
  const spec = { id: "bitrate", title: "Bitrate", rule: "bitrate", source } as const;
  const bitrate = obs.streamInfo.bitrateBps;
  if (bitrate === undefined) return line(spec, "info", "not measured: the check was too short (run it for at least 3 s)");
  if (bitrate > MAX_INPUT_BITRATE_BPS) {
    return line(spec, "fail", `${formatMbps(bitrate)}: above the 50 Mbit/s MediaLive inputs take`, "lower the encoder's bitrate (ffmpeg -b:v/-maxrate; OBS: Settings → Output → Bitrate)");
  }
  return line(spec, "pass", `${formatMbps(bitrate)} (whole stream, averaged over the last seconds)`);
}
