// Which WebVTT subtitle renditions an HLS output group carries: one per caption description
// with webvttDestinationSettings that an output of the group names, decoded from the CEA-608
// channel its caption selector reads (source608ChannelNumber, CC1 when absent). Pure.

import { fileNamePart } from "../file-name-part.ts";
import { findOutputGroup } from "../output-group-key.ts";
import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { CaptionDescription, Output, OutputGroup } from "../../model/generated/medialive-types.ts";
import type { PlannedGroup } from "../encoder/plan-types.ts";
import type { SubtitleRendition } from "../hls/master-playlist.ts";
import type { WebvttStyleControl } from "./webvtt-text.ts";

export const SUBTITLE_GROUP_ID = "subs";

export interface WebvttRenditionPlan {
  readonly captionDescriptionName: string;
  /** 1–4: CC1–CC4. */
  readonly cea608Channel: number;
  readonly styleControl: WebvttStyleControl;
  /** `${baseName}_${description}.m3u8` in the group's folder. */
  readonly playlistName: string;
  /** printf-style: `${baseName}_${description}_%05d.vtt`. */
  readonly segmentTemplate: string;
  readonly name: string;
  readonly languageCode?: string;
  readonly accessible: boolean;
}

/**
 * An HLS output with captions and neither video nor audio: MediaLive's form of a WebVTT
 * rendition (the output names only its caption description); openlive encodes nothing for it.
 */
export function isCaptionsOnlyOutput(output: Pick<Output, "videoDescriptionName" | "audioDescriptionNames" | "captionDescriptionNames">): boolean {
  return !output.videoDescriptionName && (output.audioDescriptionNames ?? []).length === 0 && (output.captionDescriptionNames ?? []).length > 0;
}

/** The WebVTT caption descriptions the outputs of one configured output group name, in the channel's order. */
function webvttDescriptionsOf(config: ChannelConfig, outputGroup: Pick<OutputGroup, "outputs"> | undefined): CaptionDescription[] {
  const named = new Set((outputGroup?.outputs ?? []).flatMap((output) => output.captionDescriptionNames ?? []));
  return (config.encoderSettings?.captionDescriptions ?? []).filter((description) => description.destinationSettings?.webvttDestinationSettings !== undefined && named.has(description.name));
}

const renditionStem = (baseName: string, description: CaptionDescription): string => `${baseName}_${fileNamePart(description.name)}`;

export function webvttRenditionsOf(config: ChannelConfig, group: Pick<PlannedGroup, "name" | "destination">): WebvttRenditionPlan[] {
  const configured = findOutputGroup(config.encoderSettings?.outputGroups, group.name);
  return webvttDescriptionsOf(config, configured).map((description) => {
    const selector = config.inputAttachments
      .flatMap((attachment) => attachment.inputSettings?.captionSelectors ?? [])
      .find((candidate) => candidate.name === description.captionSelectorName);
    const stem = renditionStem(group.destination.baseName, description);
    return {
      captionDescriptionName: description.name,
      cea608Channel: selector?.selectorSettings?.embeddedSourceSettings?.source608ChannelNumber || 1,
      styleControl: description.destinationSettings?.webvttDestinationSettings?.styleControl === "PASSTHROUGH" ? "PASSTHROUGH" : "NO_STYLE_DATA",
      playlistName: `${stem}.m3u8`,
      segmentTemplate: `${stem.replace(/%/g, "%%")}_%05d.vtt`,
      name: description.languageDescription || description.languageCode || description.name,
      ...(description.languageCode ? { languageCode: description.languageCode } : {}),
      accessible: description.accessibility === "IMPLEMENTS_ACCESSIBILITY_FEATURES",
    };
  });
}

/** Whether `fileName` is a playlist or segment of a WebVTT rendition the group writes under `baseName` (what the origin serves). */
export function isWebvttRenditionFile(config: ChannelConfig, outputGroup: Pick<OutputGroup, "outputs">, baseName: string, fileName: string): boolean {
  return webvttDescriptionsOf(config, outputGroup).some((description) => {
    const stem = renditionStem(baseName, description);
    return fileName === `${stem}.m3u8` || (fileName.startsWith(`${stem}_`) && /^\d+\.vtt$/.test(fileName.slice(stem.length + 1)));
  });
}

/** A segment's file name from the template (`%05d` → the number, `%%` → `%`). */
export function segmentFileName(template: string, index: number): string {
  return template.replace(/%05d|%%/g, (match) => (match === "%%" ? "%" : String(index).padStart(5, "0")));
}

/** The group's WebVTT renditions as the master playlist lists them. */
export function webvttSubtitleRenditions(config: ChannelConfig, group: Pick<PlannedGroup, "name" | "destination">): SubtitleRendition[] {
  return webvttRenditionsOf(config, group).map((plan) => ({
    groupId: SUBTITLE_GROUP_ID,
    name: plan.name,
    ...(plan.languageCode ? { languageCode: plan.languageCode } : {}),
    uri: plan.playlistName,
    accessible: plan.accessible,
  }));
}

/** The caption descriptions among `names` that travel in the video's SEI (A/53): the embedded kinds. */
export function embeddedCaptionNames(config: ChannelConfig, names: readonly string[]): string[] {
  return names.filter((name) => {
    const destination = config.encoderSettings?.captionDescriptions?.find((description) => description.name === name)?.destinationSettings;
    return destination?.embeddedDestinationSettings !== undefined || destination?.embeddedPlusScte20DestinationSettings !== undefined || destination?.scte20PlusEmbeddedDestinationSettings !== undefined;
  });
}
