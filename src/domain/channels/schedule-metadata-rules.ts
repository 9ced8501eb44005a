// The schedule's ID3 metadata actions and its pause action, validated as MediaLive validates
// them (MediaLive User Guide: "Fields for ID3 metadata", "Fields for ID3 segment tags",
// "Fields for pause"). Pure.
// - hlsTimedMetadataSettings / timedMetadataSettings: id3, a base64 ID3v2 tag (header and
//   frames, ID3 tag version 2.4.0 §3.1), inserted once.
// - hlsId3SegmentTaggingSettings / id3SegmentTaggingSettings: either `tag` (the value of a
//   TXXX frame MediaLive builds) or `id3` (a whole base64 tag), written into every segment
//   from the action's start until another tagging action replaces it.
// - pauseStateSettings: the pipelines to pause (PIPELINE_0, PIPELINE_1); every pipeline not
//   listed is unpaused, so an empty list (or entries without pipelineId) resumes both.
// All five start fixed (at least 15 s and, for ID3, at most 14 days ahead) or immediately;
// they cannot follow another action.

import { MAX_IDENTIFIER_PAD_WIDTH, overlongPadding } from "./identifier-padding.ts";
import type { ValidationProblem } from "../../shared/errors.ts";
import type { ScheduleActionRecord } from "../records.ts";

export const ID3_SCHEDULE_ACTIONS = ["hlsTimedMetadataSettings", "timedMetadataSettings", "hlsId3SegmentTaggingSettings", "id3SegmentTaggingSettings"] as const;
export const METADATA_AND_PAUSE_SCHEDULE_ACTIONS = [...ID3_SCHEDULE_ACTIONS, "pauseStateSettings"] as const;
export type MetadataOrPauseActionType = (typeof METADATA_AND_PAUSE_SCHEDULE_ACTIONS)[number];

/** MediaLive refuses ID3 actions whose fixed start lies further ahead than this. */
export const ID3_MAX_LEAD_MS = 14 * 24 * 60 * 60_000;
export const PIPELINE_IDS = ["PIPELINE_0", "PIPELINE_1"] as const;

export function isMetadataOrPauseAction(type: string): type is MetadataOrPauseActionType {
  return (METADATA_AND_PAUSE_SCHEDULE_ACTIONS as readonly string[]).includes(type);
}

/**
 * The problems of one ID3 or pause action; `at` is the path of its settings
 * (`creates.scheduleActions[i].scheduleActionSettings.<type>`).
 */
export function checkMetadataOrPauseAction(action: ScheduleActionRecord, type: MetadataOrPauseActionType, at: string, nowMs: number, problems: ValidationProblem[]): void {
  const actionAt = at.slice(0, at.lastIndexOf(".scheduleActionSettings"));
  checkStart(action, type, actionAt, nowMs, problems);
  const settings = ((action.scheduleActionSettings as Record<string, unknown>)[type] ?? {}) as Record<string, unknown>;
  if (type === "pauseStateSettings") return checkPause(settings, at, problems);
  if (type === "hlsTimedMetadataSettings" || type === "timedMetadataSettings") {
    if (settings.id3 === undefined) problems.push({ elementPath: `${at}.id3`, errorMessage: "is required: a base64 ID3 tag (header and frames, ID3v2.4)" });
    else checkId3(settings.id3, `${at}.id3`, problems);
    return;
  }
  const given = (["tag", "id3"] as const).filter((member) => settings[member] !== undefined && settings[member] !== null);
  if (given.length !== 1) {
    problems.push({ elementPath: at, errorMessage: "give exactly one of tag (the text of a TXXX frame) and id3 (a whole base64 ID3 tag)" });
    return;
  }
  if (given[0] === "id3") checkId3(settings.id3, `${at}.id3`, problems);
  else if (typeof settings.tag !== "string" || settings.tag === "") problems.push({ elementPath: `${at}.tag`, errorMessage: "is the text of the TXXX frame; it cannot be empty" });
  else if (overlongPadding(settings.tag) !== undefined) problems.push({ elementPath: `${at}.tag`, errorMessage: `zero-padding %0${overlongPadding(settings.tag)} is wider than ${MAX_IDENTIFIER_PAD_WIDTH} characters` });
}

