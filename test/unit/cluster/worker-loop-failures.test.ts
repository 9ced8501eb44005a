// WorkerLoop under failures found by the namespace tests, on a fake store (no database):
// a peer's probe is answered within probeAnswerMs even while the database hangs (a slower answer
// made the asking holder count the peer as "not answering" and stop pipelines nobody could take
// over), and a stop callback that throws (the store unreachable while fencing) is reported, the
// lease given up, and nothing escapes the timer as an unhandled rejection.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ClusterStore } from "../../../src/cluster/cluster-store.ts";
import type { ClaimedPipeline } from "../../../src/cluster/cluster-types.ts";
import { WorkerLoop, type WorkerLoopEvent } from "../../../src/cluster/worker-loop.ts";

const PIPELINE = { channelId: "1000001", pipeline: 0, epoch: 7, zone: "a" } as unknown as ClaimedPipeline;
const TIMINGS = { leaseMs: 600, heartbeatMs: 100, pollMs: 50, marginMs: 100, checkMs: 20, probeTimeoutMs: 400, probeAnswerMs: 150 };

/** A store whose ping never answers, claims PIPELINE once, and fails every renewal after `renewalsOk`. */
function fakeStore(options: { pingNeverAnswers?: boolean; renewalsOk?: number }) {
  let claims = 0;
  let renewals = 0;
  const released: unknown[] = [];
  const store = {
    registerNode: async () => ({ incarnation: "i1" }),
    ping: () => (options.pingNeverAnswers ? new Promise<void>(() => {}) : Promise.resolve()),
    heartbeat: async () => true,
    renew: async (_node: string, held: readonly ClaimedPipeline[]) => {
      if (++renewals > (options.renewalsOk ?? Infinity)) throw new Error("Query read timeout");
      return { renewed: held, lost: [] };
    },
    zonePeers: async () => [],
    claimOrNextExpiry: async () => ({ claimed: claims++ === 0 ? [PIPELINE] : [] }),
    release: async (_node: string, pipelines: unknown[]) => void released.push(...pipelines),
    leaveNode: async () => undefined,
  };
  return { store: store as unknown as ClusterStore, released };
}

describe("WorkerLoop under failures", () => {
  it("answers a peer's probe within probeAnswerMs while the database hangs, with a full lease", async () => {
    const { store } = fakeStore({ pingNeverAnswers: true });
    const loop = await WorkerLoop.start({ store, node: { nodeId: "w1", zone: "a", role: "worker", capacityUnits: 10, controlUrl: "" } as never, callbacks: { start: () => {}, stop: () => {} }, timings: TIMINGS });
    try {
      const startedMs = performance.now();
      const answer = await loop.takeOverInMs();
      const tookMs = performance.now() - startedMs;
      assert.equal(answer, TIMINGS.leaseMs, "a worker that cannot reach the database cannot take over for a lease");
      assert.ok(tookMs < TIMINGS.probeTimeoutMs, `answered in ${Math.round(tookMs)} ms, within the asker's ${TIMINGS.probeTimeoutMs} ms`);
      assert.equal(loop.databaseReachable(), false);
    } finally {
      await loop.close();
    }
  });

  it("reports a stop callback that throws, gives the lease up, and lets nothing escape as an unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    const { store } = fakeStore({ renewalsOk: 0 });
    const events: WorkerLoopEvent[] = [];
    const loop = await WorkerLoop.start({
      store,
      node: { nodeId: "w1", zone: "a", role: "worker", capacityUnits: 10, controlUrl: "" } as never,
      callbacks: {
        start: () => {},
        stop: async () => {
          throw new Error("Connection terminated due to connection timeout");
        },
      },
      timings: TIMINGS,
      onEvent: (event) => events.push(event),
    });
    try {
      // Renewals fail and no peer answers: past its trust window the holder fences, and the stop throws.
      for (let waited = 0; !events.some((event) => event.kind === "stopped") && waited < 3000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const failed = events.find((event) => event.kind === "stop-failed");
      assert.ok(failed && failed.kind === "stop-failed", `a stop-failed event: ${events.map((event) => event.kind).join(", ")}`);
      assert.equal(failed.reason, "FENCE");
      assert.match(failed.error.message, /connection timeout/);
      assert.deepEqual(loop.heldPipelines(), [], "the lease is given up");
      assert.deepEqual(unhandled, []);
    } finally {
      process.off("unhandledRejection", onUnhandled);
      await loop.close();
    }
  });
});
