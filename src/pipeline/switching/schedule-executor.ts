// Executes a channel's stored schedule inside one pipeline: which input switches and input
// prepares fall due when (docs/failover.md, 'Schedule switching'). Pure: no timers, time is passed in; the
// pipeline asks due() on its own timer (nextDueMs() says when a fixed action is next) and
// whenever it reports an input's end.
//
// - Fixed and immediate actions are due once their start (startAtMs; an immediate action's
//   is its creation time) is not in the future.
// - Follow actions: followPoint START is due once the referenced action has executed,
//   END once the pipeline reported (inputEnded) that the input the referenced switch put on
//   air ended. A chain runs in order.
// - Each action executes once; replacing the schedule keeps what already executed, and an
//   action deleted before its time never runs.
// - A (re)starting pipeline does not replay history: on the first schedule, of the switches
//   already past only the latest is due (the input the pipeline should be on), plus the
//   latest past prepare if it came after that switch.
// - Other action types (ID3 metadata, pause) come out as `others`, in start order, for the
//   pipeline to run; of those that set a state (pause, segment tagging) a (re)starting
//   pipeline takes up the latest past one of each type.

import type { StoredScheduleAction } from "../../domain/records.ts";
import type { InputClipping } from "./timecode.ts";

export type { InputClipping } from "./timecode.ts";
export { clippingToMs, timecodeToMs } from "./timecode.ts";

/** An input switch that fell due, or a prepare of an input (preparing: start reading it ahead of the switch). */
export interface ScheduledInput {
  readonly actionName: string;
  readonly attachmentName: string;
  /** Dynamic inputs: fills $urlPath$ of source i (one value serves every source). */
  readonly urlPath?: readonly string[];
  readonly clipping?: InputClipping;
}

/** A prepare without an attachment stops the current preparation (MediaLive's InputPrepareScheduleActionSettings). */
export type ScheduledPrepare = ScheduledInput | { readonly actionName: string; readonly attachmentName?: undefined };

/** Any other action that fell due: its type (the scheduleActionSettings member) and settings. */
export interface ScheduledAction {
  readonly actionName: string;
  readonly type: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

export interface DueActions {
  readonly switches: readonly ScheduledInput[];
  readonly prepares: readonly ScheduledPrepare[];
  readonly others: readonly ScheduledAction[];
}

/** Action types that set a state until the next of their type, rather than happen once. */
const STATE_ACTION_TYPES: readonly string[] = ["pauseStateSettings", "hlsId3SegmentTaggingSettings", "id3SegmentTaggingSettings"];

type Start = { readonly kind: "timed"; readonly startAtMs: number } | { readonly kind: "follow"; readonly reference: string; readonly followPoint: "START" | "END" };

interface Entry {
  /** Name and creation time: a later action that reuses a purged name is a new action. */
  readonly key: string;
  readonly name: string;
  readonly order: number;
  readonly type: "switch" | "prepare" | "other";
  readonly start: Start;
  readonly input: ScheduledPrepare;
  /** Set for type "other". */
  readonly other?: ScheduledAction;
}

export class ScheduleExecutor {
  readonly #startMs: number;
  #entries: Entry[] = [];
  #scheduled = false;
  /** Executed actions by key, with the time their execution counts from (follow START inherits it). */
  readonly #executed = new Map<string, number>();
  /** Switches whose input ended, by key, with the time it ended. */
  readonly #ended = new Map<string, number>();
  /** The switch last returned by due(): the one whose input is on air. */
  #onAirKey: string | undefined;
  /** History the first schedule made due at once (only the latest past switch / prepare). */
  #replay: Entry[] = [];

  /** `startMs`: when the pipeline started; actions starting before its first schedule are history. */
  constructor(startMs: number) {
    this.#startMs = startMs;
  }

  /** The whole stored schedule (replaced on every BatchUpdateSchedule/DeleteSchedule). */
  setSchedule(actions: readonly StoredScheduleAction[], nowMs: number): void {
    this.#entries = actions.flatMap((stored, order) => entryOf(stored, order));
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#replayHistory(Math.max(nowMs, this.#startMs));
  }

