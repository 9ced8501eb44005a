// The shapes of the upstream readiness check (`openlive check`, POST /openlive/check):
// what was observed on each source, the options the user asked for, and the checklist
// lines with their verdicts. Pure data; the evaluator (evaluate-checklist.ts) turns
// observations into lines, the runner (run-check.ts) makes the observations.

import type { SupportedInputType } from "../domain/records.ts";
import type { SourceFinding } from "../ingest/monitor/source-checks.ts";
import type { StreamInfo } from "../media/types.ts";
import type { InputSpecification } from "./input-specification.ts";

export const Verdicts = { PASS: "pass", FAIL: "fail", WARN: "warn", INFO: "info" } as const;
export type Verdict = (typeof Verdicts)[keyof typeof Verdicts];

/** One line of the checklist. */
export interface CheckLine {
  /** Stable identifier, e.g. "video.codec"; with two sources a line may repeat with `source` 1 and 2. */
  readonly id: string;
  /** 1 or 2: which URL of the command line the line is about; absent for lines about the pair or the channel. */
  readonly source?: number;
  readonly title: string;
  readonly verdict: Verdict;
  /** What was found, in one sentence. */
  readonly detail: string;
  /** What to change upstream (fail and warn lines). */
  readonly fix?: string;
  /** The rule the verdict applies: a section of docs/upstream.md. */
  readonly rule: string;
}

/** Caption selector kinds of the command line (`--caption-selector`), MediaLive's CaptionSelectorSettings members. */
export const CaptionSelectorNames = {
  embedded: "embeddedSourceSettings",
  "dvb-sub": "dvbSubSourceSettings",
  teletext: "teletextSourceSettings",
  scte27: "scte27SourceSettings",
} as const;
export type CaptionSelectorName = keyof typeof CaptionSelectorNames;

export interface CheckOptions {
  readonly inputType: SupportedInputType;
  /** The channel's inputSpecification to check against (`--input-spec`); absent: only report the one that fits. */
  readonly inputSpec?: InputSpecification;
  readonly captionSelectors: readonly CaptionSelectorName[];
  /** How long each source was observed. */
  readonly seconds: number;
}

/** Keyframe spacing measured from the access units of the first video stream. */
export interface GopMeasurement {
  readonly keyframes: number;
  /** Pictures from one keyframe to the next: shortest, longest, mean (absent with fewer than 2 keyframes). */
  readonly minFrames?: number;
  readonly maxFrames?: number;
  readonly meanSeconds?: number;
  readonly maxSeconds?: number;
}

/** When a video picture arrived: its PTS (90 kHz) and the wall time (ms) it was complete. */
export type PtsArrival = readonly [pts90k: number, arrivalMs: number];

/** Everything the runner learned about one source (one URL of the command line). */
export interface SourceObservation {
  /** The URL as given, credentials removed. */
  readonly url: string;
  readonly direction: "push" | "pull";
  /** The source could not be opened at all (listen failed, pull not ready): the reason. */
  readonly failure?: string;
  /** Bytes that reached the edge (datagrams, TCP, pulled bytes), accepted or not. */
  readonly bytesIn: number;
  /** Bytes that reached the demuxer / probe (after the RTP, RTMP or pull layer). */
  readonly mediaBytes: number;
  /** MPEG-TS without an RTP header arrived on an RTP listener (the endpoint's RTP_EXPECTED alert). */
  readonly bareUdp: boolean;
  /** What the probe detected, and the monitor's findings on it (codecs, portrait, VFR). */
  readonly streamInfo: StreamInfo;
  readonly findings: readonly SourceFinding[];
  /** Codecs an RTMP publisher sent that openlive does not convert (so they never reach the probe). */
  readonly unsupportedCodecs: readonly { readonly kind: "audio" | "video"; readonly name: string }[];
  /** Frame rate measured from the picture timestamps, and whether the frame durations are constant. */
  readonly measuredFrameRate?: number;
  readonly variableFrameRate: boolean;
  readonly gop: GopMeasurement;
  /** Source addresses seen (push): what an input security group must allow. */
  readonly addresses: readonly string[];
  /** Alerts the edge raised while observing (pull sources: unreachable, stalled). */
  readonly alerts: readonly string[];
  /** Video picture arrivals, for the time offset of two sources. */
  readonly arrivals: readonly PtsArrival[];
}

export interface CheckSummary {
  readonly pass: number;
  readonly fail: number;
  readonly warn: number;
  readonly info: number;
  /** true when no line fails (warn and info do not fail). */
  readonly ready: boolean;
}

/** What a source looked like, for the JSON report (no raw arrival times). */
export interface SourceReport {
  readonly url: string;
  readonly direction: "push" | "pull";
  readonly failure?: string;
  readonly bytesIn: number;
  readonly streamInfo: StreamInfo;
  readonly measuredFrameRate?: number;
  readonly variableFrameRate: boolean;
  readonly gop: GopMeasurement;
  readonly addresses: readonly string[];
}

export interface CheckReport {
  readonly inputType: SupportedInputType;
  readonly seconds: number;
  readonly sources: readonly SourceReport[];
  readonly lines: readonly CheckLine[];
  /** The inputSpecification that fits what arrived, when it could be told. */
  readonly fittingInputSpecification?: InputSpecification;
  readonly summary: CheckSummary;
}
