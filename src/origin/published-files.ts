// Which files the origin may serve: for every file:// folder a channel publishes into, the
// names its outputs write there (output/hls/hls-file-names.ts). Anything else in the folder —
// temp files, a stray file, something planted — is not published and is never served.

import type { ChannelConfig } from "../domain/channels/channel-config.ts";
import { parseHlsDestinationUrl } from "../domain/channels/destination-url.ts";
import { isWebvttRenditionFile } from "../output/captions/webvtt-renditions.ts";
import { iFramePlaylistName } from "../output/hls/iframe-playlist.ts";
import { hlsMasterPlaylistName, hlsVariantNames, isHlsVariantFile } from "../output/hls/hls-file-names.ts";

export type PublishedName = (fileName: string) => boolean;

/** Folder (absolute) → the tests of the names published there. */
export function publishedFolders(configs: Iterable<ChannelConfig>): Map<string, PublishedName[]> {
  const folders = new Map<string, PublishedName[]>();
  for (const config of configs) {
    for (const group of config.encoderSettings?.outputGroups ?? []) {
      const refId = group?.outputGroupSettings?.hlsGroupSettings?.destination?.destinationRefId;
      const destination = (config.destinations ?? []).find((d) => d?.id === refId);
      for (const setting of destination?.settings ?? []) {
        const parsed = parseHlsDestinationUrl(setting?.url ?? "");
        if (!parsed.ok || parsed.kind !== "file") continue;
        const master = hlsMasterPlaylistName(parsed.baseName);
        const variants = (group.outputs ?? []).flatMap((output) => {
          const hls = output?.outputSettings?.hlsOutputSettings;
          return hls ? [hlsVariantNames(parsed.baseName, hls)] : [];
        });
        // iFrameOnlyPlaylists STANDARD: each variant's `<variant>_iframes.m3u8` (segments are the variant's).
        const iFrames = group.outputGroupSettings?.hlsGroupSettings?.iFrameOnlyPlaylists === "STANDARD" ? variants.map((names) => ({ ...names, playlistName: iFramePlaylistName(names.playlistName) })) : [];
        variants.push(...iFrames);
        const tests = folders.get(parsed.folder) ?? [];
        tests.push((name) => name === master || variants.some((names) => isHlsVariantFile(names, name, parsed.baseName)) || isWebvttRenditionFile(config, group, parsed.baseName, name));
        folders.set(parsed.folder, tests);
      }
    }
  }
  return folders;
}
