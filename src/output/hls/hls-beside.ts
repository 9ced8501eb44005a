// What runs beside the encoder for a pipeline's HLS groups: the destinations made safe (or
// staged, for http(s) and S3), the master playlists written for each plan, the I-frame and
// trick-play image playlists, the mirrors that
// upload staged files (HTTP PUT or S3), the clean-up of segments a previous encoder left beyond its playlist,
// and the count of published segments.

import { fileNamePart } from "../file-name-part.ts";
import { findOutputGroup } from "../output-group-key.ts";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { AlertCatalogue } from "../../shared/alerts.ts";
import type { EncoderPlan, FileDestination, ResolvedDestination, S3Destination } from "../encoder/plan-types.ts";
import type { BesideContext, OutputBeside, OutputCounters } from "../output-kind.ts";
import { resolveDestinations } from "./destinations.ts";
import { FolderMirror, type MirrorTransport } from "./folder-mirror.ts";
import { HttpTransport } from "./http-mirror.ts";
import { ContinuityPublisher, type FetchPublished } from "./continuity-publisher.ts";
import { cdnDelivery } from "./cdn-delivery.ts";
import { S3Clients } from "../object-store/s3-clients.ts";
import { s3MirrorTransport } from "./s3-transport.ts";
import { IFramePlaylists } from "./iframe-playlists.ts";
import { AdMarkerPlaylists } from "./ad-marker-playlists.ts";
import { HlsScte35Segments } from "./hls-scte35-segments.ts";
import { ImagePlaylists } from "./image-playlists.ts";
import { writeMasterPlaylists } from "./publish-master-playlists.ts";
import { PublishedSegments } from "./published-segments.ts";
import { scheduleStaleSegmentCleanup } from "./stale-segments.ts";

/** How often the media playlists are looked at for new segments to write ad markers into. */
const AD_MARKER_POLL_MS = 200;
/** How long the mirrors keep uploading after the encoder stopped: its last segments and playlists. */
const MIRROR_FLUSH_MS = 500;

export async function startHlsBeside(context: BesideContext): Promise<OutputBeside> {
  let destinations: Map<string, ResolvedDestination>;
  try {
    destinations = await resolveDestinations(context.config, context.pipelineIndex, context.resolveSecret, {
      roots: context.roots,
      onRemoved: (folder, names) => context.logger.warn({ folder, names }, "removed symbolic links or special files named like this output's files from its folder (the encoder would have written through them)"),
    });
  } catch (error) {
    // StartChannel checked the folders; one changed since (a link planted, a mode widened).
    context.alert({ alertType: AlertCatalogue.OUTPUT_FAILED.alertType, message: `the output folder is refused: ${(error as Error).message}`, state: "SET", atMs: Date.now() });
    throw error;
  }
  return new HlsBeside(context, destinations);
}

class HlsBeside implements OutputBeside {
  readonly destinations: ReadonlyMap<string, FileDestination>;
  readonly #context: BesideContext;
  readonly #mirrors: FolderMirror[] = [];
  readonly #s3Clients = new S3Clients();
  readonly #segments = new PublishedSegments();
  readonly #iFramePlaylists = new IFramePlaylists();
  readonly #imagePlaylists = new ImagePlaylists();
  readonly #adMarkers: AdMarkerPlaylists | undefined;
  readonly #scte35: HlsScte35Segments | undefined;
  #adMarkerTimer: NodeJS.Timeout | undefined;
  #adMarkerPlan: EncoderPlan | undefined;
  readonly #continuity: ContinuityPublisher;
  /** Group name → how its remote destination is reached (staged groups only). */
  readonly #transports = new Map<string, MirrorTransport>();
  #seeded = false;
  #lastPlan: EncoderPlan | undefined;
  #uploadFailures = 0;
  #cancelCleanup: (() => void) | undefined;
  #closing: Promise<void> | undefined;

