// The events of docs/events.md put together: ChangeFeed → MediaLive events → hub → the
// /events stream and the webhooks. main.ts builds it before the API listens and closes
// it first on shutdown (streams ended, heartbeat and retries stopped).

import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { ChangeFeed } from "../domain/change-feed.ts";
import type { Repository } from "../domain/repository.ts";
import type { ArnScope } from "../shared/ids.ts";
import { bridgeChangeFeed } from "./change-feed-bridge.ts";
import { EventHub } from "./event-hub.ts";
import { registerEventStream } from "./sse-endpoint.ts";
import { WebhookDispatcher } from "./webhook-dispatcher.ts";

export interface EventServiceOptions {
  readonly app: FastifyInstance;
  readonly changes: ChangeFeed;
  readonly repository: Pick<Repository, "getChannel">;
  readonly pipelinesRunningCount: (channelId: string) => number | Promise<number>;
  readonly scope: ArnScope;
  /** undefined: /events is open. */
  readonly eventsToken: string | undefined;
  /** Most /events streams at once. */
  readonly maxEventClients: number;
  readonly webhookUrls: readonly string[];
  readonly webhookSecret: string;
  readonly logger: Logger;
  readonly nowMs: () => number;
}

export interface EventService {
  readonly hub: EventHub;
  close(): void;
}

export function startEventService(options: EventServiceOptions): EventService {
  const { logger } = options;
  const hub = new EventHub({ onSubscriberError: (error) => logger.error({ err: error }, "event subscriber failed") });
  const stream = registerEventStream(options.app, { hub, token: options.eventsToken, maxClients: options.maxEventClients, logger });
  const webhooks = new WebhookDispatcher({ urls: options.webhookUrls, secret: options.webhookSecret, logger });
  if (options.webhookUrls.length > 0 && options.webhookSecret === "") logger.warn("webhookUrls set without webhookSecret: webhook deliveries are not signed");
  const stopWebhooks = hub.subscribe((entry) => webhooks.send(entry.event));
  const stopBridge = bridgeChangeFeed({
    changes: options.changes,
    repository: options.repository,
    pipelinesRunningCount: options.pipelinesRunningCount,
    scope: options.scope,
    publish: (entry) => hub.publish(entry),
    nowMs: options.nowMs,
    newId: randomUUID,
    onError: (error, channelId) => logger.error({ err: error, channelId }, "channel state event not sent"),
  });
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    stopBridge();
    stopWebhooks();
    webhooks.close();
    stream.close();
  };
  // Open streams would keep the HTTP server from closing.
  options.app.addHook("preClose", async () => close());
  return { hub, close };
}
