// Output locking (globalConfiguration.outputLockingMode EPOCH_LOCKING and PIPELINE_LOCKING):
// both pipelines of a channel cut their HLS segments at the same instants, with the same
// names and media sequence numbers, and put their frames at the same timestamps, so a player
// or packager can move from one pipeline's playlist to the other's (docs/outputs.md,
// "Output locking"). Pure: the time is a parameter.
//
// Everything is derived from the Unix epoch, as Elemental Live's epoch locking does (its user
// guide, "How epoch locking works"): the pipeline's program timeline stamps frames with the
// wall clock in epoch 90 kHz ticks (modulo 2^33, the MPEG-TS timestamp field, ISO/IEC 13818-1
// §2.4.3.7); the encoder keeps those timestamps (-copyts, frames passed through to the encoder
// as the fps filter stamped them, written unshifted in the segments) and gets, per run, the
// whole 2^33-tick periods they lost as an input offset (-itsoffset), so the timestamps inside
// ffmpeg are epoch seconds. Then:
// - the fps filter puts output frames on the epoch grid of the frame rate;
// - keyframes are forced at every multiple of the segment period since the epoch
//   (epochKeyframeExpr, completed with each run's phase), where the HLS muxer cuts;
// - a run starts with a frame on a segment boundary g and a media sequence of g / segment
//   length, the number the segment would have had if the channel had run since the epoch, so
//   every later segment has the number of its start instant.

import { TIMESTAMP_MODULUS_33 } from "../../media/mpegts/constants.ts";
import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { EncoderPlan, FrameRate, LockedRun } from "./plan-types.ts";

/** EPOCH_LOCKING, or PIPELINE_LOCKING (done as epoch locking on the hosts' clocks: both pipelines run on NTP-synchronised clocks). */
export function isOutputLocked(config: ChannelConfig): boolean {
  const mode = config.encoderSettings?.globalConfiguration?.outputLockingMode;
  return mode === "EPOCH_LOCKING" || mode === "PIPELINE_LOCKING";
}

/**
 * Where a locked encode's keyframe expression takes the run's phase: ffmpeg 5.1 counts the
 * expression's `t` from the run's first frame, so each run adds the epoch seconds of that frame
 * modulo the segment period (lockedRunPlan). An identifier the expression parser refuses: a
 * plan started without its run fails at once.
 */
export const RUN_PHASE = "RUNPHASE";

/**
 * `-force_key_frames` of a locked encode: an IDR on the first frame at or after each multiple of
 * `periodSec` since the epoch. Counting periods from the last forced frame, not from the run's
 * start (n_forced), keeps it right whatever instant the run starts at.
 */
export function epochKeyframeExpr(periodSec: number): string {
  const period = (variable: string): string => `floor((${variable}+${RUN_PHASE}+0.001)/${periodSec})`;
  return `expr:if(isnan(prev_forced_t),1,gte(${period("t")},${period("prev_forced_t")}+1))`;
}

/**
 * libavformat takes a stream's first timestamp within 60 s before the 2^33 wrap as a negative one
 * (its wrap reference rule); a run never starts that close to a wrap, so `t` never loses a period.
 */
export const WRAP_GUARD_90K = 70 * 90_000;

/**
 * Where an encoder run that starts at `nowMs` begins: the first boundary (a multiple of
 * `periodMs` since the epoch) at or after now, and the frame of the epoch grid at or before
 * it. Starting on the grid at or just before a boundary makes the HLS muxer (which cuts at the
 * first keyframe one segment length or more after its first packet) cut on every boundary.
 */
export function lockedRunStart(nowMs: number, periodMs: number, frameRate: FrameRate): LockedRun {
  if (!(periodMs > 0)) throw new RangeError(`segment period ${periodMs} ms is not positive`);
  let boundaryMs = Math.ceil(nowMs / periodMs) * periodMs;
  let first = frameAtOrBefore(boundaryMs, frameRate);
  const intoPeriod = first % TIMESTAMP_MODULUS_33;
  if (intoPeriod >= TIMESTAMP_MODULUS_33 - WRAP_GUARD_90K) {
    const wrapMs = (first - intoPeriod + TIMESTAMP_MODULUS_33) / 90;
    boundaryMs = Math.ceil(wrapMs / periodMs) * periodMs;
    first = frameAtOrBefore(boundaryMs, frameRate);
  }
  const periods = Math.floor(first / TIMESTAMP_MODULUS_33);
  return { boundaryMs, firstFrame90k: first, inputOffsetSec: ((periods * TIMESTAMP_MODULUS_33) / 90_000).toFixed(6) };
}

