// GET /events: the MediaLive events as server-sent events, one per message:
//   event: MediaLive Channel Alert
//   id: <the event's id>
//   data: <the event as JSON>
// A comment line every 15 s keeps proxies from closing an idle stream. A client that
// reconnects with Last-Event-ID first gets what it missed from the hub's recent events.
// `?channelId=` keeps one channel's events. Unless the eventsToken is "open" the client sends
// it as `Authorization: Bearer <token>` or, for browsers' EventSource which cannot set
// headers, as `?token=<token>`. A client that does not read (its socket buffer grows past
// the limit) is dropped rather than buffered without bound. Streams are capped in total
// (503) and per client address (429), so that subscribers cannot take every connection the
// API listener holds; a stream also counts against the listener's own connection caps.

import { createHash, timingSafeEqual } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { addressKey, PerKeyCounter } from "../shared/connection-limits.ts";
import type { EventHub } from "./event-hub.ts";
import type { ChannelEvent } from "./medialive-event.ts";

export const EVENTS_PATH = "/events";
export const HEARTBEAT_MS = 15_000;
export const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface EventStreamOptions {
  readonly hub: EventHub;
  /** undefined: the stream is open to anyone who can reach the API port ("open"). */
  readonly token: string | undefined;
  /** Most streams at once (maxEventClients). */
  readonly maxClients: number;
  /** Most streams of one client address at once; by default a tenth of maxClients, at least 1. */
  readonly maxClientsPerAddress?: number;
  readonly logger: Logger;
  readonly heartbeatMs?: number;
  readonly maxBufferedBytes?: number;
}

export interface EventStream {
  readonly clientCount: number;
  /** Ends every stream and stops the heartbeat; later requests are refused. Idempotent. */
  close(): void;
}

interface Client {
  readonly response: ServerResponse;
  readonly channelId: string | undefined;
  readonly addressKey: string;
}

/** The per-address cap when none is given: a tenth of the total, at least one. */
export function defaultPerAddressCap(maxClients: number): number {
  return Math.max(1, Math.floor(maxClients / 10));
}

/** One SSE message. Event JSON has no line breaks, so `data:` is one line. */
export function formatSseMessage(entry: ChannelEvent): string {
  return `event: ${entry.event["detail-type"]}\nid: ${entry.event.id}\ndata: ${JSON.stringify(entry.event)}\n\n`;
}

/** Whether a request carries the token (Bearer header or ?token=); compared in constant time. undefined token: open. */
export function authorized(token: string | undefined, header: string | undefined, queryToken: string | undefined): boolean {
  if (token === undefined) return true;
  const bearer = header !== undefined && /^Bearer /i.test(header) ? header.slice(7).trim() : undefined;
  const digest = (value: string): Buffer => createHash("sha256").update(value).digest();
  return [bearer, queryToken].some((candidate) => candidate !== undefined && timingSafeEqual(digest(candidate), digest(token)));
}

export function registerEventStream(app: FastifyInstance, options: EventStreamOptions): EventStream {
  const clients = new Set<Client>();
  const maxBuffered = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  const maxPerAddress = options.maxClientsPerAddress ?? defaultPerAddressCap(options.maxClients);
  const perAddress = new PerKeyCounter(maxPerAddress);
  const perAddressName = options.maxClientsPerAddress === undefined ? " (a tenth of maxEventClients)" : "";
  let closed = false;

  const forget = (client: Client): void => {
    if (clients.delete(client)) perAddress.release(client.addressKey);
  };
  const drop = (client: Client): void => {
    forget(client);
    if (!client.response.destroyed) client.response.destroy();
  };
  const write = (client: Client, text: string): void => {
    if (!clients.has(client)) return;
    client.response.write(text);
    if (client.response.writableLength > maxBuffered) {
      options.logger.warn({ bufferedBytes: client.response.writableLength, channelId: client.channelId }, "events client does not keep up; dropped");
      drop(client);
    }
  };

  const wants = (client: Client, entry: ChannelEvent): boolean => client.channelId === undefined || client.channelId === entry.channelId;

  const unsubscribe = options.hub.subscribe((entry) => {
    const message = formatSseMessage(entry);
    for (const client of [...clients]) if (wants(client, entry)) write(client, message);
  });
  const heartbeat = setInterval(() => {
    for (const client of [...clients]) write(client, ": heartbeat\n\n");
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  app.get(EVENTS_PATH, (request: FastifyRequest, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
    if (!authorized(options.token, request.headers.authorization, text(query.token))) {
      void reply.code(401).header("www-authenticate", 'Bearer realm="openlive events"').send({ message: "The events stream needs the eventsToken: Authorization: Bearer <token>, or ?token=<token>" });
      return;
    }
    if (closed) {
      void reply.code(503).send({ message: "openlive is shutting down" });
      return;
    }
    if (clients.size >= options.maxClients) {
      void reply.code(503).header("retry-after", "30").send({ message: `openlive serves at most ${options.maxClients} event streams at once (maxEventClients); try again later` });
      return;
    }
    const key = addressKey(request.socket.remoteAddress);
    if (!perAddress.tryAcquire(key)) {
      void reply.code(429).header("retry-after", "30").send({ message: `one address may hold at most ${maxPerAddress} event streams at once${perAddressName}; close one first` });
      return;
    }
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    const client: Client = { response, channelId: text(query.channelId) || undefined, addressKey: key };
    clients.add(client);
    response.on("close", () => forget(client));
    response.on("error", () => drop(client));
    write(client, ": openlive events\n\n");
    const lastEventId = text(request.headers["last-event-id"]) ?? text(query.lastEventId);
    if (lastEventId !== undefined && lastEventId !== "") {
      for (const entry of options.hub.since(lastEventId)) if (wants(client, entry)) write(client, formatSseMessage(entry));
    }
  });

  return {
    get clientCount() {
      return clients.size;
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      for (const client of [...clients]) {
        forget(client);
        client.response.end();
      }
    },
  };
}
