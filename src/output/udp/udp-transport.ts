// How the UDP sender's datagrams leave: one unconnected UDP socket per output (udp-sender.ts
// says why unconnected), behind one small interface with two implementations: the native
// batched sender (udp-batch.ts, sendmmsg(2): everything due at one wake-up in one system call)
// and Node's dgram (this file: one send per datagram), used where the native one is not built.
// Both report the outcome of every datagram, never throw, and keep the datagrams' order.

import dgram from "node:dgram";

/** What a transport tells its sender. */
export interface UdpTransportEvents {
  /** `count` datagrams left (in order). */
  sent(count: number): void;
  /** `count` datagrams (default 1) could not be sent (`reason` as Node words it, e.g. `send EACCES 255.255.255.255:5000`); the next are still tried. */
  failed(reason: string, count?: number): void;
}

export interface UdpTransport {
  /** Sends datagrams[i] to address:ports[i], in order; `address` is numeric, of the transport's family. */
  send(datagrams: readonly Uint8Array[], ports: readonly number[], address: string): void;
  /** Closes the socket; idempotent. Datagrams still waiting for room in the socket's buffer are dropped. */
  close(): Promise<void>;
}

/** A transport that paces: each datagram leaves when its delay has passed, in the order handed over. */
export interface PacedUdpTransport extends UdpTransport {
  readonly paced: true;
  /** Sends datagrams[i] to address:ports[i] delaysMs[i] from now (0: at once), in order. */
  sendPaced(datagrams: readonly Uint8Array[], ports: readonly number[], address: string, delaysMs: readonly number[]): void;
}

/** The socket's options: its address family, and the multicast TTL (loopback on) when the destination is a group. */
export interface UdpTransportOptions {
  readonly family: 4 | 6;
  readonly multicastTtl?: number;
}

/**
 * Node's dgram: a socket full of datagrams (EAGAIN, ENOBUFS) queues them in libuv until it can
 * send, so nothing is lost and the order holds.
 */
export class DgramUdpTransport implements UdpTransport {
  readonly #socket: dgram.Socket;
  readonly #events: UdpTransportEvents;
  #closing: Promise<void> | undefined;
  readonly #onSent = (error: Error | null): void => {
    if (error) this.#events.failed(error.message);
    else this.#events.sent(1);
  };

  constructor(options: UdpTransportOptions, events: UdpTransportEvents) {
    this.#events = events;
    const socket = dgram.createSocket(options.family === 6 ? "udp6" : "udp4");
    // Errors of a send reach its callback; this catches the rest (a failed bind) so the process never dies of it.
    socket.on("error", (error) => events.failed(error.message));
    const ttl = options.multicastTtl;
    if (ttl !== undefined) {
      socket.bind(0, () => {
        socket.setMulticastTTL(ttl);
        socket.setMulticastLoopback(true);
      });
    }
    this.#socket = socket;
  }

  send(datagrams: readonly Uint8Array[], ports: readonly number[], address: string): void {
    if (this.#closing) return;
    for (let i = 0; i < datagrams.length; i++) this.#socket.send(datagrams[i]!, ports[i]!, address, this.#onSent);
  }

  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => this.#socket.close(() => resolve()));
    return this.#closing;
  }
}
