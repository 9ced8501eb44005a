// Where this pipeline publishes each HLS output group: destinations[].settings[pipeline]
// of the group's destinationRefId, as a local folder (file://), an http(s) folder URL
// with the password resolved from the secret store (never written to the channel), or a
// folder of an S3 bucket (s3://, s3ssl://; the store's settings are the pipeline's S3
// configuration). Local
// folders are made only inside the output roots, and refused when a link or another user
// could redirect what the encoder writes (output/roots/safe-folder.ts).

import { findOutputGroup, outputGroupKey } from "../output-group-key.ts";
import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import { parseHlsDestinationUrl } from "../../domain/channels/destination-url.ts";
import type { OutputRoots } from "../roots/output-roots.ts";
import type { ResolvedDestination } from "../encoder/encoder-plan.ts";

/** Output folders are made safe on the way: `onRemoved` hears of links and special files removed from one. */
export interface PreparedRoots {
  readonly roots: OutputRoots;
  readonly onRemoved?: (folder: string, names: readonly string[]) => void;
}

export async function resolveDestinations(config: ChannelConfig, pipelineIndex: 0 | 1, resolveSecret: (name: string) => string | undefined, prepared: PreparedRoots): Promise<Map<string, ResolvedDestination>> {
  const resolved = new Map<string, ResolvedDestination>();
  for (const [index, group] of (config.encoderSettings?.outputGroups ?? []).entries()) {
    const refId = group.outputGroupSettings?.hlsGroupSettings?.destination?.destinationRefId;
    const destination = config.destinations.find((d) => d.id === refId);
    const setting = destination?.settings?.[pipelineIndex] ?? destination?.settings?.[0];
    if (!setting?.url) continue;
    const place = placeOf(setting.url, setting.username, setting.passwordParam ? resolveSecret(setting.passwordParam) : undefined, prepared);
    if (place) resolved.set(outputGroupKey(group, index), place);
  }
  return resolved;
}

/** The other pipeline's place of the same group (redundant manifests). */
export function peerDestination(config: ChannelConfig, groupName: string, pipelineIndex: 0 | 1): ResolvedDestination | undefined {
  const group = findOutputGroup(config.encoderSettings?.outputGroups, groupName);
  const refId = group?.outputGroupSettings?.hlsGroupSettings?.destination?.destinationRefId;
  const setting = config.destinations.find((d) => d.id === refId)?.settings?.[pipelineIndex === 0 ? 1 : 0];
  return setting?.url ? placeOf(setting.url, undefined, undefined, undefined) : undefined;
}

/** `prepared` given: the folder is made (and checked) for this pipeline to publish into; throws when it may not be. */
function placeOf(url: string, username: string | undefined, password: string | undefined, prepared: PreparedRoots | undefined): ResolvedDestination | undefined {
  const parsed = parseHlsDestinationUrl(url);
  if (!parsed.ok) return undefined;
  if (parsed.kind === "file") {
    prepared?.roots.prepare(parsed.folder, parsed.baseName, (names) => prepared.onRemoved?.(parsed.folder, names));
    return { kind: "file", folder: parsed.folder, baseName: parsed.baseName };
  }
  if (parsed.kind === "s3") return { kind: "s3", bucket: parsed.bucket, keyPrefix: parsed.keyPrefix, baseName: parsed.baseName, tls: parsed.tls };
  const folderUrl = parsed.url.href.slice(0, parsed.url.href.lastIndexOf("/") + 1);
  return { kind: "http", url: folderUrl, baseName: parsed.baseName, method: "PUT", ...(username ? { username } : {}), ...(password !== undefined ? { password } : {}) };
}
