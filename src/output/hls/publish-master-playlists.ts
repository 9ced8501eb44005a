// Writes each output group's master playlist (`<baseName>.m3u8`) for this pipeline into
// its folder, atomically (temp file + rename, so a player never reads half a playlist); an
// http(s) destination's staging folder is mirrored like the encoder's files. With
// redundantManifest ENABLED every variant is listed a second time pointing at the other
// pipeline's copy, as a relative path between the two folders, which works on disk and
// through openlive's origin alike (or as the peer's URL when that one is http(s); between
// two folders of one S3 bucket, the relative path of their keys), unless
// baseUrlManifest/baseUrlManifest1 say where each pipeline's variant playlists are served.

import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { HlsGroupSettings } from "../../model/generated/medialive-types.ts";
import type { EncoderPlan, FileDestination, ResolvedDestination } from "../encoder/encoder-plan.ts";
import { webvttSubtitleRenditions } from "../captions/webvtt-renditions.ts";
import { renderMasterPlaylist } from "./master-playlist.ts";
import { peerDestination } from "./destinations.ts";

export async function writeMasterPlaylists(plan: EncoderPlan, config: ChannelConfig, pipelineIndex: 0 | 1): Promise<void> {
  for (const group of plan.groups) {
    const redundant = group.settings.redundantManifest === "ENABLED" && config.channelClass !== "SINGLE_PIPELINE";
    const peer = redundant ? peerDestination(config, group.name, pipelineIndex) : undefined;
    const peerIndex = pipelineIndex === 0 ? 1 : 0;
    const prefix = peer ? manifestBaseUrl(group.settings, peerIndex) || peerPrefix(group.destination, peer, peerDestination(config, group.name, peerIndex)) : undefined;
    const ownPrefix = manifestBaseUrl(group.settings, pipelineIndex);
    const text = renderMasterPlaylist({
      variants: group.variants,
      ...(group.audioRenditions ? { audioRenditions: group.audioRenditions } : {}),
      ...(group.imageStreams ? { imageStreams: group.imageStreams } : {}),
      groupSettings: group.settings,
      ...(config.encoderSettings?.captionDescriptions ? { captionDescriptions: config.encoderSettings.captionDescriptions } : {}),
      ...(prefix !== undefined ? { redundantPeerPrefix: prefix } : {}),
      ...(ownPrefix !== "" ? { variantUriPrefix: ownPrefix } : {}),
      subtitles: webvttSubtitleRenditions(config, group),
    });
    await publish(group.destination, group.masterPlaylistName, text);
  }
}

/** baseUrlManifest (baseUrlManifest1 for pipeline 1 when set): the prefix of variant playlist URIs in the master playlist. */
export function manifestBaseUrl(settings: HlsGroupSettings, pipelineIndex: 0 | 1): string {
  return (pipelineIndex === 1 && settings.baseUrlManifest1 ? settings.baseUrlManifest1 : settings.baseUrlManifest) ?? "";
}

/** `ownPlace`: this pipeline's destination as configured (the encoder's folder is a staging copy of a remote one). */
function peerPrefix(own: FileDestination, peer: ResolvedDestination, ownPlace: ResolvedDestination | undefined): string | undefined {
  if (peer.kind === "http") return peer.url;
  if (peer.kind === "s3") {
    // Keys of one bucket are served below one URL, so a relative path reaches the peer's; across buckets nothing here knows the URL.
    if (ownPlace?.kind !== "s3" || ownPlace.bucket !== peer.bucket) return undefined;
    const relative = path.posix.relative(`/${ownPlace.keyPrefix}`, `/${peer.keyPrefix}`);
    return relative === "" ? "" : `${relative}/`;
  }
  const relative = path.posix.relative(own.folder, peer.folder);
  return relative === "" ? "" : `${relative}/`;
}

/** Writes `name` into the destination atomically. The encoder's destination is always a local folder: an http(s) one is staged and mirrored (http-mirror.ts). */
export async function publish(destination: FileDestination, name: string, text: string | Uint8Array): Promise<void> {
  const file = path.join(destination.folder, name);
  // A fresh name, created exclusively ("wx": O_CREAT|O_EXCL, which also refuses a link of
  // that name, open(2)): nothing planted in the folder beforehand is written through.
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temp, text, { flag: "wx", mode: 0o644 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
