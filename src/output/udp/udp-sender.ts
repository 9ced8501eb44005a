// The sender behind one UDP/RTP output's relay socket (relay/slave-socket.ts): it cuts the
// encoder's MPEG-TS into datagrams of 7 TS packets (ts-datagrams.ts), holds each until it is
// due on the stream's PCR, at most bufferMsec (pcr-pacer.ts), wraps it in RTP for an rtp://
// destination (rtp-ts-packetizer.ts) with SMPTE 2022-1 FEC to the ports + 2 and + 4
// (smpte2022-fec.ts), and sends it from one UDP socket of its own. Where the native batched
// sender is built (udp-batch.ts, udp_batch.c), each relay read's datagrams are handed to it
// with their delays and it sends each when due, from a libuv timer and in sendmmsg(2) batches,
// with no JavaScript between the reads; where it is not, a Node timer paces them here and
// Node's dgram sends them (udp-transport.ts).
//
// The socket is never connected: the ICMP port-unreachable a closed port answers is reported
// only on a connected socket, and a destination that is not listening yet must be sent to all
// the same (an IRD switched on later picks the stream up). What a send can still fail on (no
// route to the destination's network, a firewall or a broadcast address refusing it, a host
// name that does not resolve) raises the output's alert once (udp-send-state.ts) while the
// sends go on; the first send that succeeds clears it. Nothing here can stop or slow the
// encoder: the relay always reads, and a send that fails costs one datagram.
//
// Multicast: TTL 16 (ffmpeg's udp default, enough for a routed plant and bounded) and
// loopback on, so a receiver on this host hears the stream too.

import dns from "node:dns/promises";
import net from "node:net";
import type { Logger } from "pino";
import type { AlertEvent } from "../../shared/alerts.ts";
import { AlertCatalogue } from "../../shared/alerts.ts";
import { FEC_PORT_OFFSETS } from "../../domain/channels/udp-destination-url.ts";
import type { PushSink } from "../push/push-beside.ts";
import { PcrPacer } from "./pcr-pacer.ts";
import { RtpTsPacketizer, randomRtpStart } from "./rtp-ts-packetizer.ts";
import { Smpte2022FecEncoder } from "./smpte2022-fec.ts";
import { TsDatagrams } from "./ts-datagrams.ts";
import { UdpSendStateMachine, type UdpSendChange } from "./udp-send-state.ts";
import type { UdpTarget } from "./udp-targets.ts";
import { BatchUdpTransport, logUdpBatchFallbackOnce, PacedBatchUdpTransport, pacerOf, udpBatchOfThisProcess, type UdpBatchBinding, type UdpBatchLoad } from "./udp-batch.ts";
import { DgramUdpTransport, type PacedUdpTransport, type UdpTransport, type UdpTransportEvents } from "./udp-transport.ts";

export const MULTICAST_TTL = 16;
/**
 * The pacing's granularity, the native pacer's (udp_batch.c) as the Node timer's: whenever the
 * sender wakes, for the encoder's bytes or for this timer, it sends what is due by then (up to
 * half a tick early), and the timer waits at least this long. A timer
 * per datagram (hundreds a second) would cost more than the sends themselves, and each wake-up
 * of the worker costs about what a few sends do; a receiver's buffer (bufferMsec, at least
 * 100 ms) absorbs 20 ms, which at 4 Mbit/s is some 8 datagrams at a time.
 */
export const PACING_TICK_MS = 20;
/** Sent datagrams dropped from the queue's front in one go. */
const QUEUE_COMPACT_AT = 1024;

interface QueuedDatagram {
  readonly payload: Buffer;
  readonly dueMs: number;
}

