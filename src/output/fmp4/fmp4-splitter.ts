// A fragmented MP4 stream as a muxer writes it (ISO/IEC 14496-12 §8.8; ISO/IEC 23000-19 CMAF
// §7.3), cut into what an HTTP ingest sends: the header (every box before the first `moof`:
// `ftyp`, `moov`, and for a Smooth live feed its `uuid` stream manifest) and then fragments,
// each a `moof` and its `mdat` with the boxes that lead it (`styp`, `prft`, `emsg`). A
// trailing `mfra` (the random-access index a muxer writes when it stops) is its own part.
// Pure: bytes in, parts out.

import { BoxReader } from "./box-reader.ts";

/** Boxes that open a fragment: the header has ended when one comes. */
const FRAGMENT_OPENERS = new Set(["styp", "prft", "emsg", "moof"]);

export type Fmp4Part =
  | { readonly kind: "header"; readonly bytes: Buffer }
  | { readonly kind: "fragment"; readonly bytes: Buffer }
  | { readonly kind: "trailer"; readonly bytes: Buffer };

export class Fmp4Splitter {
  readonly #reader = new BoxReader();
  #header: Buffer[] | undefined = [];
  #fragment: Buffer[] = [];
  #sawMoof = false;

  /** A new muxer output starts: forget what the previous one left unfinished. */
  reset(): void {
    this.#reader.reset();
    this.#header = [];
    this.#fragment = [];
    this.#sawMoof = false;
  }

  /** The parts `chunk` completes. Throws when the bytes are not a box stream. */
  push(chunk: Buffer): Fmp4Part[] {
    const parts: Fmp4Part[] = [];
    for (const box of this.#reader.push(chunk)) {
      if (FRAGMENT_OPENERS.has(box.type) && this.#header) {
        if (this.#header.length > 0) parts.push({ kind: "header", bytes: Buffer.concat(this.#header) });
        this.#header = undefined;
      }
      if (this.#header) {
        this.#header.push(box.bytes);
        continue;
      }
      if (box.type === "mfra") {
        parts.push({ kind: "trailer", bytes: box.bytes });
        continue;
      }
      this.#fragment.push(box.bytes);
      if (box.type === "moof") this.#sawMoof = true;
      if (box.type === "mdat" && this.#sawMoof) {
        parts.push({ kind: "fragment", bytes: Buffer.concat(this.#fragment) });
        this.#fragment = [];
        this.#sawMoof = false;
      }
    }
    return parts;
  }
}
