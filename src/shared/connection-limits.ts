// Connection caps of an HTTP listener (the API's, and the HLS origin's): a total cap through
// Node's own `server.maxConnections` (sockets past it are closed at once by net.Server), and
// a cap per client address, so that one address cannot hold every connection the listener
// takes. A socket past the per-address cap gets a 429 (RFC 6585 §4) and is closed; it is
// never handed to the HTTP parser, so no request of it runs.

import type { Server } from "node:http";
import type { Socket } from "node:net";
import ipaddr from "ipaddr.js";

export interface ConnectionLimits {
  /** Most connections the listener holds at once (server.maxConnections). */
  readonly maxConnections: number;
  /** Most connections one client address (an IPv6 /64) holds at once. */
  readonly maxPerAddress: number;
  /** Called for each refused socket (a log line; not for every socket of a flood). */
  readonly onRefused?: (address: string, reason: "per-address") => void;
  /** The option named in the refusal, so that the client's operator knows what to raise. */
  readonly perAddressOptionName?: string;
}

/** How long a refused socket may take to read its 429 before it is destroyed. */
const REFUSED_LINGER_MS = 1000;
/** IPv6 clients are counted per /64: one host usually holds a whole /64 (RFC 4291 §2.5.1 interface ids). */
const IPV6_GROUP_PREFIX_BITS = 64;

/**
 * The key a client address is counted under: IPv4 as is (IPv4-mapped IPv6 unwrapped),
 * IPv6 by its /64 prefix. Unknown or unparsable addresses share one key.
 */
export function addressKey(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined || !ipaddr.isValid(remoteAddress)) return "unknown";
  const parsed = ipaddr.process(remoteAddress);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).toNormalizedString().split(":").slice(0, IPV6_GROUP_PREFIX_BITS / 16);
  return `${parts.join(":")}::/${IPV6_GROUP_PREFIX_BITS}`;
}

/** Counts open things per key against a cap. */
export class PerKeyCounter {
  readonly #counts = new Map<string, number>();
  constructor(readonly max: number) {}

  /** Takes one slot of `key`; false (nothing taken) when the key is at its cap. */
  tryAcquire(key: string): boolean {
    const count = this.#counts.get(key) ?? 0;
    if (count >= this.max) return false;
    this.#counts.set(key, count + 1);
    return true;
  }

  release(key: string): void {
    const count = (this.#counts.get(key) ?? 0) - 1;
    if (count <= 0) this.#counts.delete(key);
    else this.#counts.set(key, count);
  }

  count(key: string): number {
    return this.#counts.get(key) ?? 0;
  }
}

/**
 * Applies both caps to `server`. Call it once, after the server is created and before it
 * listens: it wraps the HTTP server's own 'connection' listener so that refused sockets
 * never reach it.
 */
export function limitConnections(server: Server, limits: ConnectionLimits): void {
  server.maxConnections = limits.maxConnections;
  const perAddress = new PerKeyCounter(limits.maxPerAddress);
  const httpListeners = server.listeners("connection") as ((socket: Socket) => void)[];
  server.removeAllListeners("connection");
  const optionName = limits.perAddressOptionName ?? "maxHttpConnectionsPerAddress";
  let lastRefusalLogMs = 0;
  server.on("connection", (socket: Socket) => {
    const key = addressKey(socket.remoteAddress);
    if (!perAddress.tryAcquire(key)) {
      // One log line a second at most: a flood must not become a log flood.
      const now = Date.now();
      if (now - lastRefusalLogMs >= 1000) {
        lastRefusalLogMs = now;
        limits.onRefused?.(key, "per-address");
      }
      refuse(socket, `this address already holds ${limits.maxPerAddress} connections, the most one address may hold (${optionName})`);
      return;
    }
    socket.once("close", () => perAddress.release(key));
    for (const listener of httpListeners) listener.call(server, socket);
  });
}

function refuse(socket: Socket, reason: string): void {
  socket.on("error", () => socket.destroy());
  const body = JSON.stringify({ message: `Too many connections: ${reason}` });
  socket.end(`HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 10\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  socket.setTimeout(REFUSED_LINGER_MS, () => socket.destroy());
  // Its request bytes are never read into a parser; resume so that the peer's FIN arrives.
  socket.resume();
}

/** The API listener's HTTP timeouts (Node's http.Server options). */
export interface HttpTimeouts {
  /** Time to receive a request's headers (slow or half-sent headers get 408 and are closed). */
  readonly headersTimeoutMs: number;
  /**
   * Time to receive a whole request, body included. It ends when the request has arrived,
   * not when the answer has: a long-lived answer such as a GET /events stream is not cut.
   */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  readonly keepAliveTimeoutMs: number;
}

export const API_HTTP_TIMEOUTS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
} as const satisfies HttpTimeouts;

/**
 * http.createServer options for these timeouts. Node checks headersTimeout and
 * requestTimeout on a timer (connectionsCheckingInterval, 30 s by default), so the interval
 * is made a fraction of the shorter one; otherwise a 10 s limit would act after up to 40 s.
 */
export function httpServerTimeoutOptions(timeouts: HttpTimeouts): { headersTimeout: number; requestTimeout: number; keepAliveTimeout: number; connectionsCheckingInterval: number } {
  return {
    headersTimeout: timeouts.headersTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs) / 4))),
  };
}
