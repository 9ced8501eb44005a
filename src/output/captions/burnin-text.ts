// The text a caption burn-in draws: the CEA-608 caption shown now, written to a file in the
// pipeline's work dir that the encoder's drawtext re-reads every frame. drawtext reads whole
// files, so each change is written to a temporary file and renamed over the old one (rename
// is atomic within a file system).

import { renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CaptionLine } from "../../media/captions/cea608-decoder.ts";
import { fileNamePart } from "../file-name-part.ts";

/** The text file of one burn-in caption description, in the pipeline's work dir (beside its thumbnail). */
export function burnInTextFile(workDir: string, descriptionName: string): string {
  return path.join(workDir, `burnin_${fileNamePart(descriptionName)}.txt`);
}

/** Caption lines (any order) → their text top row first, one line each; empty when nothing is shown. */
export function burnInText(lines: readonly CaptionLine[]): string {
  return [...lines]
    .sort((a, b) => a.row - b.row || a.column - b.column)
    .map((line) => line.text.trimEnd())
    .join("\n");
}

/** Writes a burn-in text file when its text changes; close() empties it (idempotent). */
export class BurnInTextWriter {
  readonly #file: string;
  #text: string | undefined;
  #closed = false;

  constructor(file: string) {
    this.#file = file;
  }

  /** Writes `text` unless it is what the file holds already. */
  show(text: string): void {
    if (this.#closed || text === this.#text) return;
    const temporary = `${this.#file}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, this.#file);
    this.#text = text;
  }

  close(): void {
    if (this.#closed) return;
    this.show("");
    this.#closed = true;
    rmSync(`${this.#file}.tmp`, { force: true });
  }
}
