// The RTP push endpoint of one pipeline of an input: a UDP socket that takes MPEG-TS over
// RTP (RFC 3550, payload type 33 per RFC 2250) from the addresses its input security
// groups allow, puts packets back in order and hands whole TS packets on. Datagrams of
// bare MPEG-TS (UDP without RTP) are dropped and raise the seed page's alert: send RTP,
// not UDP. Disallowed sources are dropped silently and counted, as MediaLive does.
// This file owns the socket and the timer; the protocol logic is in protocols/rtp.

import dgram from "node:dgram";
import { isIPv6 } from "node:net";
import { RtpTsDepacketizer, type RtpTsDepacketizerStats } from "../../protocols/rtp/rtp-ts-depacketizer.ts";
import { AlertCatalogue, type AlertEvent } from "../../shared/alerts.ts";
import type { AllowList } from "../allow-list.ts";

/** How often buffered packets are released when datagrams stop (the reorder window is 50 ms). */
const POLL_INTERVAL_MS = 10;
/** The "send RTP, not UDP" alert clears after this long without bare TS. */
export const BARE_TS_CLEAR_AFTER_MS = 5_000;

export interface RtpPushEndpointOptions {
  readonly address: string;
  readonly port: number;
  readonly allowList: AllowList;
  readonly nowMs?: () => number;
  /** Whole 188-byte TS packets, in RTP sequence order. */
  readonly onTs: (bytes: Uint8Array, nowMs: number) => void;
  readonly onAlert?: (alert: AlertEvent) => void;
}

export interface RtpPushEndpointStats {
  readonly datagrams: number;
  readonly bytesIn: number;
  readonly disallowedDatagrams: number;
  readonly rtp: Readonly<RtpTsDepacketizerStats>;
}

export const BARE_UDP_ALERT_TYPE = AlertCatalogue.RTP_EXPECTED.alertType;

export class RtpPushEndpoint {
  readonly #options: RtpPushEndpointOptions;
  readonly #nowMs: () => number;
  readonly #depacketizer = new RtpTsDepacketizer();
  #socket: dgram.Socket | undefined;
  #timer: NodeJS.Timeout | undefined;
  #datagrams = 0;
  #bytesIn = 0;
  #disallowed = 0;
  #lastBareTsMs: number | undefined;
  #closed = false;

  constructor(options: RtpPushEndpointOptions) {
    this.#options = options;
    this.#nowMs = options.nowMs ?? Date.now;
  }

  async start(): Promise<void> {
    const socket = dgram.createSocket({ type: isIPv6(this.#options.address) ? "udp6" : "udp4", reuseAddr: false });
    this.#socket = socket;
    socket.on("message", (datagram, remote) => this.#onDatagram(datagram, remote.address));
    // A socket error must not take the process down; the endpoint keeps its state.
    socket.on("error", () => {});
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(this.#options.port, this.#options.address, () => {
        socket.off("error", reject);
        resolve();
      });
    });
    // Large receive buffer: a 5–50 Mbit/s stream arrives in bursts.
    try {
      socket.setRecvBufferSize(4 * 1024 * 1024);
    } catch {
      // the OS limit applies
    }
    this.#timer = setInterval(() => this.#poll(), POLL_INTERVAL_MS);
    this.#timer.unref();
  }

  get stats(): RtpPushEndpointStats {
    return { datagrams: this.#datagrams, bytesIn: this.#bytesIn, disallowedDatagrams: this.#disallowed, rtp: this.#depacketizer.stats };
  }

  #onDatagram(datagram: Buffer, sourceAddress: string): void {
    if (this.#closed) return;
    this.#datagrams += 1;
    this.#bytesIn += datagram.length;
    if (!this.#options.allowList.admit(sourceAddress)) {
      this.#disallowed += 1;
      return;
    }
    const nowMs = this.#nowMs();
    this.#handle(this.#depacketizer.push(new Uint8Array(datagram.buffer, datagram.byteOffset, datagram.length), nowMs), nowMs);
  }

  #poll(): void {
    const nowMs = this.#nowMs();
    this.#handle(this.#depacketizer.poll(nowMs), nowMs);
    if (this.#lastBareTsMs !== undefined && nowMs - this.#lastBareTsMs > BARE_TS_CLEAR_AFTER_MS) {
      this.#lastBareTsMs = undefined;
      this.#options.onAlert?.({ alertType: BARE_UDP_ALERT_TYPE, message: "RTP packets arrive again on this endpoint", state: "CLEARED", atMs: nowMs });
    }
  }

  #handle(events: ReturnType<RtpTsDepacketizer["push"]>, nowMs: number): void {
    for (const event of events) {
      if (event.type === "ts") this.#options.onTs(event.bytes, nowMs);
      else if (event.type === "bare-ts") {
        if (this.#lastBareTsMs === undefined) {
          this.#options.onAlert?.({
            alertType: BARE_UDP_ALERT_TYPE,
            message: `MPEG-TS without an RTP header arrives on port ${this.#options.port}: UDP is not supported as an input; send RTP, not UDP (ffmpeg: -f rtp_mpegts rtp://…)`,
            state: "SET",
            atMs: nowMs,
          });
        }
        this.#lastBareTsMs = nowMs;
      }
    }
  }

  /** Stops listening; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