/** The last frame of the epoch grid of `frameRate` at or before `epochMs` (whole ms), in 90 kHz ticks rounded down (exact: epoch × rate passes 2^53). */
export function frameAtOrBefore(epochMs: number, frameRate: FrameRate): number {
  const ticks = BigInt(Math.floor(epochMs)) * 90n;
  const num = BigInt(frameRate.num);
  const ticksPerFrameDen = 90_000n * BigInt(frameRate.den);
  const frame = (ticks * num) / ticksPerFrameDen;
  return Number((frame * ticksPerFrameDen) / num);
}

/** The segment period a run starts on: a boundary of every group (least common multiple of their lengths, whole ms). */
export function lockingPeriodMs(segmentLengthsSec: readonly number[]): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return segmentLengthsSec.map((sec) => Math.max(1, Math.round(sec * 1000))).reduce((a, b) => (a / gcd(a, b)) * b, 1000);
}

/** The encoder's arguments with the run's input offset before its input (`-itsoffset` is an input option). */
export function withInputOffset(args: readonly string[], inputOffsetSec: string): string[] {
  const input = args.indexOf("-i");
  if (input < 0) throw new TypeError("the encoder's arguments have no input");
  return [...args.slice(0, input), "-itsoffset", inputOffsetSec, ...args.slice(input)];
}

/** `-itsoffset` before the `-i` of the input reading `file`. */
function withCanvasOffset(args: readonly string[], file: string, offsetSec: string): string[] {
  const at = args.findIndex((arg, index) => arg === "-i" && args[index + 1] === file);
  return at < 0 ? [...args] : [...args.slice(0, at), "-itsoffset", offsetSec, ...args.slice(at)];
}

/** The default frame rate of the grid when a plan has no video variant (MediaLive's default 30 fps). */
const DEFAULT_FRAME_RATE: FrameRate = { num: 30, den: 1 };

/** The plan of one encoder run starting at `nowMs`: a locked plan gets its start and input offset; any other is returned as it is. */
export function lockedRunPlan(plan: EncoderPlan, nowMs: number): EncoderPlan {
  if (!plan.outputLocked) return plan;
  const periodMs = lockingPeriodMs(plan.groups.map((group) => group.segmentLengthSec));
  const run = lockedRunStart(nowMs, periodMs, plan.variants[0]?.frameRate ?? DEFAULT_FRAME_RATE);
  const phaseSec = ((run.firstFrame90k % (periodMs * 90)) / 90_000).toFixed(6);
  let args = withInputOffset(plan.args, run.inputOffsetSec).map((arg) => arg.replaceAll(RUN_PHASE, phaseSec));
  // The overlay canvases count their frames from 0; with -copyts the picture's are epoch times,
  // and the overlay's frame sync would read canvas frames until it caught up: they start at the run's first frame.
  for (const canvas of plan.overlays ? [plan.overlays.program, ...plan.overlays.encodes] : []) args = withCanvasOffset(args, canvas.file, (run.firstFrame90k / 90_000).toFixed(6));
  return { ...plan, args, lockedRun: run };
}

/**
 * The MPEG-TS segment muxer's options of an output-locked channel: the timestamps are written as
 * they are (ffmpeg's MPEG-TS muxer otherwise adds its max_delay to every one), so a segment's
 * PTS are the epoch's.
 */
export function lockedSegmentOptions(config: ChannelConfig, segmentOptions: string): string {
  if (!isOutputLocked(config)) return segmentOptions;
  return [segmentOptions, "mpegts_copyts=1"].filter((option) => option !== "").join(":");
}
