// A channel's MediaPackage output groups as a channel of HLS output groups, each with a
// destination of its own: the own origin's folder (file://, inside the origin root) for
// channels the targets configuration does not name, or the configured http(s) ingest URLs
// (MediaPackage v1 HLS ingest: WebDAV PUT, username and passwordParam), which the HLS kind's
// http mirror sends to. Group names are kept (an unnamed group gets the key the encoder plan
// gives it) so that the plan and this configuration name each group alike. A v2 channel
// (channelGroup/channelName) the targets configuration names takes CMAF ingest, not HLS:
// its groups are left out here and sent by mediapackage-cmaf-config.ts.

import { pathToFileURL } from "node:url";
import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { OutputDestination, OutputDestinationSettings, OutputGroup } from "../../model/generated/medialive-types.ts";
import { outputGroupKey } from "../output-group-key.ts";
import { mediaPackageChannelOf, ownOriginFolder, type MediaPackageChannel } from "./mediapackage-channel.ts";
import { mediaPackageGroupAsHls } from "./mediapackage-hls-group.ts";
import { mediaPackageCmafTarget, mediaPackageDestinationId } from "./mediapackage-cmaf-config.ts";
import { targetDestinationSettings, type MediaPackageSetup } from "./mediapackage-targets.ts";

export interface MediaPackageHlsConfig {
  /** Only the MediaPackage groups, as HLS groups, and their destinations. */
  readonly config: ChannelConfig;
}

export function isMediaPackageGroup(group: OutputGroup | undefined): boolean {
  return group?.outputGroupSettings?.mediaPackageGroupSettings !== undefined;
}

export function mediaPackageAsHlsConfig(config: ChannelConfig, setup: MediaPackageSetup): MediaPackageHlsConfig {
  const outputGroups: OutputGroup[] = [];
  const destinations: OutputDestination[] = [];
  (config.encoderSettings?.outputGroups ?? []).forEach((group, index) => {
    if (!isMediaPackageGroup(group)) return;
    const key = outputGroupKey(group, index);
    const refId = group.outputGroupSettings.mediaPackageGroupSettings?.destination?.destinationRefId;
    const channel = mediaPackageChannelOf((config.destinations ?? []).find((destination) => destination?.id === refId));
    if (!channel || mediaPackageCmafTarget(group, config, setup)) return;
    const destinationId = mediaPackageDestinationId(key);
    const target = Object.hasOwn(setup.targets, channel.key) ? setup.targets[channel.key] : undefined;
    const hls = mediaPackageGroupAsHls(group, config);
    const hlsSettings = hls.outputGroupSettings.hlsGroupSettings!;
    const http = target !== undefined;
    const settings: OutputDestinationSettings[] = target ? targetDestinationSettings(target) : ([0, 1] as const).map((pipeline) => ({ url: ownOriginUrl(setup.originRoot, channel, pipeline) }));
    destinations.push({ id: destinationId, settings });
    outputGroups.push({
      ...hls,
      name: key,
      outputGroupSettings: {
        hlsGroupSettings: { ...hlsSettings, destination: { destinationRefId: destinationId }, ...(http ? { hlsCdnSettings: { hlsWebdavSettings: {} } } : {}) },
      },
    });
  });
  const encoderSettings = config.encoderSettings ? { ...config.encoderSettings, outputGroups } : undefined;
  return { config: { ...config, destinations, ...(encoderSettings ? { encoderSettings } : {}) } };
}

/** file:// URL of the own origin's master playlist for one pipeline. */
function ownOriginUrl(originRoot: string, channel: MediaPackageChannel, pipelineIndex: 0 | 1): string {
  return `${pathToFileURL(ownOriginFolder(originRoot, channel, pipelineIndex)).href}/${channel.baseName}`;
}
