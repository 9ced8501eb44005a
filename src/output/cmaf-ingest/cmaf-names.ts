// How a CMAF ingest group names what it sends (DASH-IF Live Media Ingest, interface 1): every
// track is its own stream, POSTed to `<destination>/Streams(<name>)`, the name being the
// output's nameModifier (its outputName when it has none) with CMAF's track extension
// (.cmfv video, .cmfa audio; ISO/IEC 23000-19 Annex A). The group's SCTE-35 track
// (scte35Type SCTE_35_WITHOUT_SEGMENTATION) is one stream for the whole group, named as
// MediaLive names its metadata tracks: `Streams(<scte35NameModifier, default "scte">.cmfm)`.
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

/** The SCTE-35 track's stream name; undefined: the group sends none. The modifier keeps MediaLive's characters (letters, digits, + - _ .), others become '_'. */
export function cmafScte35StreamName(settings: Pick<CmafIngestGroupSettings, "scte35Type" | "scte35NameModifier">): string | undefined {
  if (settings.scte35Type !== "SCTE_35_WITHOUT_SEGMENTATION") return undefined;
  const modifier = settings.scte35NameModifier ? settings.scte35NameModifier.replace(/[^A-Za-z0-9+._-]/g, "_") : CMAF_SCTE35_NAME_MODIFIER;
  return `${modifier}.cmfm`;
}

/** Whether a group sends a CMAF SCTE-35 track (a CMAF ingest group, or a MediaPackage v2 group sent as one): its video then carries the splice marks. */
export function groupSendsCmafScte35(group: Pick<OutputGroup, "outputGroupSettings">): boolean {
  const settings = group.outputGroupSettings?.cmafIngestGroupSettings ?? group.outputGroupSettings?.mediaPackageGroupSettings?.mediapackageV2GroupSettings;
  return settings !== undefined && cmafScte35StreamName(settings) !== undefined;
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
