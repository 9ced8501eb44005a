// A push kind's part of the encoder plan (RTMP, SRT): each output is one tee slave of the
// shared encode (MPEG-TS for SRT, FLV for RTMP), written to the relay socket its kind's beside
// opened for it (relay/slave-socket.ts). What goes to the peer is decided behind the socket.
//
// Keyframes: these outputs have no segments; the encode is asked for IDRs at the video's own
// GOP period (whole seconds), which x264's -g already gives, so an encode shared with HLS
// groups keeps their boundaries too.

import { m2tsScte35Pid } from "../scte35/scte35-passthrough.ts";
import path from "node:path";
import type { M2tsSettings, M3u8Settings, Output, OutputGroup } from "../../model/generated/medialive-types.ts";
import { outputCaptionBurnin } from "../captions/burnin-captions.ts";
import { embeddedCaptionNames } from "../captions/webvtt-renditions.ts";
import { mpegtsLayout } from "../encoder/mpegts-options.ts";
import type { ResolvedVideo } from "../encoder/video-format.ts";
import { outputGroupKey, outputSlaveKey } from "../output-group-key.ts";
import type { GroupPlan, GroupPlanContext } from "../output-kind.ts";

/** MediaLive's default PAT/PMT interval of a transport stream output (m2tsSettings patInterval). */
const DEFAULT_PAT_PERIOD_SEC = 0.1;

export interface PushOutputLayout {
  /** The output's MPEG-TS settings (m2tsSettings); absent: MediaLive's defaults. */
  readonly m2ts?: M2tsSettings;
  /** What reads the output's stream behind the socket needs the splice marks in its encode (RTMP onCuePoint ad markers). */
  readonly spliceMarks?: boolean;
}

export const PushContainers = { MPEGTS: "mpegts", FLV: "flv" } as const;
export type PushContainer = (typeof PushContainers)[keyof typeof PushContainers];

/**
 * The FLV slave (Adobe FLV spec annex E): no duration/size rewrite at the end (the socket
 * cannot seek), and the H.264 configuration taken from the first packet's parameter sets:
 * the shared encode has no global header, and without it the FLV muxer would write an empty
 * AVCDecoderConfigurationRecord and leave the frames in Annex B byte-stream form. The muxer
 * writes its 32 KiB buffer when full rather than after every frame: half the relay's reads
 * and the publisher's writes (a tenth of a second at 3 Mb/s; longer only for audio alone).
 */
export const FLV_SLAVE_OPTIONS: readonly (readonly [string, string])[] = [
  ["flvflags", "no_duration_filesize"],
  ["bsfs/v", "extract_extradata"],
  ["flush_packets", "0"],
];

/** The members of M2tsSettings the MPEG-TS muxer options share with M3u8Settings (encoder/mpegts-options.ts). */
export function m2tsAsMuxerSettings(m2ts: M2tsSettings | undefined): M3u8Settings {
  if (!m2ts) return {};
  const { programNum, transportStreamId, pmtPid, videoPid, audioPids, patInterval, pmtInterval, pcrPeriod, pcrControl, audioFramesPerPes } = m2ts;
  return { programNum, transportStreamId, pmtPid, videoPid, audioPids, patInterval, pmtInterval, pcrPeriod, pcrControl, audioFramesPerPes };
}

/** The video's GOP in whole seconds (at least 1): the keyframe period the output asks of its encode. */
export function gopPeriodSec(video: ResolvedVideo | undefined): number {
  if (!video) return 1;
  return Math.max(1, Math.round((video.gopFrames * video.frameRate.den) / video.frameRate.num));
}

/** `k1=v1:k2=v2` (mpegtsLayout's segment options) → the slave's option pairs. */
export function muxerOptionPairs(joined: string): [string, string][] {
  return joined
    .split(":")
    .filter((pair) => pair.includes("="))
    .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]);
}

export function planPushGroup(group: OutputGroup, groupIndex: number, context: GroupPlanContext, layoutOf: (output: Output) => PushOutputLayout, container: PushContainer = PushContainers.MPEGTS): GroupPlan {
  const groupKey = outputGroupKey(group, groupIndex);
  group.outputs.forEach((output, outputIndex) => {
    const requester = `output "${output.outputName ?? outputIndex}" of group "${groupKey}"`;
    const key = outputSlaveKey(groupKey, output.outputName, outputIndex);
    const target = context.request.slaveTargets?.get(key);
    if (!target) throw new TypeError(`no relay socket was opened for ${requester}`);
    const video = output.videoDescriptionName ? context.videos.get(output.videoDescriptionName) : undefined;
    if (output.videoDescriptionName && !video) throw new TypeError(`${requester} names no known video description`);
    const audios = (output.audioDescriptionNames ?? []).map((name) => {
      const audio = context.audios.get(name);
      if (!audio) throw new TypeError(`${requester} names unknown audio description "${name}"`);
      return audio;
    });
    const captionNames = output.captionDescriptionNames ?? [];
    const captions = video?.codec === "H264" && embeddedCaptionNames(context.request.config, captionNames).length > 0;
    const burnin = outputCaptionBurnin(context.request.config, captionNames, path.dirname(context.request.thumbnailFile));
    const segmentLengthSec = gopPeriodSec(video);
    const layout = layoutOf(output);
    const ts = mpegtsLayout(m2tsAsMuxerSettings(layout.m2ts), audios.length, DEFAULT_PAT_PERIOD_SEC, audios);
    // An MPEG-TS output passing SCTE-35 needs the splice marks kept in its encode (its sender inserts the sections there), and
    // so does an RTMP output writing onCuePoint ad markers (its publisher finds the marked pictures).
    const spliceMarks = layout.spliceMarks === true || (container === PushContainers.MPEGTS && m2tsScte35Pid(layout.m2ts) !== undefined);
    const streams = context.encodeOnce({ ...(video ? { video } : {}), captions, ...(burnin ? { burnin } : {}), audios, segmentLengthSec, videoPid: ts.videoPid, audioPids: ts.audioPids, ...(spliceMarks ? { spliceMarks: true } : {}), requester });
    if (container === PushContainers.FLV) context.addSlave({ format: "flv", options: FLV_SLAVE_OPTIONS, streams, path: target });
    else context.addSlave({ format: "mpegts", options: muxerOptionPairs(ts.segmentOptions), streams, path: target });
  });
  return {};
}
