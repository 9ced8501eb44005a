// What runs beside the encoder for a pipeline's HLS groups: the destinations made safe (or
// staged, for http(s)), the master playlists written for each plan, the http mirrors that
// upload staged files, the clean-up of segments a previous encoder left beyond its playlist,
// and the count of published segments.

import { fileNamePart } from "../file-name-part.ts";
import { findOutputGroup } from "../output-group-key.ts";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { AlertCatalogue } from "../../shared/alerts.ts";
import type { EncoderPlan, FileDestination, ResolvedDestination } from "../encoder/plan-types.ts";
import type { BesideContext, OutputBeside, OutputCounters } from "../output-kind.ts";
import { resolveDestinations } from "./destinations.ts";
import { HttpMirror } from "./http-mirror.ts";
import { IFramePlaylists } from "./iframe-playlists.ts";
import { writeMasterPlaylists } from "./publish-master-playlists.ts";
import { PublishedSegments } from "./published-segments.ts";
import { scheduleStaleSegmentCleanup } from "./stale-segments.ts";

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
  readonly #mirrors: HttpMirror[] = [];
  readonly #segments = new PublishedSegments();
  readonly #iFramePlaylists = new IFramePlaylists();
  #uploadFailures = 0;
  #cancelCleanup: (() => void) | undefined;
  #closing: Promise<void> | undefined;

  constructor(context: BesideContext, destinations: ReadonlyMap<string, ResolvedDestination>) {
    this.#context = context;
    this.destinations = this.#stageHttpDestinations(destinations);
  }

  async planned(whole: EncoderPlan): Promise<void> {
    const plan = this.#own(whole);
    await writeMasterPlaylists(plan, this.#context.config, this.#context.pipelineIndex).catch((error: Error) => this.#context.logger.warn({ err: error }, "master playlist not written"));
  }

  encoderStarting(whole: EncoderPlan, first: boolean): void {
    const plan = this.#own(whole);
    if (first) this.#cancelCleanup = scheduleStaleSegmentCleanup(plan, (segmentLengthSec, keep, index) => Math.max(1, keep - index) * segmentLengthSec * 1000);
    this.#segments.track(plan);
  }

  counters(whole: EncoderPlan | undefined): OutputCounters {
    const plan = whole && this.#own(whole);
    // Called about once a second: the I-frame playlists follow the media playlists' changes.
    if (plan) this.#iFramePlaylists.refresh(plan).catch((error: Error) => this.#context.logger.warn({ err: error }, "I-frame playlist not written"));
    return { segmentsPublished: plan ? this.#segments.update(plan) : this.#segments.published, uploadFailures: this.#uploadFailures };
  }

  /** The plan's groups this beside publishes (other kinds' groups, and other HLS besides', are theirs). */
  #own(plan: EncoderPlan): EncoderPlan {
    return { ...plan, groups: plan.groups.filter((group) => this.destinations.has(group.name)) };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#cancelCleanup?.();
      // The last segments the encoder flushed are uploaded before the mirrors stop.
      await new Promise((resolve) => setTimeout(resolve, this.#mirrors.length ? MIRROR_FLUSH_MS : 0));
      for (const mirror of this.#mirrors) mirror.close();
    })();
    return this.#closing;
  }

  /**
   * http(s) destinations: the encoder writes to a local staging folder (its playlists there
   * also carry the media sequence across restarts) and an HttpMirror uploads with retries.
   */
  #stageHttpDestinations(destinations: ReadonlyMap<string, ResolvedDestination>): Map<string, FileDestination> {
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
      const put = cdn?.hlsBasicPutSettings ?? cdn?.hlsWebdavSettings;
      const mirror = new HttpMirror({
        folder,
        url: destination.url,
        ...(destination.username !== undefined ? { username: destination.username } : {}),
        ...(destination.password !== undefined ? { password: destination.password } : {}),
        ...(put?.numRetries !== undefined ? { numRetries: put.numRetries } : {}),
        ...(put?.connectionRetryInterval !== undefined ? { retryIntervalMs: put.connectionRetryInterval * 1000 } : {}),
        ...(put?.restartDelay !== undefined ? { restartDelayMs: put.restartDelay * 1000 } : {}),
        onFailure: (message) => {
          this.#uploadFailures += 1;
          alert({ alertType: AlertCatalogue.OUTPUT_FAILED.alertType, message, state: "SET", atMs: Date.now() });
        },
        onRecovered: () => alert({ alertType: AlertCatalogue.OUTPUT_FAILED.alertType, message: "uploads succeed again", state: "CLEARED", atMs: Date.now() }),
      });
      mirror.start();
      this.#mirrors.push(mirror);
      staged.set(groupName, { kind: "file", folder, baseName: destination.baseName });
    }
    return staged;
  }
}
