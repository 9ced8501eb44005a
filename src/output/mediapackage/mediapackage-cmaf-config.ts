// A MediaPackage v2 channel (channelGroup/channelName) that the targets configuration maps to
// an ingest URL takes CMAF ingest (DASH-IF Live Media Ingest, interface 1), as MediaPackage v2
// does. Such a group is sent as the CMAF ingest group of the same outputs (frame captures
// aside), each output's streams named by its output name as its HLS files would be, the v2
// group's segment length, to the target's URL per pipeline with its username and
// passwordParam. The CMAF ingest kind plans and sends it (output/cmaf-ingest/), so its
// retries, alert and naming are that kind's. The plan cannot see the targets configuration:
// a group is planned as CMAF exactly when the beside opened a sender for every one of its
// tracks (`sentAsCmaf`).

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { CmafIngestGroupSettings, OutputDestination, OutputGroup } from "../../model/generated/medialive-types.ts";
import { cmafTracks } from "../cmaf-ingest/cmaf-names.ts";
import { outputGroupKey } from "../output-group-key.ts";
import { mediaPackageChannelOf } from "./mediapackage-channel.ts";
import { mediaPackageOutputs } from "./mediapackage-hls-group.ts";
import { targetDestinationSettings, type MediaPackageSetup, type MediaPackageTarget } from "./mediapackage-targets.ts";

/** The destination id a converted MediaPackage group names (HLS or CMAF). */
export const mediaPackageDestinationId = (groupKey: string): string => `mediapackage:${groupKey}`;

/** The CMAF ingest target of the group's v2 channel, when the targets configuration names one. */
export function mediaPackageCmafTarget(group: OutputGroup, config: Pick<ChannelConfig, "destinations">, setup: MediaPackageSetup): MediaPackageTarget | undefined {
  const refId = group.outputGroupSettings?.mediaPackageGroupSettings?.destination?.destinationRefId;
  const channel = mediaPackageChannelOf((config.destinations ?? []).find((destination) => destination?.id === refId));
  return channel?.version === 2 && Object.hasOwn(setup.targets, channel.key) ? setup.targets[channel.key] : undefined;
}

/** The MediaPackage group as the CMAF ingest group sent to its v2 channel's ingest (named by its key, naming mediaPackageDestinationId). */
export function mediaPackageGroupAsCmaf(group: OutputGroup, groupIndex: number, config: Pick<ChannelConfig, "encoderSettings">): OutputGroup {
  const groupKey = outputGroupKey(group, groupIndex);
  const v2 = group.outputGroupSettings.mediaPackageGroupSettings?.mediapackageV2GroupSettings;
  const settings: CmafIngestGroupSettings = {
    destination: { destinationRefId: mediaPackageDestinationId(groupKey) },
    ...(v2?.segmentLength !== undefined ? { segmentLength: v2.segmentLength } : {}),
    ...(v2?.segmentLengthUnits !== undefined ? { segmentLengthUnits: v2.segmentLengthUnits } : {}),
    // The SCTE-35 and ID3 tracks, named as a CMAF ingest group's (v2 settings have no name modifiers).
    ...(v2?.scte35Type !== undefined ? { scte35Type: v2.scte35Type } : {}),
    ...(v2?.id3Behavior !== undefined ? { id3Behavior: v2.id3Behavior } : {}),
    ...(v2?.timedMetadataId3Frame !== undefined ? { timedMetadataId3Frame: v2.timedMetadataId3Frame } : {}),
    ...(v2?.timedMetadataId3Period !== undefined ? { timedMetadataId3Period: v2.timedMetadataId3Period } : {}),
  };
  const outputs = mediaPackageOutputs(group, config).map(({ output, nameModifier }) => {
    const { outputSettings: _mediaPackage, ...names } = output;
    return { ...names, outputSettings: { cmafIngestOutputSettings: { nameModifier } } };
  });
  return { name: groupKey, outputGroupSettings: { cmafIngestGroupSettings: settings }, outputs };
}

/** Only the MediaPackage groups sent by CMAF ingest, as CMAF ingest groups, with their destinations. */
export function mediaPackageAsCmafConfig(config: ChannelConfig, setup: MediaPackageSetup): ChannelConfig {
  const outputGroups: OutputGroup[] = [];
  const destinations: OutputDestination[] = [];
  (config.encoderSettings?.outputGroups ?? []).forEach((group, index) => {
    const target = group.outputGroupSettings?.mediaPackageGroupSettings ? mediaPackageCmafTarget(group, config, setup) : undefined;
    if (!target) return;
    const cmaf = mediaPackageGroupAsCmaf(group, index, config);
    outputGroups.push(cmaf);
    destinations.push({ id: mediaPackageDestinationId(cmaf.name!), settings: targetDestinationSettings(target) });
  });
  const encoderSettings = config.encoderSettings ? { ...config.encoderSettings, outputGroups } : undefined;
  return { ...config, destinations, ...(encoderSettings ? { encoderSettings } : {}) };
}

/** Whether the plan sends the group by CMAF ingest: the beside gave every track of the converted group a sender. */
export function sentAsCmaf(cmafGroup: OutputGroup, slaveTargets: ReadonlyMap<string, string> | undefined): boolean {
  const tracks = cmafGroup.outputs.flatMap((output, outputIndex) => cmafTracks(cmafGroup.name!, output, outputIndex));
  return tracks.length > 0 && tracks.every((track) => slaveTargets?.has(track.key) === true);
}
