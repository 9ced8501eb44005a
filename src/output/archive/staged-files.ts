// The encoder writes an archive or frame capture group's files into a staging folder of the
// pipeline, each output under a name of its own (`o<index>.<counter>.<ext>`, the counter
// restarting at 0 with every encoder run); this moves each finished file to its place under
// MediaLive's name, with a counter that keeps counting across encoder restarts, so that a
// restart never overwrites a file already published. The place is the destination folder
// (file://) or a folder beside the staging one whose files an S3 sink publishes.

import { constants, copyFileSync, mkdirSync, readdirSync, renameSync, unlinkSync } from "node:fs";
import path from "node:path";
import { countedFileName, counterOf, type CountedName } from "./archive-names.ts";
import type { FinishedFileSink } from "./finished-file-sink.ts";

export interface StagedOutput {
  /** The encoder's name for the output's files in the staging folder. */
  readonly staged: CountedName;
  /** MediaLive's name for them at the destination. */
  readonly final: CountedName;
  /** The newest staged file is still being written (archive); false when every file is complete when it appears (frame capture). */
  readonly newestOpen: boolean;
  /** Rewrites a finished staged file into a new file `to` (SCTE-35 pass-through); absent: moved as written. */
  readonly rewrite?: (from: string, to: string) => Promise<void>;
}

export interface StagedFilesOptions {
  readonly stagingFolder: string;
  /** Where finished files go: the destination folder, or an outbox an S3 sink publishes from. */
  readonly placeFolder: string;
  readonly outputs: readonly StagedOutput[];
  readonly sink: FinishedFileSink;
  /** Continue after the destination's highest counter (file://), or start at 0 as MediaLive does (S3, where objects are replaced). */
  readonly continueCounters: boolean;
  readonly onError: (error: Error) => void;
}

/** Staged encoder-run numbers of `staged` in `names`, ascending. */
export function stagedCounters(staged: CountedName, names: readonly string[]): number[] {
  return names.flatMap((name) => counterOf(staged, name) ?? []).sort((a, b) => a - b);
}

/** The first counter to give: one past the highest already at the destination (or 0). */
export function nextCounter(final: CountedName, names: readonly string[]): number {
  return names.reduce((next, name) => Math.max(next, (counterOf(final, name) ?? -1) + 1), 0);
}

export class StagedFiles {
  readonly #options: StagedFilesOptions;
  readonly #next: number[];
  #moved = 0;
  #rewrites: Promise<void> = Promise.resolve();

  constructor(options: StagedFilesOptions) {
    this.#options = options;
    mkdirSync(options.stagingFolder, { recursive: true });
    mkdirSync(options.placeFolder, { recursive: true });
    const existing = options.continueCounters ? readdirSync(options.placeFolder) : [];
    this.#next = options.outputs.map((output) => nextCounter(output.final, existing));
  }

  /** Files moved to their place so far. */
  get moved(): number {
    return this.#moved;
  }

  /**
   * Moves every finished staged file, oldest first; `encoderStopped`: the encoder has ended
   * (or is about to start afresh), so its newest files are finished too. Synchronous: it runs
   * between two encoder runs, before the next one writes the same staged names again.
   */
  collect(encoderStopped: boolean): void {
    let names: string[];
    try {
      names = readdirSync(this.#options.stagingFolder);
    } catch (error) {
      this.#options.onError(error as Error);
      return;
    }
    this.#options.outputs.forEach((output, k) => {
      const counters = stagedCounters(output.staged, names);
      const finished = encoderStopped || !output.newestOpen ? counters : counters.slice(0, -1);
      for (const counter of finished) this.#place(output, k, countedFileName(output.staged, counter));
    });
  }

  #place(output: StagedOutput, k: number, stagedName: string): void {
    const from = path.join(this.#options.stagingFolder, stagedName);
    const name = countedFileName(output.final, this.#next[k]!);
    const to = path.join(this.#options.placeFolder, name);
    if (output.rewrite) return this.#placeRewritten(output.rewrite, k, from, to, name);
    try {
      moveFile(from, to);
    } catch (error) {
      this.#options.onError(error as Error);
      return;
    }
    this.#next[k]! += 1;
    this.#moved += 1;
    this.#options.sink.fileFinished(to, name);
  }

  /**
   * The staged file is set aside at once (the next encoder run may write its name again) and
   * rewritten in the background, one file after the other; a rewrite that fails publishes the
   * file as the encoder wrote it.
   */
  #placeRewritten(rewrite: (from: string, to: string) => Promise<void>, k: number, from: string, to: string, name: string): void {
    const aside = `${from}.rewriting`;
    try {
      renameSync(from, aside);
    } catch (error) {
      this.#options.onError(error as Error);
      return;
    }
    this.#next[k]! += 1;
    this.#rewrites = this.#rewrites.then(async () => {
      const written = `${aside}.done`;
      try {
        await rewrite(aside, written);
        moveFile(written, to);
        unlinkSync(aside);
      } catch (error) {
        this.#options.onError(error as Error);
        try {
          moveFile(aside, to);
        } catch (moveError) {
          this.#options.onError(moveError as Error);
          return;
        }
      }
      this.#moved += 1;
      this.#options.sink.fileFinished(to, name);
    });
  }

  /** Resolves once every rewrite under way is in its place. */
  settled(): Promise<void> {
    return this.#rewrites;
  }
}

/**
 * rename (which replaces a link planted at `to` rather than following it), or copy and
 * remove when the two folders are on different file systems; the copy refuses an existing
 * `to`, so it never writes through a link either.
 */
function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    copyFileSync(from, to, constants.COPYFILE_EXCL);
    unlinkSync(from);
  }
}
