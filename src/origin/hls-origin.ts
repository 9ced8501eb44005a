// openlive's HTTP origin for `file://` destinations, on a listener of its own (originPort),
// so that what it serves shares no browser origin with the console and its stored keys.
// A channel publishing to file://<root>/sports/main/channel is played at
//   http://<host>:<originPort>/<root name>/sports/main/channel.m3u8
// i.e. the path below an output root, led by the root's name: URLs never carry filesystem
// paths. It serves only the files channels publish (published-files.ts), by the names their
// outputs write, never another file of the folder; no listings; no symbolic link is
// followed (the folder's real path must be the one below the root's real path, and the
// file is opened with O_NOFOLLOW). Every refusal is the same 404, so nothing tells whether
// a file exists. Playlists are never cached (they change every segment), segments are
// immutable; CORS is open so a player page on any origin can play it. MediaPackage output
// groups published to openlive's own origin are served the same way below
// /origin/mediapackage/ (mediapackage-origin.ts).

import { constants } from "node:fs";
import { open, realpath, type FileHandle } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyReply } from "fastify";
import type { Logger } from "pino";
import { parseHlsDestinationUrl } from "../domain/channels/destination-url.ts";
import { allChannels } from "../domain/all-channels.ts";
import type { Repository } from "../domain/repository.ts";
import { hlsContentType } from "../output/hls/hls-content-types.ts";
import { folderOfRootPath } from "../output/roots/place-in-roots.ts";
import { API_HTTP_TIMEOUTS, httpServerTimeoutOptions, limitConnections, type ConnectionLimits } from "../shared/connection-limits.ts";
import { publishedFolders, type PublishedName } from "./published-files.ts";
import { mediaPackagePublishedFolders, mediaPackageRootPath } from "./mediapackage-origin.ts";
import { OutputRoots } from "../output/roots/output-roots.ts";
import type { MediaPackageSetup } from "../output/mediapackage/mediapackage-targets.ts";

/** How long the set of published folders is reused before the store is asked again. */
const FOLDER_CACHE_MS = 1_000;

/** open(2): never through a link, never blocking on a FIFO or device. */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

const COMMON_HEADERS = {
  "access-control-allow-origin": "*",
  "x-content-type-options": "nosniff",
  // Media and playlists are data: a browser that opens one directly runs nothing from it.
  "content-security-policy": "default-src 'none'; sandbox",
} as const;

export interface OriginOptions {
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
  readonly roots: OutputRoots;
  readonly repository: Repository;
  readonly logger: Logger;
  /** Caps on connections, in total and per client address, as the API listener's. */
  readonly connectionLimits?: ConnectionLimits;
  /** MediaPackage groups published to the own origin, served below /origin/mediapackage/ (mediapackage-origin.ts). */
  readonly mediaPackage?: MediaPackageSetup;
  /** Cluster mode: the file below /origin/ingest/ a path names (origin-ingest.ts), served as it is; absent: none. */
  readonly ingested?: (rawPath: string) => OriginTarget | undefined;
}

export interface RunningOrigin {
  /** e.g. http://127.0.0.1:8081 */
  readonly url: string;
  close(): Promise<void>;
}

/** The playback URL of a file:// destination's master playlist, or undefined when it is not inside an output root. */
export function originUrl(originBaseUrl: string, roots: OutputRoots, destinationUrl: string): string | undefined {
  const parsed = parseHlsDestinationUrl(destinationUrl);
  if (!parsed.ok || parsed.kind !== "file") return undefined;
  const place = roots.placeOf(parsed.folder);
  if (!place) return undefined;
  const segments = [place.rootName, ...(place.relative === "" ? [] : place.relative.split("/")), `${parsed.baseName}.m3u8`];
  return `${originBaseUrl}/${segments.map(encodeURIComponent).join("/")}`;
}

/** The folder and file an origin request path names, or undefined for anything that is not `/<root>/<folders…>/<file>`. */
export interface OriginTarget {
  readonly root: string;
  readonly folder: string;
  readonly relative: string;
  readonly rootName: string;
  readonly fileName: string;
}

