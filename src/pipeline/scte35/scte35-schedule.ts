// The SCTE-35 actions of a channel's schedule (scte35SpliceInsertSettings,
// scte35ReturnToNetworkSettings, scte35TimeSignalSettings), fallen due in one pipeline: fixed
// and immediate actions once their start is not in the future, each once. Like the input
// switches (switching/schedule-executor.ts), a (re)starting pipeline does not replay history:
// actions that started before its first schedule arrived are not inserted late. Follow
// actions are not executed (docs/ads-and-schedule.md). Pure: time is passed in.

import type { StoredScheduleAction } from "../../domain/records.ts";
import type { ScheduleActionSettings } from "../../model/generated/medialive-types.ts";
import { SCTE35_SCHEDULE_ACTIONS } from "./schedule-sections.ts";

export interface DueSpliceAction {
  readonly actionName: string;
  readonly settings: ScheduleActionSettings;
}

export function isScte35Action(settings: ScheduleActionSettings | undefined): boolean {
  return settings !== undefined && SCTE35_SCHEDULE_ACTIONS.some((key) => settings[key] !== undefined);
}

export class Scte35Schedule {
  #actions: readonly StoredScheduleAction[] = [];
  readonly #done = new Set<string>();
  #historyBeforeMs: number | undefined;

  /** The whole stored schedule (replaced on every BatchUpdateSchedule / DeleteSchedule). */
  setSchedule(actions: readonly StoredScheduleAction[], nowMs: number): void {
    this.#actions = actions.filter((stored) => isScte35Action(stored.action.scheduleActionSettings as ScheduleActionSettings));
    this.#historyBeforeMs ??= nowMs;
  }

  /** The actions due at `nowMs`, in start order; each once. */
  due(nowMs: number): DueSpliceAction[] {
    const history = this.#historyBeforeMs ?? nowMs;
    const due = this.#actions
      .filter((stored) => stored.startAtMs !== undefined && stored.startAtMs <= nowMs && !this.#done.has(keyOf(stored)))
      .sort((a, b) => (a.startAtMs ?? 0) - (b.startAtMs ?? 0));
    for (const stored of due) this.#done.add(keyOf(stored));
    return due.filter((stored) => (stored.startAtMs ?? 0) >= history).map((stored) => ({ actionName: stored.action.actionName, settings: stored.action.scheduleActionSettings as ScheduleActionSettings }));
  }
}

function keyOf(stored: StoredScheduleAction): string {
  return `${stored.action.actionName}\u0000${stored.createdAtMs}`;
}