  constructor(context: BesideContext, destinations: ReadonlyMap<string, ResolvedDestination>) {
    this.#context = context;
    this.#continuity = new ContinuityPublisher(context.logger);
    this.destinations = this.#stageRemoteDestinations(destinations);
    this.#adMarkers = context.spliceMarks ? new AdMarkerPlaylists(context.spliceMarks) : undefined;
    this.#scte35 = context.spliceMarks ? new HlsScte35Segments(context.config, context.spliceMarks, (failure) => context.logger.warn({ err: failure.error, file: failure.file }, failure.what)) : undefined;
  }

  async planned(whole: EncoderPlan): Promise<void> {
    const plan = this.#own(whole);
    // Once per pipeline process, before its first encoder: the encoder continues what was published.
    if (!this.#seeded) {
      this.#seeded = true;
      await this.#continuity.seed(plan, (groupName) => this.#fetcher(groupName), Date.now()).catch((error: Error) => this.#context.logger.warn({ err: error }, "the encoder's playlists were not seeded"));
    }
    this.#continuity.watch(plan);
    await writeMasterPlaylists(plan, this.#context.config, this.#context.pipelineIndex).catch((error: Error) => this.#context.logger.warn({ err: error }, "master playlist not written"));
  }

  encoderStarting(whole: EncoderPlan, first: boolean): void {
    const plan = this.#own(whole);
    this.#continuity.seedLocked(plan);
    if (first) this.#cancelCleanup = scheduleStaleSegmentCleanup(plan, (segmentLengthSec, keep, index) => Math.max(1, keep - index) * segmentLengthSec * 1000);
    this.#segments.track(plan);
    this.#imagePlaylists.prepare(plan);
    if (this.#scte35 && HlsScte35Segments.wanted(this.#context.config, plan)) this.#scte35.follow(plan);
    // Ad markers go into a playlist as soon after the encoder rewrote it as possible (a player may fetch it at once).
    const adMarkers = this.#adMarkers;
    clearInterval(this.#adMarkerTimer);
    if (adMarkers && plan.groups.some((group) => AdMarkerPlaylists.wanted(group))) {
      this.#adMarkerPlan = plan;
      this.#adMarkerTimer = setInterval(() => adMarkers.refresh(plan).catch((error: Error) => this.#context.logger.warn({ err: error }, "ad markers not written")), AD_MARKER_POLL_MS);
      this.#adMarkerTimer.unref();
    }
  }

  counters(whole: EncoderPlan | undefined): OutputCounters {
    const plan = whole && this.#own(whole);
    if (plan) this.#lastPlan = plan;
    // Called about once a second: a change event the playlist watch missed is published here.
    if (plan) void this.#continuity.refresh(plan);
    // The I-frame playlists follow the media playlists' changes.
    if (plan) this.#iFramePlaylists.refresh(plan).catch((error: Error) => this.#context.logger.warn({ err: error }, "I-frame playlist not written"));
    if (plan) this.#imagePlaylists.refresh(plan).catch((error: Error) => this.#context.logger.warn({ err: error }, "image playlist not written"));
    return { segmentsPublished: plan ? this.#segments.update(plan) : this.#segments.published, uploadFailures: this.#uploadFailures };
  }

  /** The plan's groups this beside publishes (other kinds' groups, and other HLS besides', are theirs). */
  #own(plan: EncoderPlan): EncoderPlan {
    return { ...plan, groups: plan.groups.filter((group) => this.destinations.has(group.name)) };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#cancelCleanup?.();
      clearInterval(this.#adMarkerTimer);
      // The encoder has finished its files: their last segments get their markers too.
      if (this.#adMarkerPlan) await this.#adMarkers?.refresh(this.#adMarkerPlan).catch((error: Error) => this.#context.logger.warn({ err: error }, "ad markers not written"));
      this.#scte35?.close();
      // The encoder's last playlist (written as it finished) is published, then the watch ends.
      if (this.#lastPlan) await this.#continuity.refresh(this.#lastPlan);
      this.#continuity.close();
      // The last segments the encoder flushed are uploaded before the mirrors stop.
      await new Promise((resolve) => setTimeout(resolve, this.#mirrors.length ? MIRROR_FLUSH_MS : 0));
      for (const mirror of this.#mirrors) mirror.close();
      this.#s3Clients.close();
    })();
    return this.#closing;
  }

  /**
   * Remote destinations (http(s), mediastoressl://, s3://, s3ssl://): the encoder writes to a
   * local staging folder (its playlists there also carry the media sequence across restarts)
   * and a FolderMirror uploads with retries, over HTTP or S3.
   */
  #stageRemoteDestinations(destinations: ReadonlyMap<string, ResolvedDestination>): Map<string, FileDestination> {
    const { config, workDir, alert } = this.#context;
    const staged = new Map<string, FileDestination>();
    for (const [groupName, destination] of destinations) {
      if (destination.kind === "file") {
        staged.set(groupName, destination);
        continue;
      }
      const folder = path.join(workDir, "http", fileNamePart(groupName));
      mkdirSync(folder, { recursive: true });
      const cdn = findOutputGroup(config.encoderSettings?.outputGroups, groupName)?.outputGroupSettings?.hlsGroupSettings?.hlsCdnSettings;
      const delivery = cdnDelivery(cdn);
      const failure = (message: string): void => alert({ alertType: AlertCatalogue.OUTPUT_FAILED.alertType, message: `output group ${groupName}: ${message}`, state: "SET", atMs: Date.now(), outputGroup: groupName });
      const claim = this.#context.clusterClaim;
      const fencing = claim ? { channelId: claim.channelId, pipelineIndex: this.#context.pipelineIndex, epoch: claim.epoch } : undefined;
      const transport = destination.kind === "http" ? new HttpTransport({ ...destination, chunked: delivery.chunked, ...(fencing ? { fencing } : {}) }) : s3MirrorTransport(destination, this.#context.objectStores, this.#s3Clients, cdn?.hlsS3Settings?.cannedAcl);
      // A bucket with no store configured is told at once, not after the first file's retries.
      const storeProblem = destination.kind === "s3" ? this.#s3Problem(destination) : undefined;
      if (storeProblem) failure(storeProblem);
      const mirror = new FolderMirror({
        folder,
        transport,
        failing: storeProblem !== undefined,
        ...delivery.retry,
        onFailure: (message) => {
          this.#uploadFailures += 1;
          failure(message);
        },
        onRecovered: () => alert({ alertType: AlertCatalogue.OUTPUT_FAILED.alertType, message: `output group ${groupName}: uploads succeed again`, state: "CLEARED", atMs: Date.now(), outputGroup: groupName }),
        // The origin holds a newer epoch for this pipeline: another worker took it over.
        onReplaced: (message) => {
          this.#context.logger.error({ outputGroup: groupName, epoch: fencing?.epoch, reason: message }, "another worker holds this pipeline now: the group stops publishing");
          alert({ alertType: AlertCatalogue.OUTPUT_REPLACED.alertType, message: `output group ${groupName}: another worker holds this pipeline now (epoch ${fencing?.epoch ?? "?"} refused); publishing stopped: ${message}`, state: "SET", atMs: Date.now(), outputGroup: groupName });
        },
      });
      mirror.start();
      this.#mirrors.push(mirror);
      this.#transports.set(groupName, transport);
      staged.set(groupName, { kind: "file", folder, baseName: destination.baseName });
    }
    return staged;
  }

  /** Reads a staged group's destination back (after a move, the staging folder is empty); undefined for local groups. */
  #fetcher(groupName: string): FetchPublished | undefined {
    const transport = this.#transports.get(groupName);
    if (!transport?.get) return undefined;
    const get = transport.get.bind(transport);
    return async (name) => {
      try {
        const body = await get(name);
        return body === undefined ? "none" : { text: body.toString("utf8") };
      } catch (error) {
        this.#context.logger.warn({ err: error, file: transport.describe(name) }, "the published playlist was not read back");
        return "unreachable";
      }
    };
  }

  #s3Problem(destination: S3Destination): string | undefined {
    const found = this.#s3Clients.clientFor(this.#context.objectStores(destination.bucket), destination.bucket, destination.tls);
    return found.ok ? undefined : found.message;
  }
}
