// Publishes the media playlists players read from the ones the encoder writes for itself
// (playlist-continuity.ts: `<playlist>.encoder`, continued by append_list across restarts),
// with the discontinuity sequence counted across them, as soon as the encoder renames a new
// version into place. Before the first encoder of a pipeline process starts, each encoder
// playlist that is missing is seeded from the published one: the one in the folder (left by a
// version of openlive whose encoder wrote it directly), or, for a remote destination whose
// staging folder is empty (the pipeline moved to another machine), the one the destination
// holds, so that numbering goes on and no segment name is used twice; an encoder playlist that
// exists is checked against a remote destination's, which is further on when the pipeline ran
// on another machine in between. Runs in the pipeline worker.

import { watch, writeFileSync, type FSWatcher } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import type { EncoderPlan, FileDestination } from "../encoder/plan-types.ts";
import { publish } from "./publish-master-playlists.ts";
import { clockMediaSequence, emptyEncoderPlaylist, encoderPlaylistName, encoderSeed, isEncoderPlaylist, nextMediaSequence, publishedFromEncoder, publishedPlaylistName } from "./playlist-continuity.ts";

/** A published file read back from a remote destination: its text; none (the destination has no such file); or unreachable. Never throws. */
export type FetchPublished = (name: string) => Promise<{ readonly text: string } | "none" | "unreachable">;

/** The playlists of a plan's group the encoder writes (variants and audio renditions). */
function encoderPlaylists(plan: EncoderPlan): { destination: FileDestination; groupName: string; playlistName: string; segmentLengthSec: number }[] {
  return plan.groups.flatMap((group) =>
    [...group.variants, ...(group.audioRenditions ?? [])].map((variant) => ({ destination: group.destination, groupName: group.name, playlistName: variant.playlistName, segmentLengthSec: group.segmentLengthSec })),
  );
}

const readText = (file: string): Promise<string | undefined> => readFile(file, "utf8").catch(() => undefined);

export class ContinuityPublisher {
  readonly #logger: Logger;
  readonly #watchers = new Map<string, FSWatcher>();
  /** Published playlist path → the text last published there. */
  readonly #published = new Map<string, string>();
  /** Encoder playlist path → its publication in progress, and whether another change came meanwhile. */
  readonly #busy = new Map<string, { again: boolean }>();
  #closed = false;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /**
   * Seeds missing encoder playlists (call before an encoder starts). `remote(groupName)`: how
   * to read the group's destination back, for groups staged for a remote destination.
   */
  async seed(plan: EncoderPlan, remote: (groupName: string) => FetchPublished | undefined, nowMs: number): Promise<void> {
    for (const { destination, groupName, playlistName, segmentLengthSec } of encoderPlaylists(plan)) {
      const encoderFile = path.join(destination.folder, encoderPlaylistName(playlistName));
      const local = await readText(encoderFile);
      if (local !== undefined) {
        await this.#catchUp(destination, playlistName, encoderFile, local, remote(groupName), nowMs, segmentLengthSec);
        continue;
      }
      let published = await readText(path.join(destination.folder, playlistName));
      const fetch = published === undefined ? remote(groupName) : undefined;
      if (fetch) {
        const found = await fetch(playlistName);
        if (found === "unreachable") {
          await this.#numberFrom(encoderFile, playlistName, clockMediaSequence(nowMs, segmentLengthSec), segmentLengthSec);
          continue;
        }
        // An answer that is no playlist (an ingest point answering GET with an empty 200) holds nothing to continue.
        published = found === "none" || !found.text.startsWith("#EXTM3U") ? undefined : found.text;
        // Kept as the published playlist too: the discontinuity sequence continues from it.
        if (published !== undefined) await publish(destination, playlistName, published);
      }
      if (published === undefined || !published.startsWith("#EXTM3U")) continue;
      await writeFile(encoderFile, encoderSeed(published), { mode: 0o644 });
      this.#logger.info({ playlist: playlistName, nextMediaSequence: nextMediaSequence(published), fetched: fetch !== undefined }, "the encoder continues the published playlist");
    }
    // Trick-play image playlists are written here (image-playlists.ts), numbered on from the folder's copy.
    for (const group of plan.groups) {
      const fetch = remote(group.name);
      if (!fetch) continue;
      for (const stream of group.imageStreams ?? []) {
        if ((await readText(path.join(group.destination.folder, stream.playlistName))) !== undefined) continue;
        const found = await fetch(stream.playlistName);
        if (typeof found === "object" && found.text.startsWith("#EXTM3U")) await publish(group.destination, stream.playlistName, found.text);
      }
    }
  }

