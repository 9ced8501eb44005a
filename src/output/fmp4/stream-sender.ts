// Sends a fragmented MP4 feed as one long HTTP POST with a chunked body, as a Smooth Streaming
// live encoder publishes to an IIS-style publishing point ([MS-SSTR] fragments; the IIS Live
// Smooth Streaming push protocol): the header (`uuid` stream manifest, `ftyp`, `moov`), then
// every fragment as the encoder writes it. When the POST fails (refused, an error answer, the
// connection lost) the sender waits per the group's retry policy, opens a new POST, sends the
// header again and goes on with the fragments that came meanwhile (a bounded cache: the
// oldest are dropped once it is full, the encoder is never slowed). An encoder run that ends
// ends the POST; its empty `mfra` (the end-of-stream signal) is sent only when asked.

import type { SlaveStreamSink } from "../relay/slave-socket.ts";
import { openStreamingPost, type StreamingPost } from "./http-post.ts";
import { Fmp4Splitter } from "./fmp4-splitter.ts";
import { RetryState, type Fmp4SenderOptions } from "./retry-state.ts";

/** A peer that takes less than this behind the encoder is taken for a failed connection. */
export const MAX_UNSENT_BYTES = 32 * 1024 * 1024;

export interface StreamSenderOptions extends Fmp4SenderOptions {
  /** Fragments kept while no POST is open. */
  readonly maxCachedFragments: number;
  /** Send the run's end-of-stream `mfra` when the encoder stops (MediaLive's eventStopBehavior SEND_EOS). */
  readonly sendEndOfStream: boolean;
  /** A POST is opened (tests and logs). */
  readonly onConnect?: () => void;
}

export class StreamSender implements SlaveStreamSink {
  readonly #options: StreamSenderOptions;
  readonly #retry: RetryState;
  readonly #splitter = new Fmp4Splitter();
  readonly #now: () => number;
  #header: Buffer | undefined;
  #post: StreamingPost | undefined;
  #cache: Buffer[] = [];
  #reconnectTimer: NodeJS.Timeout | undefined;
  #nextAttemptAtMs = 0;
  #closed = false;
  #broken = false;
  #sent = 0;
  #dropped = 0;

  constructor(options: StreamSenderOptions) {
    this.#options = options;
    this.#retry = new RetryState(options.retry);
    this.#now = options.nowMs ?? Date.now;
  }

  streamStarted(): void {
    this.#later(() => {
      this.#splitter.reset();
      this.#broken = false;
      this.#endPost();
      this.#header = undefined;
      this.#cache = [];
    });
  }

  data(chunk: Buffer): void {
    this.#later(() => this.#data(chunk));
  }

  streamEnded(): void {
    this.#later(() => this.#endPost());
  }

  /** Runs `step` after sendDelayMs (timers of equal delay keep their order), at once without one. */
  #later(step: () => void): void {
    const delayMs = this.#options.sendDelayMs ?? 0;
    if (delayMs > 0) setTimeout(() => !this.#closed && step(), delayMs);
    else step();
  }

  /** Fragments written to a POST, and dropped from a full cache. */
  delivered(): { readonly sent: number; readonly dropped: number } {
    return { sent: this.#sent, dropped: this.#dropped };
  }

  /** Drops the POST and stops. Idempotent. */
  close(): void {
    this.#closed = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#post?.abort();
    this.#post = undefined;
  }

  #data(chunk: Buffer): void {
    if (this.#closed || this.#broken) return;
    let parts;
    try {
      parts = this.#splitter.push(chunk);
    } catch (error) {
      this.#broken = true;
      // Counted as a failure, so the alert clears once a later run is taken.
      if (this.#retry.failed(this.#now()).started) this.#options.onFailing(`the encoder's output is not fragmented MP4: ${(error as Error).message}`);
      return;
    }
    for (const part of parts) {
      if (part.kind === "header") {
        this.#header = part.bytes;
        this.#connect();
      } else if (part.kind === "trailer") {
        if (this.#options.sendEndOfStream) this.#post?.write(part.bytes);
      } else if (this.#post) {
        this.#post.write(part.bytes);
        this.#sent += 1;
        if (this.#post.bufferedBytes > MAX_UNSENT_BYTES) this.#post.abort();
      } else {
        this.#cache.push(part.bytes);
        if (this.#cache.length > this.#options.maxCachedFragments) {
          this.#cache.shift();
          this.#dropped += 1;
        }
      }
    }
  }

  #connect(): void {
    if (this.#closed || this.#post || this.#reconnectTimer || !this.#header) return;
    const waitMs = this.#nextAttemptAtMs - this.#now();
    if (waitMs > 0) {
      this.#reconnectTimer = setTimeout(() => {
        this.#reconnectTimer = undefined;
        this.#connect();
      }, waitMs);
      return;
    }
    const post = openStreamingPost(this.#options.target, this.#options.contentType);
    this.#post = post;
    this.#options.onConnect?.();
    post.write(this.#header);
    for (const fragment of this.#cache) {
      post.write(fragment);
      this.#sent += 1;
    }
    this.#cache = [];
    post.done.then(
      (status) => this.#settled(post, status >= 200 && status < 300 ? undefined : `answered HTTP ${status}`),
      (error: Error) => this.#settled(post, error.message),
    );
    // The peer answers a live POST only when it ends; a socket that takes the header counts as accepted.
    void this.#whenWritten(post);
  }

  async #whenWritten(post: StreamingPost): Promise<void> {
    const outcome = await Promise.race([post.done.then(() => "settled", () => "settled"), new Promise((resolve) => setTimeout(() => resolve("open"), 1000))]);
    if (outcome === "open" && this.#post === post && this.#retry.succeeded()) this.#options.onRecovered();
  }

  #settled(post: StreamingPost, failure: string | undefined): void {
    if (this.#post !== post) return; // an ended run's POST: its answer changes nothing
    this.#post = undefined;
    if (this.#closed) return;
    const decision = this.#retry.failed(this.#now());
    if (decision.started) this.#options.onFailing(`${this.#options.target.url}: ${failure ?? "the publishing point ended the stream"}`);
    this.#nextAttemptAtMs = decision.nextAttemptAtMs;
    this.#connect();
  }

  #endPost(): void {
    const post = this.#post;
    this.#post = undefined;
    post?.end();
  }
}
