// The sender behind one output's relay socket (relay/slave-socket.ts): a supervised child
// (ffmpeg) that reads the encoder's MPEG-TS on stdin and owns the connection to the peer. It
// is started for each encoder run, restarted per the output's retry settings when the peer
// refuses or drops it (push-retry.ts), and bounds what waits for a slow peer (push-cache.ts):
// the socket always reads, so a peer never slows or stops the encoder.
//
// A child (re)started in the middle of a run is fed from the next 188-byte packet boundary
// (ISO/IEC 13818-1 §2.4.3.2): ffmpeg's MPEG-TS demuxer then finds the programme at the next
// PAT/PMT. The output's alert is SET at the first failure and CLEARED when ffmpeg reports
// progress again, which it does only once its output (the connection) is open.

import type { Logger } from "pino";
import path from "node:path";
import type { AlertEvent } from "../../shared/alerts.ts";
import { PROCESS_BACKOFF } from "../../shared/backoff.ts";
import { ExitKinds, type ChildExit, type ChildRun } from "../../shared/process/child-run.ts";
import { Restarts, SupervisedChild } from "../../shared/process/supervised-child.ts";
import { EncoderProgressParser } from "../encoder/encoder-progress.ts";
import type { SlaveStreamSink } from "../relay/slave-socket.ts";
import { CacheDecisions, PushCache } from "./push-cache.ts";
import { PushRetry, nextAttemptText } from "./push-retry.ts";
import { removePresetFile, writePresetFile } from "./preset-file.ts";
import { SENDER_PROGRESS_FD, type PushTarget } from "./push-target.ts";

const TS_PACKET_BYTES = 188;
/** How long a sender whose stdin ended may finish before it is killed. */
const SENDER_GRACE_MS = 2_000;

export interface PushSenderOptions {
  readonly target: PushTarget;
  /** Where the target's preset file is written (the pipeline's own folder). */
  readonly presetFile: string;
  readonly alert: (alert: AlertEvent) => void;
  readonly logger: Logger;
  readonly nowMs?: () => number;
}

interface SenderRun {
  readonly run: ChildRun;
  /** Bytes are written from a packet boundary on. */
  aligned: boolean;
  /** ffmpeg reported progress: the peer takes the output. */
  delivered: boolean;
  /** The encoder's run ended: its stdin was closed, its exit is no failure. */
  ended: boolean;
}