export function fileOfOriginPath(roots: OutputRoots, rawPath: string): OriginTarget | undefined {
  if (!rawPath.startsWith("/")) return undefined;
  const segments: string[] = [];
  for (const raw of rawPath.slice(1).split("/")) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    // One spelling per file: no empty, "." or ".." segment, no encoded separator or NUL.
    if (segment === "" || segment === "." || segment === ".." || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  if (segments.length < 2) return undefined;
  const [rootName, ...rest] = segments as [string, ...string[]];
  const fileName = rest.pop()!;
  const relative = rest.join("/");
  const found = folderOfRootPath(roots.roots, rootName, relative);
  return found === undefined ? undefined : { ...found, relative, rootName, fileName };
}

export async function startOrigin(options: OriginOptions): Promise<RunningOrigin> {
  let cache: { atMs: number; folders: Promise<Map<string, PublishedName[]>> } | undefined;
  const published = (): Promise<Map<string, PublishedName[]>> => {
    const now = Date.now();
    if (!cache || now - cache.atMs > FOLDER_CACHE_MS) cache = { atMs: now, folders: listPublished(options.repository, options.mediaPackage) };
    return cache.folders;
  };

  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    exposeHeadRoutes: false,
    // The API's short timeouts: a player asks, reads and comes back; a half-sent request or an
    // idle socket is not kept.
    serverFactory: (handler) => http.createServer(httpServerTimeoutOptions(API_HTTP_TIMEOUTS), handler),
  });
  const mediaPackageRoots = options.mediaPackage ? new OutputRoots([options.mediaPackage.originRoot]) : undefined;
  const targetOf = (rawPath: string): OriginTarget | undefined => {
    const mediaPackagePath = mediaPackageRootPath(rawPath);
    return mediaPackagePath !== undefined && mediaPackageRoots ? fileOfOriginPath(mediaPackageRoots, mediaPackagePath) : fileOfOriginPath(options.roots, rawPath);
  };
  const notFound = (reply: FastifyReply): FastifyReply => reply.code(404).headers(COMMON_HEADERS).send({ message: "Not Found" });
  app.setNotFoundHandler((_request, reply) => notFound(reply));
  app.setErrorHandler((_error, _request, reply) => notFound(reply));

  app.route({
    method: ["GET", "HEAD"],
    url: "/*",
    handler: async (request, reply) => {
      const rawPath = (request.raw.url ?? "").split("?")[0]!;
      // Ingested files are the HLS names the ingest route took (it refuses every other name).
      const ingested = options.ingested?.(rawPath);
      const target = ingested ?? targetOf(rawPath);
      if (!target || (!ingested && !(await published()).get(target.folder)?.some((isPublished) => isPublished(target.fileName)))) return notFound(reply);
      const handle = await openPublishedFile(target);
      if (!handle) return notFound(reply);
      const info = await handle.stat();
      const playlist = target.fileName.endsWith(".m3u8");
      reply
        .headers(COMMON_HEADERS)
        .header("content-type", hlsContentType(target.fileName))
        .header("content-length", info.size)
        .header("cache-control", playlist ? "no-cache, no-store" : "max-age=3600");
      if (request.method === "HEAD") {
        await handle.close();
        return reply.send();
      }
      return reply.send(handle.createReadStream());
    },
  });
  app.options("/*", async (_request, reply) => reply.code(204).headers(COMMON_HEADERS).header("access-control-allow-methods", "GET, HEAD").send());

  await app.ready();
  if (options.connectionLimits) limitConnections(app.server, options.connectionLimits);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    close() {
      closing ??= app.close();
      return closing;
    },
  };
}

/** Opens a published file for reading, or undefined when it is missing, not a regular file, or reached through a link. */
export async function openPublishedFile(target: OriginTarget): Promise<FileHandle | undefined> {
  let handle: FileHandle | undefined;
  try {
    const [realRoot, realFolder] = await Promise.all([realpath(target.root), realpath(target.folder)]);
    const expected = target.relative === "" ? realRoot : path.join(realRoot, ...target.relative.split("/"));
    if (realFolder !== expected) return undefined;
    handle = await open(path.join(realFolder, target.fileName), OPEN_FLAGS);
    if ((await handle.stat()).isFile()) return handle;
  } catch {
    // missing (not written yet, or expired), a link, or unreadable: the same 404 for all
  }
  await handle?.close();
  return undefined;
}

async function listPublished(repository: Repository, mediaPackage: MediaPackageSetup | undefined): Promise<Map<string, PublishedName[]>> {
  const configs = [];
  for await (const channel of allChannels(repository)) if (channel.deletedAtMs === undefined) configs.push(channel.config);
  const folders = publishedFolders(configs);
  // The own origin's folder lies in the data dir, which no output root may hold: no folder is in both.
  if (mediaPackage) for (const [folder, tests] of mediaPackagePublishedFolders(configs, mediaPackage)) folders.set(folder, [...(folders.get(folder) ?? []), ...tests]);
  return folders;
}
