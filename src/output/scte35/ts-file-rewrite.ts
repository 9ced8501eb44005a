// A finished transport stream file run through a rewriter (the SCTE-35 inserter) into another
// file, in pieces of about 1 MiB: a long archive file never sits in memory whole, and the
// pipeline's event loop (which feeds the encoder and paces the UDP outputs) runs between pieces.

import { open, unlink } from "node:fs/promises";
import type { TsSectionInserter } from "../../media/mpegts/section-inserter.ts";

/** Bytes read at a time: 7 × 188 × 800, about 1 MiB, whole packets. */
const READ_BYTES = 188 * 7 * 800;

/** Writes `from` through `inserter` into `to` (created afresh, never through a link); a failed rewrite leaves no `to`. */
export async function rewriteTsFile(from: string, to: string, inserter: TsSectionInserter): Promise<void> {
  const input = await open(from, "r");
  let output: Awaited<ReturnType<typeof open>> | undefined;
  try {
    output = await open(to, "wx");
    for (;;) {
      // A fresh buffer each time: the inserter keeps the bytes it holds by reference.
      const buffer = new Uint8Array(READ_BYTES);
      const { bytesRead } = await input.read(buffer, 0, READ_BYTES, null);
      if (bytesRead === 0) break;
      await output.write(inserter.push(buffer.subarray(0, bytesRead)));
    }
    await output.write(inserter.flush());
  } catch (error) {
    inserter.flush();
    if (output !== undefined) {
      await output.close().catch(() => undefined);
      output = undefined;
      await unlink(to).catch(() => undefined);
    }
    throw error;
  } finally {
    await input.close();
    await output?.close();
  }
}
