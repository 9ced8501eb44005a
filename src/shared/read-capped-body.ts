// Reads a fetch Response's body up to a byte cap: a peer that declares (Content-Length) or sends
// more is cut off there and the connection dropped, so what a remote server answers can never
// grow a buffer without bound. The chunks come through body-chunks.ts, as a streamed body's do.

import { bodyChunks } from "./body-chunks.ts";

/** The body's bytes, or the error `tooLarge` makes once the body passes `maxBytes`. */
export async function readCappedBody(response: Response, maxBytes: number, tooLarge: () => Error): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (response.body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early cancels the body (drops the connection).
  for await (const value of bodyChunks(response.body)) {
    size += value.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(value);
  }
  const bytes = Buffer.concat(chunks, size);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
