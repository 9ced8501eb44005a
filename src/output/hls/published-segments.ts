// Segments published by a pipeline, for /metrics: the worker reads each variant's media
// playlist once a second and counts how far its highest listed segment number moved. The
// numbers continue across encoder restarts (append_list), so what a restarted encoder
// lists again is not counted twice, and segments listed before this worker started (a
// playlist left by a previous run) are not counted at all. Runs in the pipeline worker.

import { readFileSync } from "node:fs";
import path from "node:path";
import type { EncoderPlan } from "../encoder/encoder-plan.ts";
import { segmentNumbersIn } from "./stale-segments.ts";

/** The highest segment number a media playlist lists (segment names from a printf template), or undefined. */
export function highestListedSegment(playlist: string, segmentTemplate: string, strftime = false): number | undefined {
  const numbers = [...segmentNumbersIn(playlist.split("\n").map((line) => line.trim()), segmentTemplate, strftime).values()];
  return numbers.length ? Math.max(...numbers) : undefined;
}

/**
 * Folds a variant's highest listed number into a running count: growth counts; a number
 * lower than the last one (the folder was emptied and numbering began again) starts a new
 * baseline from zero. Pure; returns the new high-water mark and what to add.
 */
export function foldHighest(previous: number, current: number): { readonly highest: number; readonly added: number } {
  if (current >= previous) return { highest: current, added: current - previous };
  return { highest: current, added: current };
}

export class PublishedSegments {
  /** Playlist path → highest segment number seen. */
  readonly #highest = new Map<string, number>();
  #published = 0;

  get published(): number {
    return this.#published;
  }

  /** Takes the segments the plan's playlists list now as already published (call before an encoder starts). */
  track(plan: EncoderPlan): void {
    for (const { file, template, strftime } of variantFiles(plan)) {
      if (!this.#highest.has(file)) this.#highest.set(file, readHighest(file, template, strftime) ?? 0);
    }
  }

  /** Reads the playlists again; returns the segments published since the first track(). */
  update(plan: EncoderPlan): number {
    for (const { file, template, strftime } of variantFiles(plan)) {
      const current = readHighest(file, template, strftime);
      if (current === undefined) continue;
      const { highest, added } = foldHighest(this.#highest.get(file) ?? 0, current);
      this.#highest.set(file, highest);
      this.#published += added;
    }
    return this.#published;
  }
}

function variantFiles(plan: EncoderPlan): { file: string; template: string; strftime: boolean }[] {
  return plan.groups.flatMap((group) =>
    [...group.variants, ...(group.audioRenditions ?? [])].map((variant) => ({ file: path.join(group.destination.folder, variant.playlistName), template: variant.segmentTemplate, strftime: variant.segmentStrftime === true })),
  );
}

function readHighest(file: string, template: string, strftime: boolean): number | undefined {
  try {
    return highestListedSegment(readFileSync(file, "utf8"), template, strftime);
  } catch {
    return undefined;
  }
}
