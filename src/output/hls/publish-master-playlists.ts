// Writes each output group's master playlist (`<baseName>.m3u8`) for this pipeline: to
// the folder (atomically: temp file + rename, so a player never reads half a playlist)
// or with an HTTP PUT. With redundantManifest ENABLED every variant is listed a second
// time pointing at the other pipeline's copy, as a relative path between the two
// folders, which works on disk and through openlive's origin alike.

import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { EncoderPlan, ResolvedDestination } from "../encoder/encoder-plan.ts";
import { renderMasterPlaylist } from "./master-playlist.ts";
import { peerDestination } from "./destinations.ts";

export async function writeMasterPlaylists(plan: EncoderPlan, config: ChannelConfig, pipelineIndex: 0 | 1): Promise<void> {
  for (const group of plan.groups) {
    const redundant = group.settings.redundantManifest === "ENABLED" && config.channelClass !== "SINGLE_PIPELINE";
    const peer = redundant ? peerDestination(config, group.name, pipelineIndex) : undefined;
    const prefix = peer ? peerPrefix(group.destination, peer) : undefined;
    const text = renderMasterPlaylist({
      variants: group.variants,
      groupSettings: group.settings,
      ...(config.encoderSettings?.captionDescriptions ? { captionDescriptions: config.encoderSettings.captionDescriptions } : {}),
      ...(prefix !== undefined ? { redundantPeerPrefix: prefix } : {}),
    });
    await publish(group.destination, group.masterPlaylistName, text);
  }
}

function peerPrefix(own: ResolvedDestination, peer: ResolvedDestination): string {
  if (own.kind === "file" && peer.kind === "file") {
    const relative = path.posix.relative(own.folder, peer.folder);
    return relative === "" ? "" : `${relative}/`;
  }
  return peer.kind === "http" ? peer.url : "";
}

async function publish(destination: ResolvedDestination, name: string, text: string): Promise<void> {
  if (destination.kind === "file") {
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
    return;
  }
  const headers: Record<string, string> = { "content-type": "application/vnd.apple.mpegurl" };
  if (destination.username) headers.authorization = `Basic ${Buffer.from(`${destination.username}:${destination.password ?? ""}`).toString("base64")}`;
  const response = await fetch(new URL(name, destination.url), { method: "PUT", headers, body: text, signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`PUT ${name}: HTTP ${response.status}`);
}
