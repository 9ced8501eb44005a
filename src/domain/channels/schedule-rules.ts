// The channel schedule (BatchUpdateSchedule / DescribeSchedule), validated and stored
// here and executed in each pipeline (src/pipeline/switching/schedule-executor.ts). Pure:
// time is passed in.
// MediaLive's rules: action names unique; fixed start times and deletes at
// least 15 s ahead; follow actions reference an existing input switch (no orphans), and
// only a switch to a file input when they follow its END (live inputs never end); input
// switches name an attachment; urlPath only for dynamic inputs; clipping only for file
// inputs; no switch to the secondary of a PRIMARY_INPUT_PREFERRED failover pair; input
// prepares not in channels with an RTMP_PULL input, a fixed prepare at least 10 s before a
// fixed switch to its input, one follow prepare per reference and follow point; a batch
// applies deletes then creates, all or nothing; actions more than an hour past their
// start are purged.

import type { ValidationProblem } from "../../shared/errors.ts";
import { checkMetadataOrPauseAction, isMetadataOrPauseAction, METADATA_AND_PAUSE_SCHEDULE_ACTIONS } from "./schedule-metadata-rules.ts";
import { isScte35ActionType, SCTE35_ACTION_TYPES, scte35ActionProblems } from "./schedule-scte35-rules.ts";
import { isMotionGraphicsActionType, MOTION_GRAPHICS_ACTION_TYPES, motionGraphicsActionProblems, type MotionGraphicsContext } from "./schedule-motion-graphics-rules.ts";
import { isStaticImageActionType, STATIC_IMAGE_ACTION_TYPES, staticImageActionProblems, type StaticImageContext } from "./schedule-image-rules.ts";
import { FILE_INPUT_TYPES, type ScheduleActionRecord, type StoredScheduleAction, type SupportedInputType } from "../records.ts";

export const SCHEDULE_LEAD_MS = 15_000;
export const SCHEDULE_PURGE_AFTER_MS = 60 * 60_000;
/** A fixed input prepare starts at least this long before a fixed switch to its input, as in MediaLive. */
export const PREPARE_LEAD_MS = 10_000;
/** Schedule action types openlive executes; others are refused rather than stored and ignored. */
export const SUPPORTED_SCHEDULE_ACTIONS = ["inputSwitchSettings", "inputPrepareSettings", ...METADATA_AND_PAUSE_SCHEDULE_ACTIONS, ...SCTE35_ACTION_TYPES, ...STATIC_IMAGE_ACTION_TYPES, ...MOTION_GRAPHICS_ACTION_TYPES] as const;

const NO_IMAGE_CONTEXT: StaticImageContext = { outputNames: new Set(), outputOverlaysEnabled: false, inputRoots: [] };
const NO_MOTION_GRAPHICS_CONTEXT: MotionGraphicsContext = { enabled: false };

export interface ScheduleAttachment {
  readonly inputType: SupportedInputType;
  readonly dynamic: boolean;
  /** Set when the attachment is one side of an automatic input failover pair. */
  readonly failoverRole?: "primary" | "secondary";
  /** The pair's preference (MediaLive's default is EQUAL_INPUT_PREFERENCE); set with failoverRole. */
  readonly inputPreference?: "EQUAL_INPUT_PREFERENCE" | "PRIMARY_INPUT_PREFERRED";
}

export interface ScheduleContext {
  /** The channel's attachments by inputAttachmentName. */
  readonly attachments: ReadonlyMap<string, ScheduleAttachment>;
  readonly nowMs: number;
  /** The channel's outputs and input roots, for image overlay actions (absent: a channel without outputs named, no roots). */
  readonly images?: StaticImageContext;
  /** The channel's motion graphics configuration and picture size (absent: motion graphics not enabled). */
  readonly motionGraphics?: MotionGraphicsContext;
}

export interface ScheduleBatch {
  readonly creates?: { readonly scheduleActions?: readonly ScheduleActionRecord[] };
  readonly deletes?: { readonly actionNames?: readonly string[] };
}

