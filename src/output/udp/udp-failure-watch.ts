// What happens when a UDP/RTP output cannot send. The encoder sends each UDP output itself,
// as a tee slave with onfail=ignore (udp-plan.ts): a send that fails (no route to the
// destination's network, a firewall or a broadcast address refusing it) makes ffmpeg's tee
// drop that slave for the rest of the encoder's life and go on with the others, logging
// "Slave muxer #<n> failed: <reason>, continuing with <k>/<m> slaves". Nothing else would
// notice: this watch reads that line, raises MediaLive's output alert for the output, and
// restarts the encoder (which re-opens every slave) after a grace period that doubles while
// the output keeps failing, so a destination that stays unreachable costs the channel's
// other outputs one short restart now and then, never a stop. The alert is CLEARED once a
// restarted encoder has sent for clearAfterMs without that output failing again.

import { AlertCatalogue, type AlertEvent } from "../../shared/alerts.ts";

/** ffmpeg's tee muxer (libavformat/tee.c) when a slave with onfail=ignore fails. */
const TEE_SLAVE_FAILED = /Slave muxer #(\d+) failed: (.*?), continuing with \d+\/\d+ slaves/;

/** The failed slave's index in the tee's list and ffmpeg's reason, from one line of the encoder's stderr. */
export function parseTeeSlaveFailure(line: string): { readonly slaveIndex: number; readonly reason: string } | undefined {
  const match = TEE_SLAVE_FAILED.exec(line);
  return match ? { slaveIndex: Number(match[1]), reason: match[2]! } : undefined;
}

/** A slave's URL without its query (pkt_size, connect …): how alerts name the destination. */
export function slaveDestination(slavePath: string): string {
  return slavePath.split("?")[0]!;
}

export interface UdpFailureWatchOptions {
  readonly alert: (alert: AlertEvent) => void;
  /** Restarts the encoder with its plan (all outputs re-opened). */
  readonly restartEncoder: () => void;
  /** The first restart after a failure comes this long after it; each further one twice as long, up to maxRestartDelayMs. */
  readonly restartDelayMs: number;
  readonly maxRestartDelayMs: number;
  /** A restarted encoder that sends this long without the output failing clears its alert. */
  readonly clearAfterMs: number;
  readonly nowMs?: () => number;
}

export const UDP_FAILURE_DEFAULTS = { restartDelayMs: 10_000, maxRestartDelayMs: 300_000, clearAfterMs: 5_000 } as const;

export class UdpFailureWatch {
  readonly #options: UdpFailureWatchOptions;
  readonly #nowMs: () => number;
  /** Destinations whose alert is SET. */
  readonly #failing = new Set<string>();
  /** Failures since the last clear: each doubles the next restart's delay. */
  #failuresInARow = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  #clearTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: UdpFailureWatchOptions) {
    this.#options = options;
    this.#nowMs = options.nowMs ?? Date.now;
  }

  /** The encoder dropped the output sending to `slavePath` (a udp:// or rtp:// URL) for `reason`. */
  slaveFailed(slavePath: string, reason: string): void {
    if (this.#closed) return;
    clearTimeout(this.#clearTimer);
    this.#clearTimer = undefined;
    const destination = slaveDestination(slavePath);
    if (!this.#failing.has(destination)) {
      this.#failing.add(destination);
      const message = `UDP output to ${destination}: sending failed (${reason}); the encoder dropped it and is restarted to send again (the other outputs go on)`;
      this.#options.alert({ alertType: AlertCatalogue.OUTPUT_FAILED.alertType, message, state: "SET", atMs: this.#nowMs(), outputGroup: destination });
    }
    if (this.#restartTimer) return;
    const delayMs = Math.min(this.#options.restartDelayMs * 2 ** this.#failuresInARow, this.#options.maxRestartDelayMs);
    this.#failuresInARow += 1;
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined;
      if (!this.#closed) this.#options.restartEncoder();
    }, delayMs);
  }

  /** An encoder run produces output: the failing outputs are given clearAfterMs to prove they send again. */
  encoderRunning(): void {
    if (this.#closed || this.#failing.size === 0 || this.#restartTimer) return;
    clearTimeout(this.#clearTimer);
    this.#clearTimer = setTimeout(() => {
      this.#clearTimer = undefined;
      if (this.#closed || this.#restartTimer) return;
      this.#failuresInARow = 0;
      for (const destination of this.#failing) {
        this.#options.alert({ alertType: AlertCatalogue.OUTPUT_FAILED.alertType, message: `UDP output to ${destination}: sending again`, state: "CLEARED", atMs: this.#nowMs(), outputGroup: destination });
      }
      this.#failing.clear();
    }, this.#options.clearAfterMs);
  }

  /** Stops the timers; idempotent. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#restartTimer);
    clearTimeout(this.#clearTimer);
    this.#restartTimer = undefined;
    this.#clearTimer = undefined;
  }
}
