// Listens to the ChangeFeed and publishes MediaLive events: alerts and input changes as
// they come, channel state changes after reading the stored channel (channelChanged says
// only "something changed"). Reads for one channel run one after the other, so states are
// announced in the order they were stored.

import type { ChangeFeed } from "../domain/change-feed.ts";
import type { Repository } from "../domain/repository.ts";
import type { ArnScope } from "../shared/ids.ts";
import { ChannelStateTracker } from "./channel-state-tracker.ts";
import { alertEvent, inputChangeEvent, stateChangeEvent } from "./event-mapper.ts";
import type { ChannelEvent } from "./medialive-event.ts";

export interface ChangeFeedBridgeOptions {
  readonly changes: ChangeFeed;
  readonly repository: Pick<Repository, "getChannel">;
  /** Pipelines of a channel whose encoder runs now (0 when the channel does not run). */
  readonly pipelinesRunningCount: (channelId: string) => number | Promise<number>;
  readonly scope: ArnScope;
  readonly publish: (event: ChannelEvent) => void;
  readonly nowMs: () => number;
  readonly newId: () => string;
  readonly onError: (error: unknown, channelId: string) => void;
}

/** Starts listening; the returned function stops it (reads in flight publish nothing). */
export function bridgeChangeFeed(options: ChangeFeedBridgeOptions): () => void {
  const { changes, scope, publish, newId } = options;
  const tracker = new ChannelStateTracker();
  const reads = new Map<string, Promise<void>>();
  let open = true;

  const announceState = async (channelId: string): Promise<void> => {
    const record = await options.repository.getChannel(channelId);
    const pipelinesRunningCount = await options.pipelinesRunningCount(channelId);
    if (!open || !tracker.update(channelId, record?.state)) return;
    publish(stateChangeEvent(scope, newId(), options.nowMs(), { channelId, state: record!.state, pipelinesRunningCount }));
  };

  const unsubscribe = [
    changes.on("channelChanged", ({ channelId }) => {
      const next = (reads.get(channelId) ?? Promise.resolve())
        .then(() => announceState(channelId))
        .catch((error: unknown) => options.onError(error, channelId));
      reads.set(channelId, next);
      void next.then(() => {
        if (reads.get(channelId) === next) reads.delete(channelId);
      });
    }),
    changes.on("alertChanged", (change) => {
      if (open) publish(alertEvent(scope, newId(), change));
    }),
    changes.on("activeInputChanged", (change) => {
      if (open) publish(inputChangeEvent(scope, newId(), change));
    }),
  ];
  return () => {
    open = false;
    for (const off of unsubscribe) off();
  };
}
