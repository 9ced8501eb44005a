// Hand-made observations for the checklist evaluator's unit tests.

import type { SourceObservation } from "../../../src/check/check-types.ts";
import type { StreamInfo } from "../../../src/media/types.ts";

export const NO_CAPTIONS = { cea608Channels: [], cea708Services: [], dvbSubPids: [], teletextPids: [], scte27Pids: [] };

export function h264Aac(overrides: Partial<StreamInfo> = {}): StreamInfo {
  return {
    video: [{ trackId: 256, codec: "H264", profile: "High", level: "3.1", width: 1280, height: 720, frameRate: 25, interlaced: false }],
    audio: [{ trackId: 257, codec: "AAC", profile: "LC", channels: 2, sampleRateHz: 48_000 }],
    captions: NO_CAPTIONS,
    scte35Pids: [],
    bitrateBps: 2_500_000,
    ...overrides,
  };
}

/** 10 s at 25 fps, a keyframe every 25 pictures, arriving with `offsetMs` added. */
export function arrivals(offsetMs = 0, ptsStart = 126_000): [number, number][] {
  return Array.from({ length: 250 }, (_, i) => [ptsStart + i * 3600, 1_000_000 + i * 40 + offsetMs]);
}

export function observation(overrides: Partial<SourceObservation> = {}): SourceObservation {
  return {
    url: "rtp://0.0.0.0:5000",
    direction: "push",
    bytesIn: 3_000_000,
    mediaBytes: 3_000_000,
    bareUdp: false,
    streamInfo: h264Aac(),
    findings: [],
    unsupportedCodecs: [],
    measuredFrameRate: 25,
    variableFrameRate: false,
    gop: { keyframes: 10, minFrames: 25, maxFrames: 25, meanSeconds: 1, maxSeconds: 1 },
    addresses: ["192.0.2.10"],
    alerts: [],
    arrivals: arrivals(),
    ...overrides,
  };
}
