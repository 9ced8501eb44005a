// Sends one track's fragmented MP4 as a CMAF ingest source does (DASH-IF Live Media Ingest,
// interface 1): the CMAF header first, then each CMAF segment (here one fragment, starting
// with an IDR for video) in its own HTTP POST to the track's stream URL, in order. A refused
// or failed POST is retried per the group's policy (retry-state.ts), and after any failure the
// header is sent again before the next segment, so a receiver that lost its state (a restarted
// packager) can start the track afresh (DASH-IF Live Media Ingest §5.8). Segments wait in a
// bounded queue: when the peer stays away the oldest are dropped, never the encoder slowed.
//
// It is the sink of a relay socket (relay/slave-socket.ts) or of anything that writes one
// muxer output per run: `streamStarted`, `data`, `streamEnded`.

import type { SlaveStreamSink } from "../relay/slave-socket.ts";
import { sendBody } from "./http-post.ts";
import { Fmp4Splitter } from "./fmp4-splitter.ts";
import { RetryState, type Fmp4SenderOptions } from "./retry-state.ts";

export interface SegmentSenderOptions extends Fmp4SenderOptions {
  /** Segments kept while the peer refuses; the oldest go first. */
  readonly maxQueuedSegments: number;
  /**
   * Every segment's POST starts with the header (sent alone first too): a Smooth sparse stream,
   * whose every POST is a whole stream (Azure fMP4 live ingest §4, §11 "Sparse track").
   */
  readonly headerInEachPost?: boolean;
}


interface Queued {
  readonly kind: "header" | "fragment";
  readonly bytes: Buffer;
  readonly readyAtMs: number;
}

export class SegmentSender implements SlaveStreamSink {
  readonly #options: SegmentSenderOptions;
  readonly #retry: RetryState;
  readonly #splitter = new Fmp4Splitter();
  readonly #now: () => number;
  #queue: Queued[] = [];
  /** The header of the fragments at the head of the queue, resent after a failure. */
  #header: Buffer | undefined;
  #resendHeader = false;
  #nextAttemptAtMs = 0;
  #busy = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #broken = false;
  #sent = 0;
  #dropped = 0;

  constructor(options: SegmentSenderOptions) {
    this.#options = options;
    this.#retry = new RetryState(options.retry);
    this.#now = options.nowMs ?? Date.now;
  }

  streamStarted(): void {
    this.#splitter.reset();
    this.#broken = false;
  }

  data(chunk: Buffer): void {
    if (this.#closed || this.#broken) return;
    let parts;
    try {
      parts = this.#splitter.push(chunk);
    } catch (error) {
      // Not fMP4: nothing of this run can be sent; the next run starts afresh.
      this.#broken = true;
      // Counted as a failure, so the alert clears once a later run's objects are taken.
      if (this.#retry.failed(this.#now()).started) this.#options.onFailing(`the encoder's output is not fragmented MP4: ${(error as Error).message}`);
      return;
    }
    const readyAtMs = this.#now() + (this.#options.sendDelayMs ?? 0);
    for (const part of parts) {
      if (part.kind === "trailer") continue; // an index of the whole file: no CMAF object
      this.#queue.push({ kind: part.kind, bytes: part.bytes, readyAtMs });
    }
    this.#bound();
    this.#pump();
  }

  streamEnded(): void {
    this.#splitter.reset();
  }

  /** Segments accepted by the peer, and given up (after every retry, or from a full queue). */
  delivered(): { readonly sent: number; readonly dropped: number } {
    return { sent: this.#sent, dropped: this.#dropped };
  }

  /** Stops sending (a request in flight finishes on its own). Idempotent. */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue = [];
  }

  #bound(): void {
    let fragments = this.#queue.filter((item) => item.kind === "fragment").length;
    while (fragments > this.#options.maxQueuedSegments) {
      const oldest = this.#queue.findIndex((item) => item.kind === "fragment");
      this.#queue.splice(oldest, 1);
      this.#dropped += 1;
      fragments -= 1;
    }
  }

  #pump(): void {
    if (this.#closed || this.#busy || this.#timer) return;
    const head = this.#queue[0];
    if (!head) return;
    const waitMs = Math.max(this.#nextAttemptAtMs, head.readyAtMs) - this.#now();
    if (waitMs > 0) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#pump();
      }, waitMs);
      return;
    }
    const withHeader = this.#options.headerInEachPost === true && head.kind === "fragment" && this.#header !== undefined;
    const sendingHeader = head.kind === "header" || (!withHeader && this.#resendHeader && this.#header !== undefined);
    const bytes = head.kind === "header" ? head.bytes : sendingHeader ? this.#header! : withHeader ? Buffer.concat([this.#header!, head.bytes]) : head.bytes;
    this.#busy = true;
    void this.#send(bytes).then((failure) => {
      this.#busy = false;
      if (this.#closed) return;
      if (failure === undefined) this.#accepted(head, sendingHeader);
      else this.#refused(head, failure);
      this.#pump();
    });
  }

  async #send(bytes: Buffer): Promise<string | undefined> {
    try {
      const status = await sendBody(this.#options.target, bytes, this.#options.contentType);
      return status >= 200 && status < 300 ? undefined : `answered HTTP ${status}`;
    } catch (error) {
      return (error as Error).message;
    }
  }

  #accepted(head: Queued, sentHeader: boolean): void {
    if (head.kind === "header") {
      this.#header = head.bytes;
      this.#queue.shift();
    } else if (!sentHeader) {
      this.#queue.shift();
      this.#sent += 1;
    }
    if (sentHeader) this.#resendHeader = false;
    if (this.#retry.succeeded()) this.#options.onRecovered();
  }

  #refused(head: Queued, failure: string): void {
    const decision = this.#retry.failed(this.#now());
    if (decision.started) this.#options.onFailing(`${this.#options.target.url}: ${failure}`);
    if (decision.exhausted && head.kind === "fragment") {
      this.#queue.shift();
      this.#dropped += 1;
    }
    this.#resendHeader = true;
    this.#nextAttemptAtMs = decision.nextAttemptAtMs;
  }
}
