// Pull sources under test: a registry that opens pull sources and closes them all when the
// file is done, and the checks that a live ffmpeg test stream (spawnLiveEncoder) arrives at
// real time and comes back after its upstream does.

import assert from "node:assert/strict";
import { openPullSource } from "../../src/ingest/pull/open-pull-source.ts";
import { PullStates, type PullSource, type PullSourceOptions } from "../../src/ingest/pull/pull-source.ts";
import { TsArrivals, waitUntil } from "./media-fixtures.ts";
import type { AlertEvent } from "../../src/shared/alerts.ts";

/** The alert a pull source raises while its upstream cannot be reached. */
export const INPUT_UNAVAILABLE = "Unable to Access Input Resource";

/** A started pull source, the MPEG-TS it delivered and the alerts it raised. */
export interface Pulled {
  readonly source: PullSource;
  readonly ts: TsArrivals;
  readonly alerts: AlertEvent[];
}

/** Opens and starts pull sources (source index 0 unless told), and closes every one of them in close(). */
export class PullSources {
  readonly #sources: PullSource[] = [];

  /** A pull source whose MPEG-TS goes into a TsArrivals (as a pipeline would receive it) and whose alerts into a list. */
  pull(options: Omit<PullSourceOptions, "onTs" | "sourceIndex"> & { readonly sourceIndex?: number }): Pulled {
    const ts = new TsArrivals(options.input.type);
    const alerts: AlertEvent[] = [];
    const source = this.start({ sourceIndex: 0, onTs: ts.push, onAlert: (alert) => alerts.push(alert), ...options });
    return { source, ts, alerts };
  }

  /** A pull source with the caller's own callbacks. */
  start(options: PullSourceOptions): PullSource {
    const source = openPullSource(options);
    this.#sources.push(source);
    source.start();
    return source;
  }

  async close(): Promise<void> {
    await Promise.all(this.#sources.splice(0).map((source) => source.close()));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The live test stream (H.264 + AAC at 25 fps) arrives at real time: 55 to 95 frames in 3 s,
 * nothing but whole TS packets (no log text on a child's stdout) and none lost, the source RECEIVING.
 */
export async function assertLiveAtRealTime({ source, ts }: Pulled): Promise<void> {
  await waitUntil(() => ts.videoFrames.length > 0, "video frames", 15_000);
  const startMs = Date.now();
  await sleep(3_000);
  const frames = ts.framesBetween(startMs, startMs + 3_000);
  assert.ok(frames >= 55 && frames <= 95, `${frames} frames in 3 s at 25 fps`);
  const snapshot = ts.snapshot();
  assert.equal(snapshot.usable, true);
  assert.deepEqual([snapshot.streamInfo.video[0]?.codec, snapshot.streamInfo.audio[0]?.codec], ["H264", "AAC"]);
  assert.equal(snapshot.continuityErrors, 0);
  assert.deepEqual([ts.demuxer.stats().syncLosses, ts.demuxer.stats().skippedBytes], [0, 0]);
  assert.equal(source.state, PullStates.RECEIVING);
}

/** Once the upstream is back: the unavailable alert clears, a second of frames follows (`what`), the source is RECEIVING and counted a reconnect. */
export async function assertBackAfterReconnect({ source, ts, alerts }: Pulled, what: string): Promise<void> {
  const framesBefore = ts.videoFrames.length;
  await waitUntil(() => alerts.some((alert) => alert.alertType === INPUT_UNAVAILABLE && alert.state === "CLEARED"), "the alert to clear", 20_000);
  await waitUntil(() => ts.videoFrames.length > framesBefore + 25, what, 10_000);
  assert.equal(source.state, PullStates.RECEIVING);
  assert.ok(source.stats.reconnects >= 1);
}
