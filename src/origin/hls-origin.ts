// openlive's HTTP origin for `file://` HLS destinations (issue 6 §4): a channel that
// publishes to file:///srv/hls/main/channel is played at
//   http://<host>:<apiPort>/origin/srv/hls/main/channel.m3u8
// i.e. `/origin` + the absolute path of the file. Only folders that are the file://
// destination of a channel are served; nothing else on the disk is reachable. Playlists
// are never cached (they change every segment), segments are immutable. CORS is open so
// a player page on any origin (the console, hls.js demos) can play it.

import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { parseHlsDestinationUrl } from "../domain/channels/validate-channel.ts";
import type { Repository } from "../domain/repository.ts";

export const ORIGIN_PREFIX = "/origin";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".m3u8": "application/vnd.apple.mpegurl",
  ".ts": "video/mp2t",
  ".jpg": "image/jpeg",
  ".aac": "audio/aac",
  ".vtt": "text/vtt",
};

/** How long the set of served folders is reused before the store is asked again. */
const FOLDER_CACHE_MS = 1_000;

/** The playback URL of a file:// destination's master playlist. */
export function originUrl(baseUrl: string, destinationUrl: string): string | undefined {
  const parsed = parseHlsDestinationUrl(destinationUrl);
  if (!parsed.ok || parsed.kind !== "file") return undefined;
  return `${baseUrl}${ORIGIN_PREFIX}${encodeURI(`${parsed.folder}/${parsed.baseName}`)}.m3u8`;
}

export function registerHlsOrigin(app: FastifyInstance, repository: Repository): void {
  let folders: { atMs: number; set: Promise<Set<string>> } | undefined;
  const servedFolders = (): Promise<Set<string>> => {
    const now = Date.now();
    if (!folders || now - folders.atMs > FOLDER_CACHE_MS) folders = { atMs: now, set: listFolders(repository) };
    return folders.set;
  };

  app.get(`${ORIGIN_PREFIX}/*`, async (request, reply) => {
    const rawPath = (request.raw.url ?? "").split("?")[0]!.slice(ORIGIN_PREFIX.length);
    let filePath: string;
    try {
      filePath = decodeURIComponent(rawPath);
    } catch {
      return reply.code(400).header("access-control-allow-origin", "*").send({ message: "The path is not valid percent-encoding" });
    }
    const normalized = path.posix.normalize(filePath);
    const folder = path.posix.dirname(normalized);
    if (normalized !== filePath || !(await servedFolders()).has(folder)) {
      return reply.code(404).header("access-control-allow-origin", "*").send({ message: `${filePath} is not published by any channel` });
    }
    try {
      const info = await stat(normalized);
      if (!info.isFile()) throw new Error("not a file");
      const type = CONTENT_TYPES[path.posix.extname(normalized)] ?? "application/octet-stream";
      const playlist = normalized.endsWith(".m3u8");
      return reply
        .header("content-type", type)
        .header("content-length", info.size)
        .header("cache-control", playlist ? "no-cache, no-store" : "max-age=3600")
        .header("access-control-allow-origin", "*")
        .send(createReadStream(normalized));
    } catch {
      return reply.code(404).header("access-control-allow-origin", "*").send({ message: `${filePath} does not exist (yet)` });
    }
  });
}

async function listFolders(repository: Repository): Promise<Set<string>> {
  const set = new Set<string>();
  let after: number | undefined;
  do {
    const page = await repository.listChannels(after === undefined ? { limit: 1000 } : { after, limit: 1000 });
    for (const channel of page.items) {
      for (const destination of channel.config.destinations ?? []) {
        for (const setting of destination.settings ?? []) {
          const parsed = parseHlsDestinationUrl(setting.url ?? "");
          if (parsed.ok && parsed.kind === "file") set.add(parsed.folder);
        }
      }
    }
    after = page.nextAfter;
  } while (after !== undefined);
  return set;
}
