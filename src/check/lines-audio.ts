// Checklist item 3, audio: each audio stream's codec against what the input type carries
// (the monitor's codec rules), with its channels and sample rate. Pure.

import type { SupportedInputType } from "../domain/records.ts";
import { checkCodecs, codecName, SUPPORTED_CODECS_BY_INPUT_TYPE } from "../ingest/monitor/source-checks.ts";
import type { AudioInfo } from "../media/types.ts";
import type { CheckLine, SourceObservation } from "./check-types.ts";
import { line } from "./check-line.ts";

export function audioLines(inputType: SupportedInputType, obs: SourceObservation, source: number): CheckLine[] {
  const spec = (index: number) => ({ id: obs.streamInfo.audio.length > 1 ? `audio.codec.${index + 1}` : "audio.codec", title: "Audio codec", rule: "audio", source }) as const;
  const supported = SUPPORTED_CODECS_BY_INPUT_TYPE[inputType].audio;
  const fix = `encode ${supported.map(codecName).join(" or ")} (ffmpeg: -c:a aac; OBS: Settings → Output → Audio Encoder AAC)`;
  const unsupported = obs.unsupportedCodecs.find((entry) => entry.kind === "audio");
  if (unsupported) return [line(spec(0), "fail", `audio codec ${unsupported.name} is not supported on ${inputType} inputs; supported: ${supported.map(codecName).join(", ")}`, fix)];
  if (obs.streamInfo.audio.length === 0) return [line(spec(0), "info", "no audio stream")];
  return obs.streamInfo.audio.map((audio, index) => {
    const problem = checkCodecs(inputType, { ...obs.streamInfo, video: [], audio: [audio] })[0];
    return problem ? line(spec(index), "fail", problem.message, fix) : line(spec(index), "pass", describeAudio(audio));
  });
}

function describeAudio(audio: AudioInfo): string {
  const parts = [audio.profile ? `${codecName(audio.codec)} ${audio.profile}` : codecName(audio.codec)];
  if (audio.channels !== undefined) parts.push(`${audio.channels} channel${audio.channels === 1 ? "" : "s"}`);
  if (audio.sampleRateHz !== undefined) parts.push(`${audio.sampleRateHz / 1000} kHz`);
  return parts.join(", ");
}
