// The rules of archive and frame capture output groups (MediaLive's two kinds that write
// whole files to a bucket or, self-hosted, a folder), called by validate-channel.ts.
// Defensive like it: any JSON in, problems out, never an exception.

import { quote } from "./quote.ts";

type Json = Record<string, unknown>;
type Report = (elementPath: string, errorMessage: string) => void;

export const FILE_GROUP_KINDS = { archive: "archiveGroupSettings", frameCapture: "frameCaptureGroupSettings" } as const;
export type FileGroupKind = keyof typeof FILE_GROUP_KINDS;

/** The output settings member each kind's outputs carry. */
export const FILE_GROUP_OUTPUT_SETTINGS = { archive: "archiveOutputSettings", frameCapture: "frameCaptureOutputSettings" } as const;

const record = (value: unknown): Json | undefined => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** The kind of an outputGroupSettings, when it is one of these two. */
export function fileGroupKindOf(groupSettings: Json | undefined): FileGroupKind | undefined {
  if (record(groupSettings?.archiveGroupSettings)) return "archive";
  if (record(groupSettings?.frameCaptureGroupSettings)) return "frameCapture";
  return undefined;
}

/**
 * Destination ids that only archive and frame capture groups use: their URLs may name an S3
 * bucket (s3://, s3ssl://); a destination an HLS group also uses keeps HLS's forms.
 */
export function fileGroupDestinationIds(encoderSettings: unknown): Set<string> {
  const fileGroups = new Set<string>();
  const others = new Set<string>();
  const groups = record(encoderSettings)?.outputGroups;
  for (const group of Array.isArray(groups) ? groups : []) {
    const settings = record(record(group)?.outputGroupSettings);
    for (const [member, value] of Object.entries(settings ?? {})) {
      const refId = text(record(record(value)?.destination)?.destinationRefId);
      if (refId === undefined) continue;
      (member === FILE_GROUP_KINDS.archive || member === FILE_GROUP_KINDS.frameCapture ? fileGroups : others).add(refId);
    }
  }
  return new Set([...fileGroups].filter((id) => !others.has(id)));
}

/** An archive or frame capture group's own settings: its destination reference. */
export function checkFileGroup(report: Report, settings: Json, at: string, destinationIds: ReadonlySet<string>): void {
  const refId = text(record(settings.destination)?.destinationRefId);
  if (refId === undefined || refId === "") report(`${at}.destination.destinationRefId`, "is required: the id of one of destinations[]");
  else if (!destinationIds.has(refId)) report(`${at}.destination.destinationRefId`, `Object references undefined destination ${quote(refId)}`);
}

/** What a video description encodes, for the outputs that name it (validate-channel.ts's notForHls). */
export interface FileGroupVideo {
  /** "MPEG-2 video", "AV1 video", "JPEG frame capture"; absent for H.264 and H.265. */
  readonly encodes?: string;
}

/** One output of an archive or frame capture group: its settings, names and what it carries. */
export function checkFileGroupOutput(report: Report, kind: FileGroupKind, output: Json, at: string, video: FileGroupVideo | undefined): void {
  const settingsMember = FILE_GROUP_OUTPUT_SETTINGS[kind];
  const settings = record(record(output.outputSettings)?.[settingsMember]);
  const outputSettings = record(output.outputSettings);
  if (outputSettings && !settings && Object.keys(outputSettings).length === 1) {
    report(`${at}.outputSettings`, `An output of ${kind === "archive" ? "an archive" : "a frame capture"} output group needs ${settingsMember}`);
  }
  const settingsAt = `${at}.outputSettings.${settingsMember}`;
  for (const member of ["nameModifier", "extension"] as const) {
    const value = text(settings?.[member]);
    if (value === undefined || value === "") continue;
    // eslint-disable-next-line no-control-regex
    if (/[/\\\0]/.test(value) || value.includes("..") || /[\u0000-\u001f\u007f]/.test(value)) report(`${settingsAt}.${member}`, `${quote(value)} must not contain "/", "\\", ".." or control characters: it becomes part of a file name`);
  }
  const videoName = text(output.videoDescriptionName);
  const audioNames = Array.isArray(output.audioDescriptionNames) ? output.audioDescriptionNames : [];
  const captionNames = Array.isArray(output.captionDescriptionNames) ? output.captionDescriptionNames : [];
  if (kind === "frameCapture") {
    if (videoName === undefined || videoName === "") report(`${at}.videoDescriptionName`, "is required: a frame capture output captures the pictures of a video description with frameCaptureSettings");
    else if (video && video.encodes !== "JPEG frame capture") report(`${at}.videoDescriptionName`, `Video description ${quote(videoName)} does not encode JPEG frame captures; a frame capture output needs a video description with codecSettings.frameCaptureSettings`);
    if (audioNames.length > 0) report(`${at}.audioDescriptionNames`, "must be empty: a frame capture output carries JPEG pictures only");
    if (captionNames.length > 0) report(`${at}.captionDescriptionNames`, "must be empty: a frame capture output carries JPEG pictures only");
    return;
  }
  if ((videoName === undefined || videoName === "") && audioNames.length === 0) report(`${at}.videoDescriptionName`, "is required unless the archive output names audio descriptions (an audio-only archive)");
  if (video?.encodes === "JPEG frame capture" || video?.encodes === "AV1 video") {
    report(`${at}.videoDescriptionName`, `Video description ${quote(videoName ?? "")} encodes ${video.encodes}; an archive output needs an H.264, H.265 or MPEG-2 video description`);
  }
}
