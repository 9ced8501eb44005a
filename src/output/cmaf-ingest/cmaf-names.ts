// How a CMAF ingest group names what it sends (DASH-IF Live Media Ingest, interface 1): every
// track is its own stream, POSTed to `<destination>/Streams(<name>)`, the name being the
// output's nameModifier (its outputName when it has none) with CMAF's track extension
// (.cmfv video, .cmfa audio; ISO/IEC 23000-19 Annex A). The group's SCTE-35 track
// (scte35Type SCTE_35_WITHOUT_SEGMENTATION) is one stream for the whole group, named as
// MediaLive names its metadata tracks: `Streams(<scte35NameModifier, default "scte">.cmfm)`; its
// ID3 track (id3Behavior ENABLED) `Streams(<id3NameModifier, default "id3">.cmfm)`.
// An output with several tracks sends each as its own stream.

import type { CmafIngestGroupSettings, Output, OutputGroup } from "../../model/generated/medialive-types.ts";
import { fileNamePart } from "../file-name-part.ts";
import { joinPublishingPoint } from "../fmp4/push-destination.ts";
import { outputSlaveKey } from "../output-group-key.ts";

/** MediaLive's segment length when the group sets none. */
export const CMAF_DEFAULT_SEGMENT_LENGTH_SEC = 2;

export interface CmafTrack {
  /** The track's tee slave (slaveTargets key). */
  readonly key: string;
  readonly type: "video" | "audio";
  /** Audio: its place among the output's audio descriptions. */
  readonly audioIndex?: number;
  readonly streamName: string;
  readonly contentType: "video/mp4" | "audio/mp4" | "application/mp4";
}

/** MediaLive's scte35NameModifier when the group gives none. */
export const CMAF_SCTE35_NAME_MODIFIER = "scte";

/** MediaLive's id3NameModifier when the group gives none. */
export const CMAF_ID3_NAME_MODIFIER = "id3";

/** A metadata track's stream name: the modifier keeps MediaLive's characters (letters, digits, + - _ .), others become '_'. */
function metadataStreamName(modifier: string | undefined, fallback: string): string {
  return `${modifier ? modifier.replace(/[^A-Za-z0-9+._-]/g, "_") : fallback}.cmfm`;
}

/** The SCTE-35 track's stream name; undefined: the group sends none. */
export function cmafScte35StreamName(settings: Pick<CmafIngestGroupSettings, "scte35Type" | "scte35NameModifier">): string | undefined {
  return settings.scte35Type === "SCTE_35_WITHOUT_SEGMENTATION" ? metadataStreamName(settings.scte35NameModifier, CMAF_SCTE35_NAME_MODIFIER) : undefined;
}

/** The ID3 track's stream name; undefined: the group sends none (id3Behavior not ENABLED). */
export function cmafId3StreamName(settings: Pick<CmafIngestGroupSettings, "id3Behavior" | "id3NameModifier">): string | undefined {
  return settings.id3Behavior === "ENABLED" ? metadataStreamName(settings.id3NameModifier, CMAF_ID3_NAME_MODIFIER) : undefined;
}

function cmafSettingsOf(group: Pick<OutputGroup, "outputGroupSettings">): Omit<CmafIngestGroupSettings, "destination"> | undefined {
  return group.outputGroupSettings?.cmafIngestGroupSettings ?? group.outputGroupSettings?.mediaPackageGroupSettings?.mediapackageV2GroupSettings;
}

/** Whether a group sends a CMAF SCTE-35 track (a CMAF ingest group, or a MediaPackage v2 group sent as one): its video then carries the splice marks. */
export function groupSendsCmafScte35(group: Pick<OutputGroup, "outputGroupSettings">): boolean {
  const settings = cmafSettingsOf(group);
  return settings !== undefined && cmafScte35StreamName(settings) !== undefined;
}

/** Whether a group sends a CMAF ID3 track: its video then carries the ID3 marks. */
export function groupSendsCmafId3(group: Pick<OutputGroup, "outputGroupSettings">): boolean {
  const settings = cmafSettingsOf(group);
  return settings !== undefined && cmafId3StreamName(settings) !== undefined;
}

/** The track of a group whose pictures feed its SCTE-35 track: the first video track. */
export function cmafSpliceSourceKey(groupKey: string, outputs: readonly Pick<Output, "outputName" | "videoDescriptionName" | "audioDescriptionNames" | "outputSettings">[]): string | undefined {
  for (const [outputIndex, output] of outputs.entries()) {
    const video = cmafTracks(groupKey, output, outputIndex).find((track) => track.type === "video");
    if (video) return video.key;
  }
  return undefined;
}

export function cmafSegmentLengthSec(settings: Pick<CmafIngestGroupSettings, "segmentLength" | "segmentLengthUnits">): number {
  const length = settings.segmentLength ?? CMAF_DEFAULT_SEGMENT_LENGTH_SEC;
  return settings.segmentLengthUnits === "MILLISECONDS" ? length / 1000 : length;
}

/** The tracks of one output: its video, then each audio. */
export function cmafTracks(groupKey: string, output: Pick<Output, "outputName" | "videoDescriptionName" | "audioDescriptionNames" | "outputSettings">, outputIndex: number): CmafTrack[] {
  const modifier = output.outputSettings?.cmafIngestOutputSettings?.nameModifier;
  const base = fileNamePart(modifier ? modifier : (output.outputName ?? `output${outputIndex + 1}`));
  const slaveKey = outputSlaveKey(groupKey, output.outputName, outputIndex);
  const tracks: CmafTrack[] = [];
  if (output.videoDescriptionName) tracks.push({ key: `${slaveKey}#video`, type: "video", streamName: `${base}.cmfv`, contentType: "video/mp4" });
  (output.audioDescriptionNames ?? []).forEach((_, audioIndex) => {
    const suffix = audioIndex === 0 ? "" : `_${audioIndex + 1}`;
    tracks.push({ key: `${slaveKey}#audio${audioIndex}`, type: "audio", audioIndex, streamName: `${base}${suffix}.cmfa`, contentType: "audio/mp4" });
  });
  return tracks;
}

/** Where a track's objects are POSTed. */
export function cmafStreamUrl(destinationUrl: string, streamName: string): string {
  return joinPublishingPoint(destinationUrl, `Streams(${streamName})`);
}