export type ScheduleBatchResult =
  | { readonly ok: true; readonly next: StoredScheduleAction[]; readonly created: ScheduleActionRecord[]; readonly deleted: ScheduleActionRecord[] }
  | { readonly ok: false; readonly problems: ValidationProblem[] };

type StartKind = { kind: "fixed"; startAtMs: number } | { kind: "immediate" } | { kind: "follow"; reference: string; followPoint: "START" | "END" } | { kind: "invalid" };

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
    return { kind: "follow", reference, followPoint: settings.followPoint === "START" ? "START" : "END" };
  }
  return { kind: "immediate" };
}

/** Validates a batch against the current schedule and returns the next schedule, or every problem at once. */
export function applyScheduleBatch(current: readonly StoredScheduleAction[], batch: ScheduleBatch, context: ScheduleContext): ScheduleBatchResult {
  const problems: ValidationProblem[] = [];
  const live = purgeSchedule(current, context.nowMs);
  const byName = new Map(live.map((stored) => [stored.action.actionName, stored]));

  // Deletes first, as MediaLive applies them.
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

  // Follow actions must reference an input switch of the resulting schedule: a switch to a
  // file input, except that an input prepare may follow the START of any switch; only one
  // prepare follows each reference and follow point (MediaLive user guide, input prepare start types).
  const next = [...remaining, ...added];
  const nextByName = new Map(next.map((stored) => [stored.action.actionName, stored]));
  const preparesFollowing = new Map<string, StoredScheduleAction[]>();
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
    const prepare = actionType(stored.action) === "inputPrepareSettings";
    if (prepare) {
      const key = `${start.followPoint}\u0000${start.reference}`;
      preparesFollowing.set(key, [...(preparesFollowing.get(key) ?? []), stored]);
    }
    if (!at) return;
    if (prepare && start.followPoint === "START") {
      if (actionType(reference.action) !== "inputSwitchSettings") problems.push({ elementPath: at, errorMessage: `"${start.reference}" is not an input switch; an input prepare follows an input switch` });
      return;
    }
    if (!switchesToFileInput(reference.action, context)) {
      problems.push({ elementPath: at, errorMessage: `"${start.reference}" is not a switch to a file input (MP4_FILE, TS_FILE); live inputs never end, so nothing can follow them` });
    }
  });
  for (const [key, prepares] of preparesFollowing) {
    if (prepares.length < 2) continue;
    const [followPoint, reference] = key.split("\u0000");
    for (const stored of prepares) {
      const createdIndex = added.indexOf(stored);
      if (createdIndex < 0) continue;
      problems.push({
        elementPath: `creates.scheduleActions[${createdIndex}].scheduleActionStartSettings.followModeScheduleActionStartSettings.referenceActionName`,
        errorMessage: `another input prepare already follows the ${followPoint} of "${reference}"; only one prepare can follow each switch and follow point`,
      });
    }
  }
  problems.push(...prepareLeadProblems(next, added));

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
  if (isMetadataOrPauseAction(key)) return checkMetadataOrPauseAction(action, key, `${at}.scheduleActionSettings.${key}`, context.nowMs, problems);
  if (isScte35ActionType(key)) return void problems.push(...scte35ActionProblems(key, settings[key], `${at}.scheduleActionSettings.${key}`, context.attachments));
  if (isStaticImageActionType(key)) return void problems.push(...staticImageActionProblems(key, settings[key], `${at}.scheduleActionSettings.${key}`, context.images ?? NO_IMAGE_CONTEXT));
  if (isMotionGraphicsActionType(key)) return void problems.push(...motionGraphicsActionProblems(key, settings[key], `${at}.scheduleActionSettings.${key}`, context.motionGraphics ?? NO_MOTION_GRAPHICS_CONTEXT));
  const target = (settings[key] ?? {}) as { inputAttachmentNameReference?: unknown; urlPath?: unknown; inputClippingSettings?: unknown };
  const targetAt = `${at}.scheduleActionSettings.${key}`;
  const reference = target.inputAttachmentNameReference;
  if (key === "inputPrepareSettings") {
    const rtmpPull = [...context.attachments].find(([, attachment]) => attachment.inputType === "RTMP_PULL");
    if (rtmpPull) {
      problems.push({ elementPath: targetAt, errorMessage: `input prepare actions are not allowed in a channel with an RTMP_PULL input (attachment "${rtmpPull[0]}")` });
      return;
    }
    // No attachment: the prepare stops the current preparation when it starts.
    if (reference === undefined || reference === "") {
      for (const member of ["inputClippingSettings", "urlPath"] as const) {
        if (target[member] !== undefined) problems.push({ elementPath: `${targetAt}.${member}`, errorMessage: `${member} needs inputAttachmentNameReference (a prepare without one only stops the current preparation)` });
      }
      return;
    }
  }
  const attachment = typeof reference === "string" ? context.attachments.get(reference) : undefined;
  if (!attachment) {
    problems.push({ elementPath: `${targetAt}.inputAttachmentNameReference`, errorMessage: `no input attachment named "${String(reference ?? "")}" in this channel` });
    return;
  }
  if (key === "inputSwitchSettings" && attachment.failoverRole === "secondary" && attachment.inputPreference === "PRIMARY_INPUT_PREFERRED") {
    problems.push({
      elementPath: `${targetAt}.inputAttachmentNameReference`,
      errorMessage: `the channel is configured with PRIMARY_INPUT_PREFERRED input preference, so you can't switch to the secondary input "${reference}" of its automatic input failover pair`,
    });
  }
  if (target.inputClippingSettings !== undefined && target.inputClippingSettings !== null) {
    checkClipping(target.inputClippingSettings, `${targetAt}.inputClippingSettings`, String(reference), attachment, problems);
  }
  const urlPath = Array.isArray(target.urlPath) ? target.urlPath : [];
  if (attachment.dynamic && urlPath.length === 0) {
    problems.push({ elementPath: `${targetAt}.urlPath`, errorMessage: `attachment "${reference}" is a dynamic input ($urlPath$); give urlPath` });
  }
  if (!attachment.dynamic && urlPath.length > 0) {
    problems.push({ elementPath: `${targetAt}.urlPath`, errorMessage: `attachment "${reference}" is a static input; urlPath is only for dynamic inputs` });
  }
}

