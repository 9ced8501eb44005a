// The channel schedule (BatchUpdateSchedule / DescribeSchedule), validated and stored
// now and executed by the switching issue. Pure: time is passed in.
// Rules from medialive.md §5.3: action names unique; fixed start times and deletes at
// least 15 s ahead; follow actions reference an existing action (no orphans) and only
// follow a switch to a file input (live inputs never end); input switches name an
// attachment; urlPath only for dynamic inputs; a batch applies deletes then creates,
// all or nothing; actions more than an hour past their start are purged.

import type { ValidationProblem } from "../../shared/errors.ts";
import type { ScheduleActionRecord, StoredScheduleAction, SupportedInputType } from "../records.ts";

export const SCHEDULE_LEAD_MS = 15_000;
export const SCHEDULE_PURGE_AFTER_MS = 60 * 60_000;
/** Schedule action types openlive executes; others are refused rather than stored and ignored. */
export const SUPPORTED_SCHEDULE_ACTIONS = ["inputSwitchSettings"] as const;
const FILE_INPUT_TYPES: readonly SupportedInputType[] = ["MP4_FILE", "TS_FILE"];

export interface ScheduleAttachment {
  readonly inputType: SupportedInputType;
  readonly dynamic: boolean;
}

export interface ScheduleContext {
  /** The channel's attachments by inputAttachmentName. */
  readonly attachments: ReadonlyMap<string, ScheduleAttachment>;
  readonly nowMs: number;
}

export interface ScheduleBatch {
  readonly creates?: { readonly scheduleActions?: readonly ScheduleActionRecord[] };
  readonly deletes?: { readonly actionNames?: readonly string[] };
}

export type ScheduleBatchResult =
  | { readonly ok: true; readonly next: StoredScheduleAction[]; readonly created: ScheduleActionRecord[]; readonly deleted: ScheduleActionRecord[] }
  | { readonly ok: false; readonly problems: ValidationProblem[] };

type StartKind = { kind: "fixed"; startAtMs: number } | { kind: "immediate" } | { kind: "follow"; reference: string } | { kind: "invalid" };

