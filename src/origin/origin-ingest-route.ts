// PUT, DELETE and GET of HLS files below /origin/ingest/ on the API port (cluster mode): how a
// worker publishes a pipeline's HLS to openlive's origin, fenced. Every write names the
// pipeline and the epoch of the claim it runs under (x-openlive-channel-id,
// x-openlive-pipeline, x-openlive-epoch); a write under an older epoch than the pipeline's
// current claim is refused with 409, so a replaced worker that still runs can never overwrite
// what its replacement published (epoch-fence.ts decides, the cluster database confirms).
//
// Authentication is HTTP basic (RFC 7617) with the API's own credentials (access key id as
// user, secret access key as password, compared in constant time): it is what a MediaLive
// HTTP destination sends (destination username and passwordParam), so a worker needs no
// signer and no configuration beyond the channel's destination. Basic sends the secret with
// every request: use https, or a network only the nodes reach (docs/cluster.md).
//
// GET answers the file (the worker reads its last playlist back before its encoder
// continues it); players read the same files from the origin listener (hls-origin.ts).

import { createHash, timingSafeEqual } from "node:crypto";
import { mkdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { requestBody, sendApiError } from "../api/signed-extension.ts";
import { hlsContentType } from "../output/hls/hls-content-types.ts";
import { FENCING_HEADERS } from "../output/hls/http-mirror.ts";
import { publish } from "../output/hls/publish-master-playlists.ts";
import type { OutputRoots } from "../output/roots/output-roots.ts";
import { ApiError } from "../shared/errors.ts";
import { FENCE_VERDICTS, fenceFromDatabase, fenceFromMemory, fenceWithoutDatabase, type FenceEntry, type FenceVerdict } from "./epoch-fence.ts";
import { openPublishedFile, type OriginTarget } from "./hls-origin.ts";
import { INGEST_PATH_PREFIX, ingestRoots, ingestTarget } from "./origin-ingest.ts";

/** The cluster's answer to "which epoch holds this pipeline now?" (undefined: the pipeline is not wanted). */
export interface PipelineEpochs {
  currentEpoch(channelId: string, pipeline: 0 | 1): Promise<number | undefined>;
}

export interface OriginIngestOptions {
  readonly roots: OutputRoots;
  readonly epochs: PipelineEpochs;
  readonly lookupSecret: (accessKeyId: string) => string | undefined;
  readonly logger: Logger;
  readonly nowMs?: () => number;
  /** How long a confirmed epoch writes without asking the database again. */
  readonly recheckMs?: number;
}

const DEFAULT_RECHECK_MS = 1_000;

/** A segment of a 1080p ladder rung is a few MB; the API's own body limit is for JSON. */
const INGEST_BODY_LIMIT_BYTES = 256 * 1024 * 1024;

interface Fencing {
  readonly channelId: string;
  readonly pipeline: 0 | 1;
  readonly epoch: number;
}

function basicCredentials(authorization: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/=]+)$/i.exec(authorization?.trim() ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function ingestAuthorized(authorization: string | undefined, lookupSecret: (accessKeyId: string) => string | undefined): boolean {
  const credentials = basicCredentials(authorization);
  const secret = credentials && lookupSecret(credentials.user);
  if (!credentials || secret === undefined) return false;
  const digest = (text: string): Buffer => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(credentials.password), digest(secret));
}

function fencingOf(request: FastifyRequest): Fencing | string {
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return typeof value === "string" ? value.trim() : undefined;
  };
  const channelId = header(FENCING_HEADERS.channelId);
  const pipeline = header(FENCING_HEADERS.pipeline);
  const epoch = header(FENCING_HEADERS.epoch);
  if (!channelId || !/^[A-Za-z0-9-]{1,128}$/.test(channelId)) return `${FENCING_HEADERS.channelId} is ${channelId === undefined ? "missing" : "not a channel id"}`;
  if (pipeline !== "0" && pipeline !== "1") return `${FENCING_HEADERS.pipeline} is ${pipeline === undefined ? "missing" : `"${pipeline}"`}`;
  if (epoch === undefined || !/^\d{1,15}$/.test(epoch)) return `${FENCING_HEADERS.epoch} is ${epoch === undefined ? "missing" : `"${epoch}"`}`;
  return { channelId, pipeline: pipeline === "0" ? 0 : 1, epoch: Number(epoch) };
}

