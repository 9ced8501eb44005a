// What the origin serves below /origin/mediapackage/: the HLS of MediaPackage output groups
// whose channel no ingest target is configured for (output/mediapackage/), from the own
// origin's folder. A request path /origin/mediapackage/<folders…>/<file> names the file
// <originRoot>/<folders…>/<file>, and only the names those groups publish there are served,
// exactly as the output roots' files are (hls-origin.ts: published names, no links, one 404).

import type { ChannelConfig } from "../domain/channels/channel-config.ts";
import { mediaPackageAsHlsConfig } from "../output/mediapackage/mediapackage-hls-config.ts";
import { MEDIAPACKAGE_ORIGIN_FOLDER, type MediaPackageSetup } from "../output/mediapackage/mediapackage-targets.ts";
import { publishedFolders, type PublishedName } from "./published-files.ts";

/** The origin's paths for MediaPackage groups start with this; what follows is the path below the origin root's name. */
export const MEDIAPACKAGE_ORIGIN_PREFIX = "/origin/";

/** `/origin/mediapackage/a/b.m3u8` → `/mediapackage/a/b.m3u8` (the root-name form hls-origin.ts resolves), or undefined for other paths. */
export function mediaPackageRootPath(rawPath: string): string | undefined {
  return rawPath.startsWith(`${MEDIAPACKAGE_ORIGIN_PREFIX}${MEDIAPACKAGE_ORIGIN_FOLDER}/`) ? rawPath.slice(MEDIAPACKAGE_ORIGIN_PREFIX.length - 1) : undefined;
}

/** Folder (absolute) → the tests of the names the channels' MediaPackage groups publish there. */
export function mediaPackagePublishedFolders(configs: Iterable<ChannelConfig>, setup: MediaPackageSetup): Map<string, PublishedName[]> {
  return publishedFolders([...configs].map((config) => mediaPackageAsHlsConfig(config, setup).config));
}
