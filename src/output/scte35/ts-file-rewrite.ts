// A finished transport stream file run through a rewriter (the SCTE-35 inserter) into a file
// beside it, in pieces, so a long archive file never sits in memory whole. Synchronous: it
// runs where a finished file is taken over, between the encoder's writes of other files.

import { closeSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";
import type { TsSectionInserter } from "../../media/mpegts/section-inserter.ts";

/** Bytes read at a time: 7 × 188 × 800, about 1 MiB, whole packets. */
const READ_BYTES = 188 * 7 * 800;

/** Writes `from` through `inserter` into `from` + ".scte35" (created afresh, never through a link) and returns that path. */
export function rewriteTsFile(from: string, inserter: TsSectionInserter): string {
  const to = `${from}.scte35`;
  const input = openSync(from, "r");
  let output: number | undefined;
  try {
    output = openSync(to, "wx");
    for (;;) {
      // A fresh buffer each time: the inserter keeps the bytes it holds by reference.
      const buffer = new Uint8Array(READ_BYTES);
      const read = readSync(input, buffer, 0, READ_BYTES, null);
      if (read === 0) break;
      writeAll(output, inserter.push(buffer.subarray(0, read)));
    }
    writeAll(output, inserter.flush());
    return to;
  } catch (error) {
    inserter.flush();
    if (output !== undefined) unlinkQuietly(to);
    throw error;
  } finally {
    closeSync(input);
    if (output !== undefined) closeSync(output);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
