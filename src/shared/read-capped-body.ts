// Reads a fetch Response's body up to a byte cap: a peer that declares (Content-Length) or sends
// more is cut off there and the connection dropped, so what a remote server answers can never
// grow a buffer without bound.

/** The body's bytes, or the error `tooLarge` makes once the body passes `maxBytes`. */
export async function readCappedBody(response: Response, maxBytes: number, tooLarge: () => Error): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxBytes) throw tooLarge();
      chunks.push(value);
    }
  } finally {
    // Drops the connection when the body was not read to its end.
    await reader.cancel().catch(() => undefined);
  }
  const bytes = Buffer.concat(chunks, size);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