function checkStart(action: ScheduleActionRecord, type: MetadataOrPauseActionType, actionAt: string, nowMs: number, problems: ValidationProblem[]): void {
  const start = (action.scheduleActionStartSettings ?? {}) as Record<string, { time?: unknown } | undefined>;
  if (start.followModeScheduleActionStartSettings) {
    problems.push({
      elementPath: `${actionAt}.scheduleActionStartSettings.followModeScheduleActionStartSettings`,
      errorMessage: `${type} starts fixed or immediately; it cannot follow another action (use fixedModeScheduleActionStartSettings or immediateModeScheduleActionStartSettings)`,
    });
    return;
  }
  const time = start.fixedModeScheduleActionStartSettings?.time;
  if (type === "pauseStateSettings" || typeof time !== "string") return;
  const startAtMs = Date.parse(time);
  if (Number.isFinite(startAtMs) && startAtMs - nowMs > ID3_MAX_LEAD_MS) {
    problems.push({ elementPath: `${actionAt}.scheduleActionStartSettings.fixedModeScheduleActionStartSettings.time`, errorMessage: "an ID3 action starts at most 14 days in the future" });
  }
}

/** A base64 string whose bytes begin with an ID3v2 tag header ("ID3", version 2.x). */
function checkId3(value: unknown, at: string, problems: ValidationProblem[]): void {
  const bytes = typeof value === "string" ? decodeBase64(value) : undefined;
  if (!bytes) {
    problems.push({ elementPath: at, errorMessage: "is not base64" });
    return;
  }
  if (parseId3TagBytes(bytes) === undefined) problems.push({ elementPath: at, errorMessage: "is not a whole ID3v2 tag (a 10-byte header \"ID3\" and its frames, ID3v2.4 §3.1)" });
}

function checkPause(settings: Record<string, unknown>, at: string, problems: ValidationProblem[]): void {
  const pipelines = settings.pipelines ?? [];
  if (!Array.isArray(pipelines)) return; // the model reports the type
  const seen = new Set<string>();
  pipelines.forEach((entry: unknown, index) => {
    const pipelineId = typeof entry === "object" && entry !== null ? (entry as { pipelineId?: unknown }).pipelineId : undefined;
    // MediaLive's own unpause example sends [{}]: an entry without a pipeline pauses none.
    if (pipelineId === undefined) return;
    const entryAt = `${at}.pipelines[${index}].pipelineId`;
    if (typeof pipelineId !== "string" || !(PIPELINE_IDS as readonly string[]).includes(pipelineId)) problems.push({ elementPath: entryAt, errorMessage: `"${String(pipelineId)}" is not a pipeline; use ${PIPELINE_IDS.join(" or ")}` });
    else if (seen.has(pipelineId)) problems.push({ elementPath: entryAt, errorMessage: `${pipelineId} is listed twice` });
    seen.add(String(pipelineId));
  });
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function decodeBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, "");
  if (compact === "" || !BASE64.test(compact)) return undefined;
  return new Uint8Array(Buffer.from(compact, "base64"));
}

/** The length of the ID3v2 tag at the start of `bytes` (header + synchsafe size, ID3v2.4 §3.1), if whole. */
export function parseId3TagBytes(bytes: Uint8Array): number | undefined {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return undefined;
  if (bytes[3]! < 2 || bytes[3]! > 4 || bytes[3] === 0xff || bytes[4] === 0xff) return undefined;
  if ([6, 7, 8, 9].some((i) => bytes[i]! >= 0x80)) return undefined;
  const size = (bytes[6]! << 21) | (bytes[7]! << 14) | (bytes[8]! << 7) | bytes[9]!;
  const footer = bytes[3] === 4 && (bytes[5]! & 0x10) !== 0 ? 10 : 0;
  const length = 10 + size + footer;
  return size > 0 && length <= bytes.length ? length : undefined;
}

/** Which pipelines a pause action leaves paused (all others run). */
export function pausedPipelines(settings: unknown): ReadonlySet<0 | 1> {
  const pipelines = typeof settings === "object" && settings !== null ? (settings as { pipelines?: unknown }).pipelines : undefined;
  const paused = new Set<0 | 1>();
  for (const entry of Array.isArray(pipelines) ? pipelines : []) {
    const id = typeof entry === "object" && entry !== null ? (entry as { pipelineId?: unknown }).pipelineId : undefined;
    if (id === "PIPELINE_0") paused.add(0);
    if (id === "PIPELINE_1") paused.add(1);
  }
  return paused;
}