  /**
   * An output-locked encoder run (plan.lockedRun) numbers its segments from the epoch: each
   * encoder playlist starts empty at the media sequence of the run's first boundary, above every
   * number used before (each was the number of an earlier instant). Synchronous: the encoder
   * reads it back (append_list) as soon as it is spawned.
   */
  seedLocked(plan: EncoderPlan): void {
    const run = plan.lockedRun;
    if (!run) return;
    for (const { destination, playlistName, segmentLengthSec } of encoderPlaylists(plan)) {
      const sequence = clockMediaSequence(run.boundaryMs, segmentLengthSec);
      writeFileSync(path.join(destination.folder, encoderPlaylistName(playlistName)), emptyEncoderPlaylist(sequence, segmentLengthSec), { mode: 0o644 });
    }
  }

  /**
   * A staging folder that already has an encoder playlist may hold a stale one: the pipeline ran
   * here before, moved to another machine, which published on, and came back. The destination's
   * playlist decides: numbering goes on from whichever is further; a destination that cannot be
   * read numbers from the clock, above anything either machine published.
   */
  async #catchUp(destination: FileDestination, playlistName: string, encoderFile: string, local: string, fetch: FetchPublished | undefined, nowMs: number, segmentLengthSec: number): Promise<void> {
    if (!fetch || !local.startsWith("#EXTM3U")) return;
    const found = await fetch(playlistName);
    if (found === "none") return;
    if (found === "unreachable") return this.#numberFrom(encoderFile, playlistName, Math.max(nextMediaSequence(local), clockMediaSequence(nowMs, segmentLengthSec)), segmentLengthSec);
    if (!found.text.startsWith("#EXTM3U") || nextMediaSequence(found.text) <= nextMediaSequence(local)) return;
    await publish(destination, playlistName, found.text);
    this.#published.delete(path.join(destination.folder, playlistName));
    await writeFile(encoderFile, encoderSeed(found.text), { mode: 0o644 });
    this.#logger.info({ playlist: playlistName, nextMediaSequence: nextMediaSequence(found.text), staleNextMediaSequence: nextMediaSequence(local) }, "the destination is further on than this folder's playlist (the pipeline ran elsewhere meanwhile): the encoder continues the destination's");
  }

  /** The destination could not be read back: the encoder starts an empty playlist at `sequence` (from the clock), so no segment name is used again. */
  async #numberFrom(encoderFile: string, playlistName: string, sequence: number, segmentLengthSec: number): Promise<void> {
    await writeFile(encoderFile, emptyEncoderPlaylist(sequence, segmentLengthSec), { mode: 0o644 });
    this.#logger.warn({ playlist: playlistName, mediaSequence: sequence }, "the destination's playlist was not read back: numbering continues from the clock, so that no segment name is used again");
  }

  /** Publishes each encoder playlist of the plan's folders whenever it changes (idempotent per folder). */
  watch(plan: EncoderPlan): void {
    if (this.#closed) return;
    for (const group of plan.groups) {
      const folder = group.destination.folder;
      if (this.#watchers.has(folder)) continue;
      const watcher = watch(folder, (_event, name) => {
        if (name && isEncoderPlaylist(name)) void this.#publish(group.destination, name);
      });
      watcher.on("error", () => {});
      this.#watchers.set(folder, watcher);
    }
  }

  /** Publishes every encoder playlist of the plan that changed (a change event can be missed). */
  async refresh(plan: EncoderPlan): Promise<void> {
    for (const { destination, playlistName } of encoderPlaylists(plan)) await this.#publish(destination, encoderPlaylistName(playlistName));
  }

  /** One publication at a time per playlist; a change during one publishes again after it. */
  async #publish(destination: FileDestination, encoderName: string): Promise<void> {
    const encoderFile = path.join(destination.folder, encoderName);
    const busy = this.#busy.get(encoderFile);
    if (busy) {
      busy.again = true;
      return;
    }
    const state = { again: true };
    this.#busy.set(encoderFile, state);
    try {
      while (state.again && !this.#closed) {
        state.again = false;
        await this.#publishOnce(destination, encoderName).catch((error: Error) => this.#logger.warn({ err: error, playlist: encoderName }, "media playlist not published"));
      }
    } finally {
      this.#busy.delete(encoderFile);
    }
  }

  async #publishOnce(destination: FileDestination, encoderName: string): Promise<void> {
    const encoderText = await readText(path.join(destination.folder, encoderName));
    // A playlist listing no segment yet (a seeded one) would replace the published window with nothing.
    if (encoderText === undefined || !encoderText.startsWith("#EXTM3U") || !encoderText.includes("#EXTINF")) return;
    const name = publishedPlaylistName(encoderName);
    const file = path.join(destination.folder, name);
    const previous = this.#published.get(file) ?? (await readText(file));
    const text = publishedFromEncoder(encoderText, previous);
    if (text === previous) return;
    await publish(destination, name, text);
    this.#published.set(file, text);
  }

  /** Stops watching; idempotent. */
  close(): void {
    this.#closed = true;
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }
}
