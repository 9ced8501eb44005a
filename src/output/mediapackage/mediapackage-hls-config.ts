// A channel's MediaPackage output groups as a channel of HLS output groups, each with a
// destination of its own: the own origin's folder (file://, inside the origin root) for
// channels the targets configuration does not name, or the configured http(s) ingest URLs
// (MediaPackage v1 HLS ingest: WebDAV PUT, username and passwordParam), which the HLS kind's
// http mirror sends to. Group names are kept (an unnamed group gets the key the encoder plan
// gives it) so that the plan and this configuration name each group alike.
//
// A v2 channel (channelGroup/channelName) with a configured ingest URL expects CMAF ingest
// (DASH-IF Live Media Ingest, interface 1), which HLS cannot be. No output kind sends CMAF
// ingest yet, so such a group publishes to the own origin and says so (a note). The seam for
// that kind: `v2IngestOf` gives the group's configured CMAF ingest settings, and this
// kind's plan and beside (mediapackage-output.ts) would hand those groups to it, as a
// cmafIngestGroupSettings group with the same outputs and that destination, instead of here.

import { pathToFileURL } from "node:url";
import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { OutputDestination, OutputDestinationSettings, OutputGroup } from "../../model/generated/medialive-types.ts";
import { outputGroupKey } from "../output-group-key.ts";
import { mediaPackageChannelOf, ownOriginFolder, type MediaPackageChannel } from "./mediapackage-channel.ts";
import { mediaPackageGroupAsHls } from "./mediapackage-hls-group.ts";
import type { MediaPackageSetup, MediaPackageTarget } from "./mediapackage-targets.ts";

export interface MediaPackageHlsConfig {
  /** Only the MediaPackage groups, as HLS groups, and their destinations. */
  readonly config: ChannelConfig;
  /** Things configured that this host does not do as asked (logged when the pipeline starts). */
  readonly notes: readonly string[];
}

/** The configured CMAF ingest target of a v2 channel (the seam for a CMAF ingest kind), or undefined. */
export function v2IngestOf(channel: MediaPackageChannel, setup: MediaPackageSetup): MediaPackageTarget | undefined {
  return channel.version === 2 && Object.hasOwn(setup.targets, channel.key) ? setup.targets[channel.key] : undefined;
}

export function isMediaPackageGroup(group: OutputGroup | undefined): boolean {
  return group?.outputGroupSettings?.mediaPackageGroupSettings !== undefined;
}

export function mediaPackageAsHlsConfig(config: ChannelConfig, setup: MediaPackageSetup): MediaPackageHlsConfig {
  const notes: string[] = [];
  const outputGroups: OutputGroup[] = [];
  const destinations: OutputDestination[] = [];
  (config.encoderSettings?.outputGroups ?? []).forEach((group, index) => {
    if (!isMediaPackageGroup(group)) return;
    const key = outputGroupKey(group, index);
    const refId = group.outputGroupSettings.mediaPackageGroupSettings?.destination?.destinationRefId;
    const channel = mediaPackageChannelOf((config.destinations ?? []).find((destination) => destination?.id === refId));
    if (!channel) return;
    const destinationId = `mediapackage:${key}`;
    const target = Object.hasOwn(setup.targets, channel.key) ? setup.targets[channel.key] : undefined;
    const hls = mediaPackageGroupAsHls(group, config);
    const hlsSettings = hls.outputGroupSettings.hlsGroupSettings!;
    let settings: OutputDestinationSettings[];
    let http = false;
    if (target && channel.version === 1) {
      settings = [0, 1].map((pipeline) => {
        const setting = target.settings[pipeline] ?? target.settings[0]!;
        return { url: setting.url, ...(setting.username !== undefined ? { username: setting.username } : {}), ...(setting.passwordParam !== undefined ? { passwordParam: setting.passwordParam } : {}) };
      });
      http = true;
    } else {
      if (v2IngestOf(channel, setup)) notes.push(`output group "${key}": MediaPackage v2 channel "${channel.key}" is configured with a CMAF ingest URL, which openlive cannot send to yet; it publishes to openlive's origin instead`);
      settings = ([0, 1] as const).map((pipeline) => ({ url: ownOriginUrl(setup.originRoot, channel, pipeline) }));
    }
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
  return { config: { ...config, destinations, ...(encoderSettings ? { encoderSettings } : {}) }, notes };
}

/** file:// URL of the own origin's master playlist for one pipeline. */
function ownOriginUrl(originRoot: string, channel: MediaPackageChannel, pipelineIndex: 0 | 1): string {
  return `${pathToFileURL(ownOriginFolder(originRoot, channel, pipelineIndex)).href}/${channel.baseName}`;
}