export class PushSender implements SlaveStreamSink {
  readonly #options: PushSenderOptions;
  readonly #nowMs: () => number;
  readonly #retry: PushRetry;
  readonly #cache: PushCache;
  readonly #child: SupervisedChild;
  #current: SenderRun | undefined;
  #streaming = false;
  #streamBytes = 0;
  #timer: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: PushSenderOptions) {
    this.#options = options;
    this.#nowMs = options.nowMs ?? Date.now;
    this.#retry = new PushRetry(options.target.retry);
    this.#cache = new PushCache(options.target.cache);
    const { target, presetFile } = options;
    this.#child = new SupervisedChild({
      command: () => {
        writePresetFile(presetFile, target.presetLines());
        return { command: target.command, args: target.args(presetFile), stdin: "pipe", stdout: "ignore", extraFds: SENDER_PROGRESS_FD - 2, stop: "end-stdin" };
      },
      // Never used: every exit answers STOP and the retry settings schedule the next run.
      backoff: PROCESS_BACKOFF,
      graceMs: SENDER_GRACE_MS,
      nowMs: this.#nowMs,
      onStart: (run) => this.#started(run),
      onExit: (exit, run) => {
        this.#exited(exit, run);
        return Restarts.STOP;
      },
    });
  }

  /** The peer takes the output now. */
  get delivering(): boolean {
    return this.#current?.delivered === true && !this.#current.run.hasExited;
  }

  streamStarted(): void {
    if (this.#closing) return;
    this.#streaming = true;
    this.#streamBytes = 0;
    this.#retry.newRound();
    this.#launch();
  }

  data(chunk: Buffer): void {
    const before = this.#streamBytes;
    this.#streamBytes += chunk.length;
    const current = this.#current;
    const stdin = current?.run.stdin;
    if (!current || current.ended || current.run.hasExited || !stdin?.writable) return;
    let bytes = chunk;
    if (!current.aligned) {
      const skip = (TS_PACKET_BYTES - (before % TS_PACKET_BYTES)) % TS_PACKET_BYTES;
      if (skip >= chunk.length) return;
      bytes = skip > 0 ? chunk.subarray(skip) : chunk;
    }
    const decision = this.#cache.offer(this.#nowMs(), stdin.writableLength, bytes.length);
    if (decision === CacheDecisions.WRITE) {
      current.aligned = true;
      stdin.write(bytes);
    } else if (decision === CacheDecisions.DROP) {
      // What follows a dropped chunk starts at the next packet boundary again.
      current.aligned = false;
    } else {
      this.#options.logger.warn({ output: this.#options.target.label, queuedBytes: stdin.writableLength }, "push output: the peer stalls past cacheLength; disconnecting");
      current.run.kill();
    }
  }

  streamEnded(): void {
    this.#streaming = false;
    this.#clearTimer();
    const current = this.#current;
    if (current && !current.run.hasExited) {
      current.ended = true;
      current.run.stdin?.end();
    }
  }

  /** Stops the sender (its child finishes what it has) and removes its preset file. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#streaming = false;
      this.#clearTimer();
      await this.#child.close();
      removePresetFile(this.#options.presetFile);
    })();
    return this.#closing;
  }

  #launch(): void {
    this.#clearTimer();
    this.#cache.reset();
    // Kills a sender still finishing the previous run, then starts the next at once.
    void this.#child.restartNow();
  }

  #started(run: ChildRun): void {
    const current: SenderRun = { run, aligned: false, delivered: false, ended: false };
    this.#current = current;
    const parser = new EncoderProgressParser();
    run.fd(SENDER_PROGRESS_FD)?.on("data", (chunk: Buffer) => {
      if (parser.push(chunk.toString()).length === 0 || current.delivered) return;
      current.delivered = true;
      // ffmpeg has read its options: the secrets need not stay on disk.
      removePresetFile(this.#options.presetFile);
      if (this.#retry.delivered()) this.#alert("CLEARED", `${this.#options.target.label}: delivering to ${this.#options.target.peer} again`);
    });
  }

  #exited(exit: ChildExit, run: ChildRun | undefined): void {
    const current = this.#current && this.#current.run === run ? this.#current : undefined;
    if (current) this.#current = undefined;
    removePresetFile(this.#options.presetFile);
    // Exits we caused (a new encoder run, close) and the end of an encoder run are no failures.
    if (this.#closing || !this.#streaming || current?.ended || exit.kind === ExitKinds.CLOSED) return;
    const { target, logger } = this.#options;
    const reason = exit.startError ?? (exit.stderrLastLine || (exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`));
    const verdict = this.#retry.failed();
    const next = nextAttemptText(verdict);
    logger.warn({ output: target.label, peer: target.peer, reason, next }, "push output: cannot deliver");
    if (verdict.raise) this.#alert("SET", `${target.label}: cannot deliver to ${target.peer}: ${reason}`);
    if (verdict.delayMs === undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#streaming && !this.#closing) this.#launch();
    }, verdict.delayMs);
  }

  #alert(state: "SET" | "CLEARED", message: string): void {
    this.#options.alert({ alertType: this.#options.target.alertType, message, state, atMs: this.#nowMs() });
  }

  #clearTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** The preset file of a target in the pipeline's folder (`name`: the kind and a number; no user text reaches the path). */
export function presetFileOf(workDir: string, name: string): string {
  return path.join(workDir, `push-${name}.ffpreset`);
}