/** Registers the route; the ingest folder is made first (throws when it cannot be used safely). */
export function registerOriginIngestRoute(app: FastifyInstance, options: OriginIngestOptions): void {
  for (const root of options.roots.roots) mkdirSync(root, { recursive: true, mode: 0o755 });
  const problems = options.roots.rootProblems();
  if (problems.length) throw new Error(`cannot take ingested HLS into ${options.roots.roots.join(", ")}: ${problems.join("; ")}`);
  const nowMs = options.nowMs ?? Date.now;
  const recheckMs = options.recheckMs ?? DEFAULT_RECHECK_MS;
  const fences = new Map<string, FenceEntry>();
  let refusedWrites = 0;

  /** The fence's verdict for a write, asking the database when memory cannot tell. */
  const verdictFor = async (fencing: Fencing): Promise<{ verdict: FenceVerdict; current?: number }> => {
    const key = `${fencing.channelId}/${fencing.pipeline}`;
    const entry = fences.get(key);
    const fromMemory = fenceFromMemory(entry, fencing.epoch, nowMs(), recheckMs);
    if (fromMemory !== FENCE_VERDICTS.ASK) return { verdict: fromMemory, ...(entry ? { current: entry.epoch } : {}) };
    let current: number | undefined;
    try {
      current = await options.epochs.currentEpoch(fencing.channelId, fencing.pipeline);
    } catch (error) {
      options.logger.warn({ err: error, ...fencing }, "origin ingest: the cluster database did not answer; the epoch it confirmed last keeps writing");
      return { verdict: fenceWithoutDatabase(entry, fencing.epoch), ...(entry ? { current: entry.epoch } : {}) };
    }
    const decided = fenceFromDatabase(entry, fencing.epoch, current, nowMs());
    if (decided.entry) fences.set(key, decided.entry);
    return { verdict: decided.verdict, ...(current !== undefined ? { current } : {}) };
  };

  const refuse = (request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply => sendApiError(reply, request.id, error);

  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    if (!ingestAuthorized(request.headers.authorization, options.lookupSecret)) {
      return refuse(request, reply.header("www-authenticate", 'Basic realm="openlive origin ingest"'), new ApiError("OL_INGEST_AUTH"));
    }
    const rawPath = (request.raw.url ?? "").split("?")[0]!;
    const target = ingestTarget(options.roots, rawPath);
    if (!target) return refuse(request, reply, new ApiError("OL_INGEST_BAD_PATH", { path: rawPath.slice(0, 300) }));
    if (request.method === "GET") {
      const handle = await openPublishedFile(target);
      if (!handle) return reply.code(404).header("content-type", "text/plain; charset=utf-8").send("not found\n");
      const bytes = await handle.readFile().finally(() => handle.close());
      return reply.code(200).header("content-type", hlsContentType(target.fileName)).header("cache-control", "no-store").send(bytes);
    }
    const fencing = fencingOf(request);
    if (typeof fencing === "string") return refuse(request, reply, new ApiError("OL_INGEST_FENCING_MISSING", { detail: fencing }));
    const { verdict, current } = await verdictFor(fencing);
    const params = { channelId: fencing.channelId, pipeline: fencing.pipeline, epoch: fencing.epoch };
    if (verdict === FENCE_VERDICTS.UNAVAILABLE) return refuse(request, reply, new ApiError("OL_INGEST_EPOCH_UNCONFIRMED", params));
    if (verdict !== FENCE_VERDICTS.ACCEPT) {
      refusedWrites += 1;
      options.logger.warn({ ...params, currentEpoch: current, file: target.fileName, refusedWrites }, "origin ingest: a write from a replaced holder is refused");
      return refuse(request, reply, current === undefined ? new ApiError("OL_INGEST_NOT_WANTED", params) : new ApiError("OL_INGEST_STALE_EPOCH", { ...params, currentEpoch: current }));
    }
    // Made (and checked) inside the ingest folder: no link or foreign-writable folder on the way.
    options.roots.prepare(target.folder, "");
    if (request.method === "DELETE") await rm(`${target.folder}/${target.fileName}`, { force: true });
    else await publish({ kind: "file", folder: target.folder, baseName: "" }, target.fileName, requestBody(request));
    return reply.code(request.method === "PUT" ? 201 : 204).send();
  };

  app.route({ method: ["PUT", "DELETE", "GET"], url: `${INGEST_PATH_PREFIX}*`, bodyLimit: INGEST_BODY_LIMIT_BYTES, handler });
}

/**
 * On a cluster node (a cluster store given): registers the route and returns how the origin
 * listener finds an ingested file; a single node has no ingest (undefined).
 */
export function wireOriginIngest(app: FastifyInstance, options: Omit<OriginIngestOptions, "roots" | "epochs"> & { readonly dataDir: string; readonly epochs: PipelineEpochs | undefined }): ((rawPath: string) => OriginTarget | undefined) | undefined {
  const { epochs, dataDir, ...rest } = options;
  if (!epochs) return undefined;
  const roots = ingestRoots(dataDir);
  registerOriginIngestRoute(app, { ...rest, roots, epochs });
  return (rawPath) => ingestTarget(roots, rawPath);
}