function startOf(action: ScheduleActionRecord, at: string, problems: ValidationProblem[] | undefined): StartKind {
  const start = (action.scheduleActionStartSettings ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const keys = Object.keys(start).filter((k) => start[k] !== undefined && start[k] !== null);
  if (keys.length !== 1) {
    problems?.push({ elementPath: `${at}.scheduleActionStartSettings`, errorMessage: "exactly one of fixedModeScheduleActionStartSettings, followModeScheduleActionStartSettings, immediateModeScheduleActionStartSettings is required" });
    return { kind: "invalid" };
  }
  const key = keys[0]!;
  const settings = start[key]!;
  if (key === "fixedModeScheduleActionStartSettings") {
    const time = settings.time;
    const startAtMs = typeof time === "string" && /Z$/.test(time) ? Date.parse(time) : Number.NaN;
    if (!Number.isFinite(startAtMs)) {
      problems?.push({ elementPath: `${at}.scheduleActionStartSettings.${key}.time`, errorMessage: `"${String(time)}" is not a UTC time like 2026-11-25T12:00:00.000Z` });
      return { kind: "invalid" };
    }
    return { kind: "fixed", startAtMs };
  }
  if (key === "followModeScheduleActionStartSettings") {
    const reference = settings.referenceActionName;
    if (typeof reference !== "string" || reference === "") {
      problems?.push({ elementPath: `${at}.scheduleActionStartSettings.${key}.referenceActionName`, errorMessage: "is required" });
      return { kind: "invalid" };
    }
    return { kind: "follow", reference };
  }
  return { kind: "immediate" };
}

/** Validates a batch against the current schedule and returns the next schedule, or every problem at once. */
export function applyScheduleBatch(current: readonly StoredScheduleAction[], batch: ScheduleBatch, context: ScheduleContext): ScheduleBatchResult {
  const problems: ValidationProblem[] = [];
  const live = purgeSchedule(current, context.nowMs);
  const byName = new Map(live.map((stored) => [stored.action.actionName, stored]));

  // Deletes first (medialive.md §5.3).
  const deleteNames = batch.deletes?.actionNames ?? [];
  const deleted: ScheduleActionRecord[] = [];
  deleteNames.forEach((name, index) => {
    const at = `deletes.actionNames[${index}]`;
    const stored = byName.get(name);
    if (!stored) {
      problems.push({ elementPath: at, errorMessage: `no action named "${name}" in the schedule` });
      return;
    }
    if (deleteNames.indexOf(name) !== index) {
      problems.push({ elementPath: at, errorMessage: `"${name}" is listed twice` });
      return;
    }
    if (stored.startAtMs !== undefined && stored.startAtMs > context.nowMs && stored.startAtMs - context.nowMs < SCHEDULE_LEAD_MS) {
      problems.push({ elementPath: at, errorMessage: `"${name}" starts in less than ${SCHEDULE_LEAD_MS / 1000} s and can no longer be deleted` });
    }
    deleted.push(stored.action);
  });
  const remaining = live.filter((stored) => !deleteNames.includes(stored.action.actionName));

  // Then creates.
  const creates = batch.creates?.scheduleActions ?? [];
  const names = new Set(remaining.map((stored) => stored.action.actionName));
  const createdNames = new Set<string>();
  const added: StoredScheduleAction[] = [];
  creates.forEach((action, index) => {
    const at = `creates.scheduleActions[${index}]`;
    const name = action.actionName;
    if (typeof name !== "string" || name === "") problems.push({ elementPath: `${at}.actionName`, errorMessage: "is required" });
    else if (names.has(name) || createdNames.has(name)) problems.push({ elementPath: `${at}.actionName`, errorMessage: `an action named "${name}" already exists; action names are unique` });
    createdNames.add(name);
    const start = startOf(action, at, problems);
    if (start.kind === "fixed" && start.startAtMs - context.nowMs < SCHEDULE_LEAD_MS) {
      problems.push({
        elementPath: `${at}.scheduleActionStartSettings.fixedModeScheduleActionStartSettings.time`,
        errorMessage: `a fixed start time must be at least ${SCHEDULE_LEAD_MS / 1000} s in the future`,
      });
    }
    checkActionSettings(action, at, context, problems);
    added.push({
      action,
      createdAtMs: context.nowMs,
      ...(start.kind === "fixed" ? { startAtMs: start.startAtMs } : start.kind === "immediate" ? { startAtMs: context.nowMs } : {}),
    });
  });

  // Follow actions must reference an action of the resulting schedule that switches to a file input.
  const next = [...remaining, ...added];
  const nextByName = new Map(next.map((stored) => [stored.action.actionName, stored]));
  next.forEach((stored) => {
    const createdIndex = added.indexOf(stored);
    const start = startOf(stored.action, "", undefined);
    if (start.kind !== "follow") return;
    const at = createdIndex >= 0 ? `creates.scheduleActions[${createdIndex}].scheduleActionStartSettings.followModeScheduleActionStartSettings.referenceActionName` : undefined;
    const reference = nextByName.get(start.reference);
    if (!reference) {
      const deletedIndex = deleteNames.indexOf(start.reference);
      problems.push(
        at
          ? { elementPath: at, errorMessage: `references action "${start.reference}", which is not in the schedule` }
          : { elementPath: `deletes.actionNames[${deletedIndex}]`, errorMessage: `action "${stored.action.actionName}" follows "${start.reference}"; delete it too` },
      );
      return;
    }
    if (at && !switchesToFileInput(reference.action, context)) {
      problems.push({ elementPath: at, errorMessage: `"${start.reference}" is not a switch to a file input (MP4_FILE, TS_FILE); live inputs never end, so nothing can follow them` });
    }
  });

  return problems.length ? { ok: false, problems } : { ok: true, next, created: added.map((s) => s.action), deleted };
}

function checkActionSettings(action: ScheduleActionRecord, at: string, context: ScheduleContext, problems: ValidationProblem[]): void {
  const settings = (action.scheduleActionSettings ?? {}) as Record<string, unknown>;
  const keys = Object.keys(settings).filter((k) => settings[k] !== undefined && settings[k] !== null);
  if (keys.length !== 1) {
    problems.push({ elementPath: `${at}.scheduleActionSettings`, errorMessage: "exactly one action type is required" });
    return;
  }
  const key = keys[0]!;
  if (!(SUPPORTED_SCHEDULE_ACTIONS as readonly string[]).includes(key)) {
    problems.push({ elementPath: `${at}.scheduleActionSettings.${key}`, errorMessage: `${key} is not supported by openlive yet; supported: ${SUPPORTED_SCHEDULE_ACTIONS.join(", ")}` });
    return;
  }
  const inputSwitch = settings.inputSwitchSettings as { inputAttachmentNameReference?: unknown; urlPath?: unknown; inputClippingSettings?: unknown };
  const switchAt = `${at}.scheduleActionSettings.inputSwitchSettings`;
  const reference = inputSwitch.inputAttachmentNameReference;
  const attachment = typeof reference === "string" ? context.attachments.get(reference) : undefined;
  if (!attachment) {
    problems.push({ elementPath: `${switchAt}.inputAttachmentNameReference`, errorMessage: `no input attachment named "${String(reference ?? "")}" in this channel` });
    return;
  }
  if (inputSwitch.inputClippingSettings !== undefined) {
    problems.push({ elementPath: `${switchAt}.inputClippingSettings`, errorMessage: "inputClippingSettings is not supported by openlive yet" });
  }
  const urlPath = Array.isArray(inputSwitch.urlPath) ? inputSwitch.urlPath : [];
  if (attachment.dynamic && urlPath.length === 0) {
    problems.push({ elementPath: `${switchAt}.urlPath`, errorMessage: `attachment "${reference}" is a dynamic input ($urlPath$); give urlPath` });
  }
  if (!attachment.dynamic && urlPath.length > 0) {
    problems.push({ elementPath: `${switchAt}.urlPath`, errorMessage: `attachment "${reference}" is a static input; urlPath is only for dynamic inputs` });
  }
}

function switchesToFileInput(action: ScheduleActionRecord, context: ScheduleContext): boolean {
  const inputSwitch = (action.scheduleActionSettings as { inputSwitchSettings?: { inputAttachmentNameReference?: string } }).inputSwitchSettings;
  const attachment = inputSwitch?.inputAttachmentNameReference ? context.attachments.get(inputSwitch.inputAttachmentNameReference) : undefined;
  return attachment !== undefined && FILE_INPUT_TYPES.includes(attachment.inputType);
}

/**
 * Drops actions more than an hour past their start (MediaLive purges them, and their
 * names become reusable). A follow action goes with the action it follows once it is
 * itself more than an hour old.
 */
export function purgeSchedule(actions: readonly StoredScheduleAction[], nowMs: number): StoredScheduleAction[] {
  let kept = [...actions];
  for (;;) {
    const names = new Set(kept.map((stored) => stored.action.actionName));
    // Only a follow action less than an hour old still needs the action it follows.
    const referenced = new Set(
      kept.flatMap((stored) => {
        const start = startOf(stored.action, "", undefined);
        return start.kind === "follow" && nowMs - stored.createdAtMs <= SCHEDULE_PURGE_AFTER_MS ? [start.reference] : [];
      }),
    );
    const next = kept.filter((stored) => {
      if (stored.startAtMs !== undefined) return nowMs - stored.startAtMs <= SCHEDULE_PURGE_AFTER_MS || referenced.has(stored.action.actionName);
      const start = startOf(stored.action, "", undefined);
      return !(start.kind === "follow" && !names.has(start.reference) && nowMs - stored.createdAtMs > SCHEDULE_PURGE_AFTER_MS);
    });
    if (next.length === kept.length) return next;
    kept = next;
  }
}