export interface UdpSenderOptions {
  readonly target: UdpTarget;
  readonly alert: (alert: AlertEvent) => void;
  readonly logger: Logger;
  /** A monotonic clock in milliseconds (RTP timestamps, lookup retries). */
  readonly nowMs?: () => number;
  /** Resolves a host name (tests: a resolver of their own). */
  readonly lookup?: (host: string) => Promise<{ readonly address: string; readonly family: number }>;
  /** Between lookups of a host name that fails (UDP_LOOKUP_RETRY_MS when absent). */
  readonly lookupRetryMs?: number;
  /** The native batched sender, or why there is none (default: the process's, udpBatchOfThisProcess()); tests and benches pass their own. */
  readonly udpBatch?: UdpBatchLoad;
}

/** What the sender counts, for tests and logs. */
export interface UdpSenderCounters {
  readonly datagramsSent: number;
  readonly sendFailures: number;
  /** Datagrams dropped for want of an address. */
  readonly datagramsDropped: number;
}

function isPaced(transport: UdpTransport): transport is PacedUdpTransport {
  return "paced" in transport && transport.paced === true;
}

export class UdpSender implements PushSink {
  readonly #options: UdpSenderOptions;
  readonly #nowMs: () => number;
  readonly #state: UdpSendStateMachine;
  readonly #datagrams = new TsDatagrams();
  readonly #rtp: RtpTsPacketizer | undefined;
  readonly #fec: Smpte2022FecEncoder | undefined;
  readonly #pacer: PcrPacer;
  /** Datagrams waiting for their due time, in order; those before #queueHead are sent. */
  #queue: QueuedDatagram[] = [];
  #queueHead = 0;
  #lastDueMs = Number.NEGATIVE_INFINITY;
  /** The pacing timer: kept once it fired, and re-armed (refresh()) rather than made again; undefined once cleared. */
  #drainTimer: NodeJS.Timeout | undefined;
  /** The delay #drainTimer was set with. */
  #drainDelayMs = 0;
  readonly #onDrainTimer = (): void => this.#drain();
  #transport: UdpTransport | undefined;
  /** The native batched sender when it paces (udp_batch.c's pacer), else undefined: the sender paces with a Node timer. */
  readonly #pacerBinding: Required<UdpBatchBinding> | undefined;
  readonly #batch: UdpBatchLoad;
  #family: 4 | 6 | undefined;
  #streaming = false;
  #closing: Promise<void> | undefined;
  #counters = { datagramsSent: 0, sendFailures: 0, datagramsDropped: 0 };
  readonly #transportEvents: UdpTransportEvents = {
    sent: (count) => {
      this.#counters.datagramsSent += count;
      this.#report(this.#state.sent());
    },
    failed: (reason, count = 1) => {
      this.#counters.sendFailures += count;
      this.#report(this.#state.sendFailed(reason));
    },
  };

  constructor(options: UdpSenderOptions) {
    this.#options = options;
    this.#nowMs = options.nowMs ?? (() => performance.now());
    const { target } = options;
    const ipFamily = net.isIP(target.host);
    this.#state = new UdpSendStateMachine(target.host, ipFamily !== 0, options.lookupRetryMs);
    this.#pacer = new PcrPacer(target.bufferMs);
    this.#batch = options.udpBatch ?? udpBatchOfThisProcess();
    this.#pacerBinding = "binding" in this.#batch ? pacerOf(this.#batch.binding) : undefined;
    if (ipFamily !== 0) this.#family = ipFamily === 6 ? 6 : 4;
    if (target.scheme === "rtp:") {
      const start = randomRtpStart();
      this.#rtp = new RtpTsPacketizer(start);
      if (target.fec) this.#fec = new Smpte2022FecEncoder(target.fec, { column: randomRtpStart().firstSequenceNumber, row: randomRtpStart().firstSequenceNumber });
    }
  }

  get counters(): UdpSenderCounters {
    return { ...this.#counters };
  }

  streamStarted(): void {
    if (this.#closing) return;
    this.#streaming = true;
    this.#datagrams.reset();
    this.#pacer.reset();
    this.#fec?.reset();
  }

  data(chunk: Buffer): void {
    if (!this.#streaming) return;
    const nowMs = this.#nowMs();
    if (this.#state.lookupDue(nowMs)) this.#lookUp(nowMs);
    const payloads = this.#datagrams.push(chunk);
    if (this.#pacerBinding) return this.#handOver(payloads, nowMs);
    for (const payload of payloads) {
      // Never before an earlier datagram: the order on the wire is the stream's.
      this.#lastDueMs = Math.max(this.#lastDueMs, this.#pacer.due(payload, nowMs));
      this.#queue.push({ payload, dueMs: this.#lastDueMs });
    }
    this.#drain();
  }

  /**
   * The addon paces: one read's datagrams go to it at once, each with its delay, framed in RTP
   * (stamped with the time it is due out) with their FEC packets, which leave with the packet
   * that completed them.
   */
  #handOver(payloads: readonly Buffer[], nowMs: number): void {
    if (payloads.length === 0) return;
    const address = this.#state.address;
    const transport = address === undefined ? undefined : this.#transportFor();
    if (address === undefined || !transport || !isPaced(transport)) {
      for (const payload of payloads) this.#lastDueMs = Math.max(this.#lastDueMs, this.#pacer.due(payload, nowMs));
      this.#counters.datagramsDropped += payloads.length;
      return;
    }
    const datagrams: Uint8Array[] = [];
    const ports: number[] = [];
    const delays: number[] = [];
    for (const payload of payloads) {
      this.#lastDueMs = Math.max(this.#lastDueMs, this.#pacer.due(payload, nowMs));
      const framed = this.#frame(payload, Math.max(nowMs, this.#lastDueMs), datagrams, ports);
      for (let i = 0; i < framed; i++) delays.push(Math.max(0, this.#lastDueMs - nowMs));
    }
    transport.sendPaced(datagrams, ports, address, delays);
  }

  /**
   * Appends what carries `payload` on the wire, leaving at `sentAtMs`, to datagrams and ports:
   * the payload itself for udp://, its RTP packet for rtp:// and, with FEC, the FEC packets it
   * completes (to the ports + 2 and + 4). Returns how many were appended.
   */
  #frame(payload: Buffer, sentAtMs: number, datagrams: Uint8Array[], ports: number[]): number {
    const { port } = this.#options.target;
    if (!this.#rtp) {
      datagrams.push(payload);
      ports.push(port);
      return 1;
    }
    const packet = this.#rtp.packetize(payload, sentAtMs);
    datagrams.push(packet);
    ports.push(port);
    if (!this.#fec) return 1;
    const fec = this.#fec.push(packet);
    for (const column of fec.column) {
      datagrams.push(column);
      ports.push(port + FEC_PORT_OFFSETS.column);
    }
    for (const row of fec.row) {
      datagrams.push(row);
      ports.push(port + FEC_PORT_OFFSETS.row);
    }
    return 1 + fec.column.length + fec.row.length;
  }

  streamEnded(): void {
    this.#streaming = false;
    this.#datagrams.reset();
  }

  /** Stops sending and closes the socket. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      this.#streaming = false;
      clearTimeout(this.#drainTimer);
      this.#drainTimer = undefined;
      this.#queue = [];
      this.#queueHead = 0;
      const transport = this.#transport;
      this.#transport = undefined;
      if (!transport) return resolve();
      void transport.close().then(resolve);
    });
    return this.#closing;
  }

  /** Sends the datagrams that are due, and wakes up for the next (the wake-up before, if any, is moved). */
  #drain(): void {
    if (this.#closing) return;
    const nowMs = this.#nowMs();
    let dueEnd = this.#queueHead;
    while (dueEnd < this.#queue.length && this.#queue[dueEnd]!.dueMs <= nowMs + PACING_TICK_MS / 2) dueEnd += 1;
    if (dueEnd > this.#queueHead) this.#sendDue(this.#queueHead, dueEnd, nowMs);
    this.#queueHead = dueEnd;
    if (this.#queueHead >= QUEUE_COMPACT_AT || this.#queueHead === this.#queue.length) {
      this.#queue = this.#queue.slice(this.#queueHead);
      this.#queueHead = 0;
    }
    const next = this.#queue[this.#queueHead];
    if (!next) {
      clearTimeout(this.#drainTimer);
      this.#drainTimer = undefined;
      return;
    }
    const delayMs = Math.max(PACING_TICK_MS, next.dueMs - nowMs);
    // The usual case, the next datagram due within a tick: the same timer, re-armed from now
    // (no new Timeout), whether it is pending or fired already.
    if (this.#drainTimer && delayMs === PACING_TICK_MS && this.#drainDelayMs === PACING_TICK_MS) {
      this.#drainTimer.refresh();
      return;
    }
    clearTimeout(this.#drainTimer);
    this.#drainDelayMs = delayMs;
    this.#drainTimer = setTimeout(this.#onDrainTimer, delayMs);
  }

  /** Sends the queue's datagrams [from, to) in one batch: framed in RTP (with their FEC packets) for rtp://. */
  #sendDue(from: number, to: number, nowMs: number): void {
    const address = this.#state.address;
    const transport = address === undefined ? undefined : this.#transportFor();
    if (address === undefined || !transport) {
      this.#counters.datagramsDropped += to - from;
      return;
    }
    const datagrams: Uint8Array[] = [];
    const ports: number[] = [];
    for (let index = from; index < to; index++) this.#frame(this.#queue[index]!.payload, nowMs, datagrams, ports);
    transport.send(datagrams, ports, address);
  }

  /** The socket of the address's family, made on first use: the native batched one where it is built, else dgram's. */
  #transportFor(): UdpTransport | undefined {
    if (this.#closing || this.#family === undefined) return undefined;
    if (this.#transport) return this.#transport;
    const options = { family: this.#family, ...(this.#options.target.multicast ? { multicastTtl: MULTICAST_TTL } : {}) };
    const batch = this.#batch;
    if ("binding" in batch) {
      try {
        this.#transport = this.#pacerBinding
          ? new PacedBatchUdpTransport(this.#pacerBinding, options, PACING_TICK_MS, this.#transportEvents)
          : new BatchUdpTransport(batch.binding, options, this.#transportEvents);
      } catch (error) {
        // No socket (too many open files, …): these datagrams are lost, the next wake-up tries again.
        this.#transportEvents.failed(error instanceof Error ? error.message : String(error));
        return undefined;
      }
    } else {
      logUdpBatchFallbackOnce(batch, this.#options.logger);
      this.#transport = new DgramUdpTransport(options, this.#transportEvents);
    }
    return this.#transport;
  }

  #lookUp(nowMs: number): void {
    const { host } = this.#options.target;
    this.#state.lookupStarted(nowMs);
    const lookup = this.#options.lookup ?? ((name: string) => dns.lookup(name));
    lookup(host).then(
      ({ address, family }) => {
        if (this.#closing) return;
        const wanted = family === 6 ? 6 : 4;
        if (wanted !== this.#family && this.#transport) {
          void this.#transport.close();
          this.#transport = undefined;
        }
        this.#family = wanted;
        this.#report(this.#state.lookupAnswered(address));
      },
      (error: unknown) => {
        if (this.#closing) return;
        this.#report(this.#state.lookupFailed(error instanceof Error ? error.message : String(error)));
      },
    );
  }

  #report(change: UdpSendChange): void {
    if (!change || this.#closing) return;
    const { target, logger, alert } = this.#options;
    const atMs = Date.now();
    const alertType = AlertCatalogue.OUTPUT_FAILED.alertType;
    if (change.state === "SET") {
      logger.warn({ output: target.label, peer: target.peer, reason: change.reason }, "UDP output: cannot send (sends go on)");
      alert({ alertType, message: `${target.label}: cannot send to ${target.peer}: ${change.reason}`, state: "SET", atMs });
    } else {
      logger.info({ output: target.label, peer: target.peer }, "UDP output: sending again");
      alert({ alertType, message: `${target.label}: sending to ${target.peer} again`, state: "CLEARED", atMs });
    }
  }
}
