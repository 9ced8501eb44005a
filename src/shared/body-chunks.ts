// A fetch Response body's chunks as they arrive, with a pace the peer must keep: a server that
// sends its headers and then stalls the body, or trickles it a few bytes at a time, would
// otherwise hold the read (and its connection) for as long as it likes — a whole-request
// timeout cannot be used for a body that may legitimately stream for hours. The read stops
// with a BodyStalledError when no byte came for `idleTimeoutMs`, or when fewer than
// `minBytesPerWindow` came in a window of that length. Leaving the loop early (a break, an
// error, the consumer's return) cancels the body, which drops the connection.

export class BodyStalledError extends Error {
  override readonly name = "BodyStalledError";
}

export interface BodyPace {
  /** No byte for this long ends the read. */
  readonly idleTimeoutMs: number;
  /** Fewer bytes than this in a window of `idleTimeoutMs` ends the read (0: only the idle rule). */
  readonly minBytesPerWindow: number;
}

/** The body's chunks; without `pace`, as fast or slow as the peer sends them. */
export async function* bodyChunks(body: ReadableStream<Uint8Array>, pace?: BodyPace): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = body.getReader();
  let stalled: string | undefined;
  const stop = (reason: string): void => {
    if (stalled !== undefined) return;
    stalled = reason;
    // A pending read() then resolves as done; the reason is thrown below.
    void reader.cancel().catch(() => undefined);
  };
  const seconds = pace ? pace.idleTimeoutMs / 1000 : 0;
  let windowBytes = 0;
  const idleTimer = pace ? setTimeout(() => stop(`response body stalled: no byte for ${seconds} s`), pace.idleTimeoutMs) : undefined;
  const windowTimer =
    pace && pace.minBytesPerWindow > 0
      ? setInterval(() => {
          if (windowBytes < pace.minBytesPerWindow) stop(`response body too slow: ${windowBytes} bytes in ${seconds} s (at least ${pace.minBytesPerWindow} wanted)`);
          windowBytes = 0;
        }, pace.idleTimeoutMs)
      : undefined;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (stalled !== undefined) throw new BodyStalledError(stalled);
      if (done) return;
      windowBytes += value.length;
      idleTimer?.refresh();
      yield value;
    }
  } finally {
    clearTimeout(idleTimer);
    clearInterval(windowTimer);
    // Drops the connection when the body was not read to its end.
    await reader.cancel().catch(() => undefined);
  }
}
