// The SCTE-35 actions of a channel's schedule (scte35SpliceInsertSettings,
// scte35ReturnToNetworkSettings, scte35TimeSignalSettings, scte35InputSettings), fallen due in one pipeline: fixed
// and immediate actions once their start is not in the future, each once. Like the input
// switches (switching/schedule-executor.ts), a (re)starting pipeline does not replay history:
// actions that started before its first schedule arrived are not inserted late. A follow
// action with followPoint START starts with the action it follows when that one has a start
// time (a fixed or immediate action, or a chain of them); one with followPoint END starts when
// the file input the referenced switch put on air ended (the switch executor knows: `endedAtMs`),
// and a chain may start from that (docs/ads-and-schedule.md). Pure: time is passed in.

import type { StoredScheduleAction } from "../../domain/records.ts";
import type { ScheduleActionSettings } from "../../model/generated/medialive-types.ts";
import { SCTE35_SCHEDULE_ACTIONS } from "./schedule-sections.ts";

export interface DueSpliceAction {
  readonly actionName: string;
  readonly settings: ScheduleActionSettings;
}

/** When the input a switch action put on air ended (switching/schedule-executor.ts), undefined while it has not. */
export type InputEndedAt = (switchActionName: string) => number | undefined;

const NOT_ENDED: InputEndedAt = () => undefined;

/** The SCTE-35 action types a pipeline executes: the three that insert a message, and the choice of the SCTE-35 input. */
const EXECUTED_ACTIONS = [...SCTE35_SCHEDULE_ACTIONS, "scte35InputSettings"] as const;

export function isScte35Action(settings: ScheduleActionSettings | undefined): boolean {
  return settings !== undefined && EXECUTED_ACTIONS.some((key) => settings[key] !== undefined);
}

export class Scte35Schedule {
  #actions: readonly StoredScheduleAction[] = [];
  /** Every action of the schedule: what a follow action follows may be of another type. */
  #all: readonly StoredScheduleAction[] = [];
  readonly #done = new Set<string>();
  #historyBeforeMs: number | undefined;

  /** The whole stored schedule (replaced on every BatchUpdateSchedule / DeleteSchedule). */
  setSchedule(actions: readonly StoredScheduleAction[], nowMs: number): void {
    this.#all = actions;
    this.#actions = actions.filter((stored) => isScte35Action(stored.action.scheduleActionSettings as ScheduleActionSettings));
    this.#historyBeforeMs ??= nowMs;
  }

  /** The actions due at `nowMs`, in start order; each once. `endedAtMs` answers for follow-END actions. */
  due(nowMs: number, endedAtMs: InputEndedAt = NOT_ENDED): DueSpliceAction[] {
    const history = this.#historyBeforeMs ?? nowMs;
    const due = this.#actions
      .map((stored) => ({ stored, startAtMs: this.#startOf(stored, endedAtMs) }))
      .filter((entry): entry is { stored: StoredScheduleAction; startAtMs: number } => entry.startAtMs !== undefined && entry.startAtMs <= nowMs && !this.#done.has(keyOf(entry.stored)))
      .sort((a, b) => a.startAtMs - b.startAtMs);
    for (const { stored } of due) this.#done.add(keyOf(stored));
    return due.filter((entry) => entry.startAtMs >= history).map(({ stored }) => ({ actionName: stored.action.actionName, settings: stored.action.scheduleActionSettings as ScheduleActionSettings }));
  }

  /**
   * A fixed or immediate action's start; a follow-START action's is the start of what it follows
   * (any action type); a follow-END action's the end of the input its switch put on air.
   */
  #startOf(stored: StoredScheduleAction, endedAtMs: InputEndedAt, depth = 0): number | undefined {
    if (stored.startAtMs !== undefined) return stored.startAtMs;
    const follow = stored.action.scheduleActionStartSettings.followModeScheduleActionStartSettings as { referenceActionName?: unknown; followPoint?: unknown } | undefined;
    if (!follow || typeof follow.referenceActionName !== "string" || depth > this.#all.length) return undefined;
    if (follow.followPoint === "END") return endedAtMs(follow.referenceActionName);
    if (follow.followPoint !== "START") return undefined;
    const reference = this.#all.find((other) => other.action.actionName === follow.referenceActionName);
    return reference && this.#startOf(reference, endedAtMs, depth + 1);
  }
}

function keyOf(stored: StoredScheduleAction): string {
  return `${stored.action.actionName}\u0000${stored.createdAtMs}`;
}
