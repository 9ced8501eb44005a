// The rules of a channel's state while it is started and stopped (docs/api.md): only an IDLE
// channel starts (IDLE → STARTING), its pipelines take it to RUNNING and, when one of them is
// down after the channel ran, to RECOVERING; StopChannel takes it to STOPPING at once and to
// IDLE when every pipeline has stopped. Whatever runs the pipelines (local processes, or
// worker nodes) applies these rules, so every implementation of the channel-runtime port
// reports the same states.

import { ApiError } from "../../shared/errors.ts";
import type { ChannelState } from "../records.ts";
import type { ChannelRecord } from "./channel-record.ts";

/** States in which a stored channel should be running: it runs again when openlive restarts. */
export const RUNNING_STATES: readonly ChannelState[] = ["STARTING", "RUNNING", "RECOVERING"];

/** The state a channel takes when it starts, and the states of a stop. */
export const CHANNEL_TRANSITIONS = {
  started: "STARTING",
  stopping: "STOPPING",
  stopped: "IDLE",
} as const satisfies Record<string, ChannelState>;

/** Whether a stored channel should be running. */
export function shouldRun(state: ChannelState): boolean {
  return RUNNING_STATES.includes(state);
}

/** StartChannel: only an IDLE channel whose pipelines do not run already may start. */
export function checkMayStart(record: ChannelRecord, pipelinesRunHere: boolean): void {
  if (record.state !== "IDLE" || pipelinesRunHere) throw wrongState("start", record);
}

/**
 * StopChannel on a channel with no running pipelines: refused when it is IDLE; in any other
 * state (a stop is finishing) the channel is answered as it is.
 */
export function checkMayStopIdle(record: ChannelRecord): void {
  if (record.state === "IDLE") throw wrongState("stop", record);
}

/** What a service start does with a stored channel: run it again, settle a stop that was cut short, or nothing. */
export function resumeStep(state: ChannelState): "run" | "settle-idle" | "none" {
  if (shouldRun(state)) return "run";
  return state === "STOPPING" ? "settle-idle" : "none";
}

/**
 * The state of a started channel from its pipelines: RUNNING when every pipeline produces
 * output, RECOVERING when one is down after the channel ran, STARTING before that.
 */
export function stateOfPipelines(pipelinesRunning: number, pipelineCount: number, everRunning: boolean): "STARTING" | "RUNNING" | "RECOVERING" {
  if (pipelinesRunning === pipelineCount) return "RUNNING";
  return everRunning ? "RECOVERING" : "STARTING";
}

/** The pipelines a channel class runs: one for SINGLE_PIPELINE, two for STANDARD. */
export function pipelineCountOf(record: ChannelRecord): 1 | 2 {
  return record.config.channelClass === "SINGLE_PIPELINE" ? 1 : 2;
}

/** The refusal of an operation the channel's state does not allow. */
export function wrongState(action: string, record: ChannelRecord): ApiError {
  return new ApiError("OL_CHANNEL_WRONG_STATE", { action, id: record.id, state: record.state });
}
