// The MediaPackage channel a destination names (MediaLive's mediaPackageSettings: v1
// `channelId`, or v2 `channelGroup` + `channelName`), and where openlive's own origin keeps
// its HLS: `<originRoot>/<channelId>/channel.m3u8` (v1) or
// `<originRoot>/<channelGroup>/<channelName>/index.m3u8` (v2), pipeline 1 in a `pipeline1`
// folder below. "channel" and "index" are the base names MediaPackage v1 and v2 ingest URLs
// end in (MediaLive User Guide, HLS output group to MediaPackage). Ids are user input: each
// becomes one folder name of safe characters only (file-name-part.ts), never a path.

import path from "node:path";
import type { OutputDestination } from "../../model/generated/medialive-types.ts";
import { fileNamePart } from "../file-name-part.ts";

export interface MediaPackageChannel {
  readonly version: 1 | 2;
  /** The key of the targets configuration: channelId, or "<channelGroup>/<channelName>". */
  readonly key: string;
  /** The folders below the origin root, each reduced to safe characters. */
  readonly folders: readonly string[];
  /** The master playlist's base name: "channel" (v1) or "index" (v2). */
  readonly baseName: "channel" | "index";
}

/** The folder of pipeline 1's copy, below the channel's folder. */
export const PIPELINE1_FOLDER = "pipeline1";

/**
 * The channel of a destination's mediaPackageSettings: a list with one entry (MediaLive's
 * model), or the entry itself (a shape some templates write and MediaLive's JSON reader takes).
 */
export function mediaPackageChannelOf(destination: Pick<OutputDestination, "mediaPackageSettings"> | undefined): MediaPackageChannel | undefined {
  const raw: unknown = destination?.mediaPackageSettings;
  const entry = (Array.isArray(raw) ? raw[0] : raw) as Record<string, unknown> | undefined;
  if (typeof entry !== "object" || entry === null) return undefined;
  const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
  const channelId = text(entry.channelId);
  const channelGroup = text(entry.channelGroup);
  const channelName = text(entry.channelName);
  if (channelGroup !== undefined && channelName !== undefined) {
    return { version: 2, key: `${channelGroup}/${channelName}`, folders: [fileNamePart(channelGroup), fileNamePart(channelName)], baseName: "index" };
  }
  if (channelId !== undefined) return { version: 1, key: channelId, folders: [fileNamePart(channelId)], baseName: "channel" };
  return undefined;
}

/** The own origin's folder for one pipeline of the channel (always inside `originRoot`). */
export function ownOriginFolder(originRoot: string, channel: MediaPackageChannel, pipelineIndex: 0 | 1): string {
  return path.join(originRoot, ...channel.folders, ...(pipelineIndex === 1 ? [PIPELINE1_FOLDER] : []));
}

/** The origin URL path of the pipeline's master playlist: /origin/mediapackage/<folders>/<baseName>.m3u8. */
export function ownOriginPath(channel: MediaPackageChannel, pipelineIndex: 0 | 1): string {
  const segments = ["origin", "mediapackage", ...channel.folders, ...(pipelineIndex === 1 ? [PIPELINE1_FOLDER] : []), `${channel.baseName}.m3u8`];
  return `/${segments.join("/")}`;
}
