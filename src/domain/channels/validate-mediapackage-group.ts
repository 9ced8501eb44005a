// The rules of MediaPackage output groups and destinations that the model cannot state:
// a destination's mediaPackageSettings name one MediaPackage channel for both pipelines (a
// v1 channelId, or a v2 channelGroup with channelName); a MediaPackage group writes to such
// a destination and only such a group does; each of its outputs is a
// mediaPackageOutputSettings output. MediaLive refuses a channel id that does not exist in
// MediaPackage; openlive has no MediaPackage channels, so every id is accepted and publishes
// to openlive's origin unless the service configuration maps it elsewhere
// (docs/outputs.md, MediaPackage).

import type { ValidationProblem } from "../../shared/errors.ts";
import type { NotHonouredSetting } from "./supported-features.ts";
import { quote } from "./quote.ts";

type Json = Record<string, unknown>;

const record = (value: unknown): Json | undefined => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** The entries of mediaPackageSettings: a list, or one entry written as an object (read as a list of one). */
function entriesOf(value: unknown): readonly unknown[] {
  return record(value) ? [value] : list(value);
}

/** Problems of one destination's mediaPackageSettings. */
export function checkMediaPackageSettings(value: unknown, at: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const entries = entriesOf(value);
  if (entries.length !== 1) {
    problems.push({ elementPath: at, errorMessage: `MediaPackage settings name one MediaPackage channel for both pipelines; got ${entries.length} entries` });
    return problems;
  }
  const entry = record(entries[0]);
  if (!entry) return problems; // the model validator reports the type
  const entryAt = Array.isArray(value) ? `${at}[0]` : at;
  const v1 = text(entry.channelId) !== undefined;
  const v2 = text(entry.channelGroup) !== undefined || text(entry.channelName) !== undefined;
  if (v1 && v2) problems.push({ elementPath: entryAt, errorMessage: "name either a MediaPackage v1 channelId or a v2 channelGroup with channelName, not both" });
  else if (!v1 && !v2) problems.push({ elementPath: `${entryAt}.channelId`, errorMessage: "is required: the MediaPackage channel (v1 channelId, or v2 channelGroup with channelName)" });
  else if (v2 && (text(entry.channelGroup) === undefined || text(entry.channelName) === undefined)) {
    problems.push({ elementPath: `${entryAt}.${text(entry.channelGroup) === undefined ? "channelGroup" : "channelName"}`, errorMessage: "is required with a MediaPackage v2 channel: channelGroup and channelName name it together" });
  }
  return problems;
}

/** Problems of the channel's MediaPackage groups, and of other groups that write to a MediaPackage destination. */
export function checkMediaPackageGroups(config: Json): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const destinations = list(config.destinations).map(record);
  const isMediaPackageDestination = (refId: string | undefined): boolean | undefined => {
    const destination = destinations.find((candidate) => candidate !== undefined && candidate.id === refId);
    return destination === undefined ? undefined : entriesOf(destination.mediaPackageSettings).length > 0;
  };
  list(record(config.encoderSettings)?.outputGroups).forEach((item, index) => {
    const at = `encoderSettings.outputGroups[${index}]`;
    const settings = record(record(item)?.outputGroupSettings);
    if (!settings) return;
    for (const [member, groupSettings] of Object.entries(settings)) {
      const refId = text(record(record(groupSettings)?.destination)?.destinationRefId);
      const toMediaPackage = isMediaPackageDestination(refId);
      const refAt = `${at}.outputGroupSettings.${member}.destination.destinationRefId`;
      if (member !== "mediaPackageGroupSettings") {
        if (toMediaPackage) problems.push({ elementPath: refAt, errorMessage: `destination ${quote(refId!)} is a MediaPackage destination: only a mediaPackageGroupSettings group writes to it` });
        continue;
      }
      if (refId === undefined) problems.push({ elementPath: refAt, errorMessage: "is required: the id of a destination with mediaPackageSettings" });
      else if (toMediaPackage === undefined) problems.push({ elementPath: refAt, errorMessage: `Object references undefined destination ${quote(refId)}` });
      else if (!toMediaPackage) problems.push({ elementPath: refAt, errorMessage: `destination ${quote(refId)} has no mediaPackageSettings: a MediaPackage group writes to a MediaPackage channel` });
      list(record(item)?.outputs).forEach((output, outputIndex) => {
        const outputSettings = record(record(output)?.outputSettings);
        if (outputSettings && outputSettings.mediaPackageOutputSettings === undefined && Object.keys(outputSettings).length === 1) {
          problems.push({ elementPath: `${at}.outputs[${outputIndex}].outputSettings`, errorMessage: "An output of a MediaPackage output group needs mediaPackageOutputSettings" });
        }
      });
    }
  });
  return problems;
}

/** Outputs of MediaPackage groups that openlive accepts but does not write: JPEG frame captures (an image track of CMAF ingest). */
export function mediaPackageNotes(config: Json): NotHonouredSetting[] {
  const frameCaptures = new Set(list(record(config.encoderSettings)?.videoDescriptions).flatMap((description) => (record(record(record(description)?.codecSettings)?.frameCaptureSettings) ? [text(record(description)?.name) ?? ""] : [])));
  const notes: NotHonouredSetting[] = [];
  list(record(config.encoderSettings)?.outputGroups).forEach((group, index) => {
    if (!record(record(record(group)?.outputGroupSettings)?.mediaPackageGroupSettings)) return;
    list(record(group)?.outputs).forEach((output, outputIndex) => {
      const videoName = text(record(output)?.videoDescriptionName);
      if (videoName === undefined || !frameCaptures.has(videoName)) return;
      notes.push({
        elementPath: `encoderSettings.outputGroups[${index}].outputs[${outputIndex}].videoDescriptionName`,
        reason: "a JPEG frame capture in a MediaPackage group (an image track of CMAF ingest) is not sent: openlive sends the group's video and audio only (HLS with MPEG-TS segments, or CMAF ingest to a v2 channel's configured ingest URL)",
      });
    });
  });
  notes.push(...sharedPauseNotes(config));
  return notes;
}

/**
 * MediaLive pauses a STANDARD channel's MediaPackage group on input loss (the packager switches
 * to the other pipeline); the groups of a pipeline share one encoder, which pauses only when
 * every group asks for it.
 */
function sharedPauseNotes(config: Json): NotHonouredSetting[] {
  if (config.channelClass === "SINGLE_PIPELINE") return [];
  const groups = list(record(config.encoderSettings)?.outputGroups).map((group) => record(record(group)?.outputGroupSettings));
  const emits = groups.some((settings) => {
    const hls = record(settings?.hlsGroupSettings);
    return hls !== undefined && hls.inputLossAction !== "PAUSE_OUTPUT";
  });
  if (!emits) return [];
  return groups.flatMap((settings, index) =>
    record(settings?.mediaPackageGroupSettings)
      ? [{ elementPath: `encoderSettings.outputGroups[${index}].outputGroupSettings.mediaPackageGroupSettings`, reason: "a MediaPackage group pauses on input loss (PAUSE_OUTPUT) but an HLS group of this channel emits fill: the groups of a pipeline share one encoder, so this group emits fill too" }]
      : [],
  );
}

/** Whether an output of a MediaPackage group is its audio-only rendition (no video, some audio). */
export function isMediaPackageAudioOnly(output: Json): boolean {
  return text(output.videoDescriptionName) === undefined && list(output.audioDescriptionNames).length > 0;
}
