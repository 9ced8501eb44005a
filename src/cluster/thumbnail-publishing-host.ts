// A worker's pipeline host that publishes each held pipeline's thumbnail to the cluster's
// store, so DescribeThumbnails answers the same on every node (and keeps answering after the
// pipeline moves: the new holder's pictures replace the old one's). The encoder writes a new
// picture every few seconds; it is copied at most once per publishing period, fenced by epoch.

import type { Thumbnail } from "../domain/channels/channel-runtime-port.ts";
import type { ClusterStore } from "./cluster-store.ts";
import type { HeldPipeline } from "./cluster-types.ts";
import type { PipelineHost } from "./cluster-worker.ts";

/** How often a held pipeline's latest picture is looked at (MediaLive refreshes its thumbnails every few seconds). */
export const THUMBNAIL_PUBLISH_MS = 5_000;
/** A thumbnail is a small JPEG; anything larger is not copied into the database. */
const MAX_THUMBNAIL_BYTES = 1024 * 1024;

export interface ThumbnailSource {
  thumbnail(channelId: string, pipelineIndex: number): Promise<Thumbnail | undefined>;
}

export function thumbnailPublishingHost(
  host: PipelineHost,
  source: ThumbnailSource,
  store: Pick<ClusterStore, "writeThumbnail">,
  nodeId: string,
  publishMs = THUMBNAIL_PUBLISH_MS,
): PipelineHost {
  const timers = new Map<string, NodeJS.Timeout>();
  const keyOf = (pipeline: HeldPipeline): string => `${pipeline.channelId}/${pipeline.pipeline}/${pipeline.epoch}`;

  const publisher = (pipeline: HeldPipeline): (() => Promise<void>) => {
    let lastAtMs = -1;
    let busy = false;
    return async () => {
      if (busy) return;
      busy = true;
      try {
        const picture = await source.thumbnail(pipeline.channelId, pipeline.pipeline);
        if (!picture || picture.atMs <= lastAtMs || picture.jpeg.byteLength > MAX_THUMBNAIL_BYTES) return;
        // A replaced holder's write changes nothing; its pipeline is being stopped by the worker loop.
        if (await store.writeThumbnail(nodeId, pipeline, picture.jpeg, picture.atMs)) lastAtMs = picture.atMs;
      } catch {
        // The database is away or the picture is being rewritten: the next period tries again.
      } finally {
        busy = false;
      }
    };
  };

  return {
    async start(pipeline, onReport) {
      await host.start(pipeline, onReport);
      const publish = publisher(pipeline);
      const timer = setInterval(() => void publish(), publishMs);
      timer.unref();
      timers.set(keyOf(pipeline), timer);
    },
    async stop(pipeline, reason) {
      clearInterval(timers.get(keyOf(pipeline)));
      timers.delete(keyOf(pipeline));
      await host.stop(pipeline, reason);
    },
  };
}
