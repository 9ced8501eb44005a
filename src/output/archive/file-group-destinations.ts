// Where this pipeline's archive or frame capture groups put their files:
// destinations[].settings[pipeline] of each group's destinationRefId, a local folder inside
// the output roots (made safe on the way, output/roots/) or an S3 bucket. Either way the
// encoder writes into a staging folder of the pipeline's own (staged-files.ts).

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import { parseFileGroupDestinationUrl } from "../../domain/channels/file-group-destination-url.ts";
import type { OutputGroup } from "../../model/generated/medialive-types.ts";
import { outputGroupKey } from "../output-group-key.ts";
import type { OutputRoots } from "../roots/output-roots.ts";

export type ResolvedFileGroupDestination =
  | { readonly kind: "file"; readonly folder: string; readonly baseName: string }
  | { readonly kind: "s3"; readonly bucket: string; readonly prefix: string; readonly baseName: string; readonly tls: boolean };

export interface FileGroupPlace {
  readonly groupName: string;
  readonly group: OutputGroup;
  readonly destination: ResolvedFileGroupDestination;
}

/** The groups whose settings member is `member`, with their places; throws when a local folder may not be published into. */
export function resolveFileGroupPlaces(
  config: ChannelConfig,
  member: "archiveGroupSettings" | "frameCaptureGroupSettings",
  pipelineIndex: 0 | 1,
  roots: OutputRoots,
  onRemoved: (folder: string, names: readonly string[]) => void,
): FileGroupPlace[] {
  const places: FileGroupPlace[] = [];
  for (const [index, group] of (config.encoderSettings?.outputGroups ?? []).entries()) {
    const refId = group.outputGroupSettings?.[member]?.destination?.destinationRefId;
    if (refId === undefined) continue;
    const destination = config.destinations.find((d) => d.id === refId);
    const url = (destination?.settings?.[pipelineIndex] ?? destination?.settings?.[0])?.url;
    const parsed = url ? parseFileGroupDestinationUrl(url) : undefined;
    if (!parsed?.ok) continue;
    if (parsed.kind === "file") roots.prepare(parsed.folder, parsed.baseName, (names) => onRemoved(parsed.folder, names));
    const { ok: _ok, ...place } = parsed;
    places.push({ groupName: outputGroupKey(group, index), group, destination: place });
  }
  return places;
}
