// The checklist of the seed page ("Setting up the upstream system"), evaluated on what was
// observed: one line per item and source, in the page's order — protocol, push or pull,
// codecs and stream properties, captions, the two identical streams, source addresses —
// then the channel's inputSpecification. Pure: observations and options in, report out.

import type { CheckLine, CheckOptions, CheckReport, CheckSummary, SourceObservation, SourceReport } from "./check-types.ts";
import { audioLines } from "./lines-audio.ts";
import { captionLines, scte35Line } from "./lines-captions.ts";
import { addressesLine, inputSpecLine, sourceNeeds } from "./lines-channel.ts";
import { identicalLine, syncLine } from "./lines-pair.ts";
import { directionLine, protocolLine } from "./lines-transport.ts";
import { bitrateLine, frameRateLine, gopLine, resolutionLine, videoCodecLine } from "./lines-video.ts";
import { fittingSpecification } from "./input-specification.ts";

type PerSource = (obs: SourceObservation, source: number) => CheckLine | CheckLine[] | undefined;

/** Stream lines need media that reached the probe. */
function carriesMedia(obs: SourceObservation): boolean {
  return obs.failure === undefined && obs.mediaBytes > 0;
}

function hasDecodedVideo(obs: SourceObservation): boolean {
  return carriesMedia(obs) && obs.streamInfo.video.length > 0 && !obs.unsupportedCodecs.some((entry) => entry.kind === "video");
}

export function evaluateChecklist(observations: readonly SourceObservation[], options: CheckOptions): CheckLine[] {
  const { inputType, seconds } = options;
  const items: PerSource[] = [
    (obs, source) => protocolLine(inputType, obs, source),
    (obs, source) => directionLine(inputType, obs, source, seconds),
    (obs, source) => (carriesMedia(obs) ? videoCodecLine(inputType, obs, source) : undefined),
    (obs, source) => (hasDecodedVideo(obs) ? resolutionLine(obs, source) : undefined),
    (obs, source) => (hasDecodedVideo(obs) ? frameRateLine(obs, source) : undefined),
    (obs, source) => (hasDecodedVideo(obs) ? gopLine(obs, source, seconds) : undefined),
    (obs, source) => (carriesMedia(obs) ? bitrateLine(obs, source) : undefined),
    (obs, source) => (carriesMedia(obs) ? audioLines(inputType, obs, source) : undefined),
    (obs, source) => (carriesMedia(obs) ? captionLines(options.captionSelectors, obs, source) : undefined),
    (obs, source) => (carriesMedia(obs) ? scte35Line(inputType, obs, source) : undefined),
  ];
  const lines: CheckLine[] = [];
  for (const item of items) {
    observations.forEach((obs, index) => {
      const produced = item(obs, index + 1);
      if (produced !== undefined) lines.push(...(Array.isArray(produced) ? produced : [produced]));
    });
  }
  lines.push(identicalLine(observations));
  const sync = syncLine(observations);
  if (sync) lines.push(sync);
  lines.push(addressesLine(observations));
  lines.push(inputSpecLine(observations, options.inputSpec));
  return lines;
}

export function summarize(lines: readonly CheckLine[]): CheckSummary {
  const count = (verdict: CheckLine["verdict"]): number => lines.filter((entry) => entry.verdict === verdict).length;
  const fail = count("fail");
  return { pass: count("pass"), fail, warn: count("warn"), info: count("info"), ready: fail === 0 };
}

export function buildReport(observations: readonly SourceObservation[], options: CheckOptions): CheckReport {
  const lines = evaluateChecklist(observations, options);
  const withVideo = observations.filter((obs) => obs.streamInfo.video.length > 0);
  const fitting = withVideo.length ? fittingSpecification(withVideo.map(sourceNeeds)) : undefined;
  return {
    inputType: options.inputType,
    seconds: options.seconds,
    sources: observations.map(sourceReport),
    lines,
    ...(fitting ? { fittingInputSpecification: fitting } : {}),
    summary: summarize(lines),
  };
}

function sourceReport(obs: SourceObservation): SourceReport {
  return {
    url: obs.url,
    direction: obs.direction,
    ...(obs.failure !== undefined ? { failure: obs.failure } : {}),
    bytesIn: obs.bytesIn,
    streamInfo: obs.streamInfo,
    ...(obs.measuredFrameRate !== undefined ? { measuredFrameRate: obs.measuredFrameRate } : {}),
    variableFrameRate: obs.variableFrameRate,
    gop: obs.gop,
    addresses: obs.addresses,
  };
}

/** 0 when every line passes (warn and info do not fail), 1 otherwise. */
export function exitStatusOf(report: CheckReport): 0 | 1 {
  return report.summary.ready ? 0 : 1;
}
