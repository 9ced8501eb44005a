// A response body's chunks with a pace the peer must keep (shared/body-chunks.ts): passed on as
// they come; a body that stalls or trickles ends with a BodyStalledError that says which; leaving
// the loop early cancels the body.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BodyStalledError, bodyChunks } from "../../../src/shared/body-chunks.ts";

/** A body that sends `chunks` `everyMs` apart, then stays open (or ends, with `end`); `cancelled` tells whether the reader let it go. */
function body(chunks: readonly Uint8Array[], everyMs: number, end: boolean): { readonly stream: ReadableStream<Uint8Array>; readonly cancelled: () => boolean } {
  let cancelled = false;
  let timer: NodeJS.Timeout | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let next = 0;
      timer = setInterval(() => {
        if (next < chunks.length) controller.enqueue(chunks[next++]!);
        else {
          clearInterval(timer);
          if (end) controller.close();
        }
      }, everyMs);
    },
    cancel() {
      cancelled = true;
      clearInterval(timer);
    },
  });
  return { stream, cancelled: () => cancelled };
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<number[]> {
  const sizes: number[] = [];
  for await (const chunk of chunks) sizes.push(chunk.length);
  return sizes;
}

describe("bodyChunks", () => {
  it("passes every chunk on, in order, to the body's end, at a pace it keeps", async () => {
    const { stream } = body([new Uint8Array(3), new Uint8Array(5), new Uint8Array(7)], 5, true);
    assert.deepEqual(await collect(bodyChunks(stream, { idleTimeoutMs: 1_000, minBytesPerWindow: 1 })), [3, 5, 7]);
  });

  it("a body that stalls after its first bytes: no byte for the idle timeout", async () => {
    const { stream, cancelled } = body([new Uint8Array(10)], 5, false);
    await assert.rejects(collect(bodyChunks(stream, { idleTimeoutMs: 200, minBytesPerWindow: 0 })), (error: Error) => error instanceof BodyStalledError && error.message === "response body stalled: no byte for 0.2 s");
    assert.ok(cancelled(), "the body was cancelled");
  });

  it("a body that trickles within the idle timeout: too slow for the window's floor", async () => {
    const { stream, cancelled } = body(Array.from({ length: 1_000 }, () => new Uint8Array(1)), 20, false);
    await assert.rejects(collect(bodyChunks(stream, { idleTimeoutMs: 200, minBytesPerWindow: 100 })), /^BodyStalledError: response body too slow: \d+ bytes in 0\.2 s \(at least 100 wanted\)$/);
    assert.ok(cancelled(), "the body was cancelled");
  });

  it("leaving the loop early cancels the body", async () => {
    const { stream, cancelled } = body([new Uint8Array(1), new Uint8Array(2)], 5, false);
    for await (const chunk of bodyChunks(stream)) {
      assert.equal(chunk.length, 1);
      break;
    }
    assert.ok(cancelled());
  });
});