/** InputClippingSettings: file inputs only, ZEROBASED timecodes, well-formed, the stop after the start. */
function checkClipping(clipping: unknown, at: string, reference: string, attachment: ScheduleAttachment, problems: ValidationProblem[]): void {
  if (!FILE_INPUT_TYPES.includes(attachment.inputType)) {
    problems.push({ elementPath: at, errorMessage: `clipping applies to file inputs (${FILE_INPUT_TYPES.join(", ")}) only; attachment "${reference}" is ${attachment.inputType}` });
    return;
  }
  if (typeof clipping !== "object" || clipping === null) return; // the model reports the type
  const settings = clipping as { inputTimecodeSource?: unknown; startTimecode?: { timecode?: unknown }; stopTimecode?: { timecode?: unknown } };
  if (settings.inputTimecodeSource === "EMBEDDED") {
    problems.push({ elementPath: `${at}.inputTimecodeSource`, errorMessage: "EMBEDDED timecodes are not supported by openlive yet; use ZEROBASED (timecodes counted from 00:00:00:00 at the file's first frame)" });
  }
  const parsed: Partial<Record<"startTimecode" | "stopTimecode", ParsedTimecode>> = {};
  for (const member of ["startTimecode", "stopTimecode"] as const) {
    const timecode = settings[member]?.timecode;
    if (typeof timecode !== "string") continue;
    const value = parseTimecode(timecode);
    if (value) parsed[member] = value;
    else problems.push({ elementPath: `${at}.${member}.timecode`, errorMessage: `"${timecode}" is not a timecode HH:MM:SS:FF (or HH:MM:SS;FF, drop-frame)` });
  }
  if (parsed.startTimecode && parsed.stopTimecode && compareTimecodes(parsed.stopTimecode, parsed.startTimecode) <= 0) {
    problems.push({ elementPath: `${at}.stopTimecode.timecode`, errorMessage: "the stop timecode must come after the start timecode" });
  }
}