  /**
   * The pipeline reports that the input an executed switch action put on air ended (file
   * input, sourceEndBehavior CONTINUE). Only the switch on air can end: an input switched
   * away from before its end never ends, so what follows its END never runs.
   */
  inputEnded(actionName: string, nowMs: number): void {
    const entry = this.#entries.find((e) => e.name === actionName && e.type === "switch");
    if (!entry || entry.key !== this.#onAirKey || this.#ended.has(entry.key)) return;
    this.#ended.set(entry.key, nowMs);
  }

  /** When the input that switch action `actionName` put on air ended (as inputEnded took it), or undefined. */
  endedAtMs(actionName: string): number | undefined {
    const entry = this.#entries.find((e) => e.name === actionName && e.type === "switch");
    return entry && this.#ended.get(entry.key);
  }

  /** An action not yet executed follows the END of this switch action (it decides what comes after the input's end). */
  followsEnd(actionName: string): boolean {
    return this.#entries.some((e) => !this.#executed.has(e.key) && e.start.kind === "follow" && e.start.followPoint === "END" && e.start.reference === actionName);
  }

  /** Actions due at nowMs, in start order; each is returned once (marked executed). */
  due(nowMs: number): DueActions {
    const fired: { entry: Entry; atMs: number; round: number }[] = [];
    for (const entry of this.#replay) {
      if (!this.#entries.some((e) => e.key === entry.key)) continue;
      fired.push({ entry, atMs: this.#executed.get(entry.key) ?? nowMs, round: 0 });
    }
    this.#replay = [];
    // Rounds, so that a follow-START chain fires in one call, each after what it follows.
    for (let round = 1; ; round += 1) {
      const ready = this.#entries.flatMap((entry) => {
        if (this.#executed.has(entry.key)) return [];
        const atMs = this.#readyAt(entry, nowMs);
        return atMs === undefined ? [] : [{ entry, atMs, round }];
      });
      if (ready.length === 0) break;
      for (const item of ready) this.#executed.set(item.entry.key, item.atMs);
      fired.push(...ready);
    }
    fired.sort((a, b) => a.atMs - b.atMs || a.round - b.round || a.entry.order - b.entry.order);
    const lastSwitch = fired.filter((f) => f.entry.type === "switch").at(-1);
    if (lastSwitch) this.#onAirKey = lastSwitch.entry.key;
    return {
      switches: fired.filter((f) => f.entry.type === "switch").map((f) => f.entry.input as ScheduledInput),
      prepares: fired.filter((f) => f.entry.type === "prepare").map((f) => f.entry.input),
      others: fired.flatMap((f) => (f.entry.other ? [f.entry.other] : [])),
    };
  }

  /** When the next fixed (or immediate) action falls due, or undefined; a time ≤ nowMs means due() has work now. */
  nextDueMs(nowMs: number): number | undefined {
    let next: number | undefined;
    if (this.#replay.length > 0) return nowMs;
    for (const entry of this.#entries) {
      if (entry.start.kind !== "timed" || this.#executed.has(entry.key)) continue;
      if (next === undefined || entry.start.startAtMs < next) next = entry.start.startAtMs;
    }
    return next;
  }

  /** When `entry` may execute (the time its execution counts from), or undefined if not yet. */
  #readyAt(entry: Entry, nowMs: number): number | undefined {
    const start = entry.start;
    if (start.kind === "timed") return start.startAtMs <= nowMs ? start.startAtMs : undefined;
    const reference = this.#entries.find((e) => e.name === start.reference);
    if (!reference) return undefined;
    return start.followPoint === "START" ? this.#executed.get(reference.key) : this.#ended.get(reference.key);
  }

  /**
   * The first schedule: everything already past counts as executed, except the latest past
   * switch (and a later past prepare), which are due at once. "Past" takes in follow-START
   * actions of past actions; follow-END actions wait for an end that the pipeline reports.
   */
  #replayHistory(nowMs: number): void {
    const past: { entry: Entry; atMs: number }[] = [];
    for (let grew = true; grew; ) {
      grew = false;
      for (const entry of this.#entries) {
        if (this.#executed.has(entry.key)) continue;
        const atMs = this.#readyAt(entry, nowMs);
        if (atMs === undefined) continue;
        this.#executed.set(entry.key, atMs);
        past.push({ entry, atMs });
        grew = true;
      }
    }
    const latest = (type: Entry["type"]): { entry: Entry; atMs: number } | undefined =>
      past.filter((p) => p.entry.type === type).reduce<{ entry: Entry; atMs: number } | undefined>((best, p) => (!best || p.atMs >= best.atMs ? p : best), undefined);
    const lastSwitch = latest("switch");
    const lastPrepare = latest("prepare");
    if (lastSwitch) this.#replay.push(lastSwitch.entry);
    if (lastPrepare && (!lastSwitch || lastPrepare.atMs >= lastSwitch.atMs)) this.#replay.push(lastPrepare.entry);
    for (const type of STATE_ACTION_TYPES) {
      const ofType = past.filter((p) => p.entry.other?.type === type);
      const latestOfType = ofType.reduce<(typeof ofType)[number] | undefined>((best, p) => (!best || p.atMs >= best.atMs ? p : best), undefined);
      if (latestOfType) this.#replay.push(latestOfType.entry);
    }
  }
}

function entryOf(stored: StoredScheduleAction, order: number): Entry[] {
  const { action } = stored;
  const settings = (action.scheduleActionSettings ?? {}) as Record<string, unknown>;
  const type = isObject(settings.inputSwitchSettings) ? "switch" : isObject(settings.inputPrepareSettings) ? "prepare" : undefined;
  const start = startOf(stored);
  if (!start) return [];
  if (!type) {
    const otherType = Object.keys(settings).find((key) => isObject(settings[key]));
    if (otherType === undefined) return [];
    const other: ScheduledAction = { actionName: action.actionName, type: otherType, settings: settings[otherType] as Record<string, unknown> };
    return [{ key: `${action.actionName}\u0000${stored.createdAtMs}`, name: action.actionName, order, type: "other", start, input: { actionName: action.actionName }, other }];
  }
  const raw = (type === "switch" ? settings.inputSwitchSettings : settings.inputPrepareSettings) as Record<string, unknown>;
  const attachmentName = typeof raw.inputAttachmentNameReference === "string" && raw.inputAttachmentNameReference !== "" ? raw.inputAttachmentNameReference : undefined;
  if (type === "switch" && attachmentName === undefined) return [];
  const input: ScheduledPrepare =
    attachmentName === undefined
      ? { actionName: action.actionName }
      : {
          actionName: action.actionName,
          attachmentName,
          ...(Array.isArray(raw.urlPath) && raw.urlPath.length > 0 ? { urlPath: raw.urlPath.map(String) } : {}),
          ...(isObject(raw.inputClippingSettings) ? { clipping: clippingOf(raw.inputClippingSettings) } : {}),
        };
  return [{ key: `${action.actionName}\u0000${stored.createdAtMs}`, name: action.actionName, order, type, start, input }];
}

function startOf(stored: StoredScheduleAction): Start | undefined {
  const follow = (stored.action.scheduleActionStartSettings as Record<string, unknown> | undefined)?.followModeScheduleActionStartSettings;
  if (isObject(follow)) {
    const reference = follow.referenceActionName;
    if (typeof reference !== "string") return undefined;
    return { kind: "follow", reference, followPoint: follow.followPoint === "START" ? "START" : "END" };
  }
  return stored.startAtMs === undefined ? undefined : { kind: "timed", startAtMs: stored.startAtMs };
}

function clippingOf(raw: Record<string, unknown>): InputClipping {
  const timecode = (value: unknown): string | undefined => (isObject(value) && typeof value.timecode === "string" ? value.timecode : undefined);
  const startTimecode = timecode(raw.startTimecode);
  const stopTimecode = timecode(raw.stopTimecode);
  const last = isObject(raw.stopTimecode) ? raw.stopTimecode.lastFrameClippingBehavior : undefined;
  return {
    inputTimecodeSource: raw.inputTimecodeSource === "EMBEDDED" ? "EMBEDDED" : "ZEROBASED",
    ...(startTimecode !== undefined ? { startTimecode } : {}),
    ...(stopTimecode !== undefined ? { stopTimecode } : {}),
    ...(last === "INCLUDE_LAST_FRAME" || last === "EXCLUDE_LAST_FRAME" ? { lastFrameClippingBehavior: last } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