/**
 * A fixed prepare starts at least 10 s before a fixed switch to the same attachment that
 * follows it (the only pairing the schedule can tell for sure; immediate and follow switches
 * have no known time). Reported at the created action of the pair.
 */
function prepareLeadProblems(next: readonly StoredScheduleAction[], added: readonly StoredScheduleAction[]): ValidationProblem[] {
  const timed = (type: string): { stored: StoredScheduleAction; attachment: string; startAtMs: number }[] =>
    next.flatMap((stored) => {
      const start = startOf(stored.action, "", undefined);
      const attachment = targetAttachment(stored.action);
      return start.kind === "fixed" && actionType(stored.action) === type && attachment !== undefined ? [{ stored, attachment, startAtMs: start.startAtMs }] : [];
    });
  const switches = timed("inputSwitchSettings");
  const problems: ValidationProblem[] = [];
  for (const prepare of timed("inputPrepareSettings")) {
    const tooClose = switches.find((s) => s.attachment === prepare.attachment && s.startAtMs >= prepare.startAtMs && s.startAtMs - prepare.startAtMs < PREPARE_LEAD_MS);
    if (!tooClose) continue;
    const prepareIndex = added.indexOf(prepare.stored);
    const switchIndex = added.indexOf(tooClose.stored);
    const index = prepareIndex >= 0 ? prepareIndex : switchIndex;
    if (index < 0) continue;
    const seconds = (tooClose.startAtMs - prepare.startAtMs) / 1000;
    problems.push({
      elementPath: `creates.scheduleActions[${index}].scheduleActionStartSettings.fixedModeScheduleActionStartSettings.time`,
      errorMessage: `input prepare "${prepare.stored.action.actionName}" starts ${seconds} s before the switch "${tooClose.stored.action.actionName}" to "${prepare.attachment}"; a prepare must start at least ${PREPARE_LEAD_MS / 1000} s before the switch`,
    });
  }
  return problems;
}

function actionType(action: ScheduleActionRecord): string | undefined {
  const settings = (action.scheduleActionSettings ?? {}) as Record<string, unknown>;
  return Object.keys(settings).find((k) => settings[k] !== undefined && settings[k] !== null);
}

function targetAttachment(action: ScheduleActionRecord): string | undefined {
  const type = actionType(action);
  if (type !== "inputSwitchSettings" && type !== "inputPrepareSettings") return undefined;
  const reference = ((action.scheduleActionSettings as Record<string, { inputAttachmentNameReference?: unknown } | undefined>)[type] ?? {}).inputAttachmentNameReference;
  return typeof reference === "string" && reference !== "" ? reference : undefined;
}

/** HH:MM:SS:FF, or HH:MM:SS;FF for drop-frame (MediaLive's StartTimecode/StopTimecode). */
export const TIMECODE_PATTERN = /^(\d{2}):([0-5]\d):([0-5]\d)([:;])(\d{2})$/;

export interface ParsedTimecode {
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  readonly frames: number;
  readonly dropFrame: boolean;
}

export function parseTimecode(timecode: string): ParsedTimecode | undefined {
  const match = TIMECODE_PATTERN.exec(timecode);
  if (!match) return undefined;
  return { hours: Number(match[1]), minutes: Number(match[2]), seconds: Number(match[3]), frames: Number(match[5]), dropFrame: match[4] === ";" };
}

/** Orders two well-formed timecodes without knowing the frame rate (a frame number is always below a second's worth). */
export function compareTimecodes(a: ParsedTimecode, b: ParsedTimecode): number {
  const seconds = (t: ParsedTimecode): number => t.hours * 3600 + t.minutes * 60 + t.seconds;
  return seconds(a) - seconds(b) || a.frames - b.frames;
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
