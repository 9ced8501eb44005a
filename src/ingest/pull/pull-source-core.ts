// What every pull source implementation shares: the state with its onState callback, the
// counters, the alert board, and a guard so a throwing user callback never breaks the
// media path (mediasoup's safeEmit).

import { PullAlertBoard } from "./pull-alerts.ts";
import { PullStates, type PullSource, type PullSourceOptions, type PullSourceStats, type PullState } from "./pull-source.ts";
import type { AlertEvent } from "../../shared/alerts.ts";

export interface MutablePullStats {
  bytesIn: number;
  bytesOut: number;
  reconnects: number;
  segmentsIn: number;
  segmentsSkipped: number;
  loops: number;
}

export class PullSourceCore {
  readonly options: PullSourceOptions;
  readonly nowMs: () => number;
  readonly alerts: PullAlertBoard;
  readonly counters: MutablePullStats = { bytesIn: 0, bytesOut: 0, reconnects: 0, segmentsIn: 0, segmentsSkipped: 0, loops: 0 };
  #state: PullState = PullStates.CONNECTING;

  constructor(options: PullSourceOptions) {
    this.options = options;
    this.nowMs = options.nowMs ?? Date.now;
    this.alerts = new PullAlertBoard((alert) => this.#callSafely(() => options.onAlert?.(alert)));
  }

  get state(): PullState {
    return this.#state;
  }

  get closed(): boolean {
    return this.#state === PullStates.CLOSED;
  }

  get stats(): PullSourceStats {
    return { ...this.counters };
  }

  get activeAlerts(): readonly AlertEvent[] {
    return this.alerts.active;
  }

  /** Moves to `state` (no-op when unchanged, and nothing leaves CLOSED). */
  setState(state: PullState): void {
    if (this.#state === state || this.#state === PullStates.CLOSED) return;
    this.#state = state;
    this.#callSafely(() => this.options.onState?.(state));
  }

  emitTs(bytes: Uint8Array): void {
    if (this.closed || bytes.length === 0) return;
    this.counters.bytesOut += bytes.length;
    const nowMs = this.nowMs();
    this.#callSafely(() => this.options.onTs(bytes, nowMs));
  }

  /** A whole splice_info_section not carried in the TS (HLS cue tags), handed on before the bytes it applies to. */
  emitScte35(section: Uint8Array): void {
    if (this.closed) return;
    const nowMs = this.nowMs();
    this.#callSafely(() => this.options.onScte35?.(section, nowMs));
  }

  /** CLOSED, and every alert cleared (alerts always clear when the channel stops). */
  markClosed(): void {
    if (this.closed) return;
    this.alerts.clearAll(this.nowMs());
    this.setState(PullStates.CLOSED);
  }

  #callSafely(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.options.logger?.warn({ err: error, inputId: this.options.input.id }, "pull source callback threw");
    }
  }
}

/** A pull source whose state, stats and alerts are those of its core (the HLS client and the child-process sources). */
export abstract class CoreBackedPullSource implements PullSource {
  protected readonly core: PullSourceCore;

  constructor(options: PullSourceOptions) {
    this.core = new PullSourceCore(options);
  }

  get state(): PullState {
    return this.core.state;
  }

  get stats(): PullSourceStats {
    return this.core.stats;
  }

  get activeAlerts(): readonly AlertEvent[] {
    return this.core.activeAlerts;
  }

  abstract start(): void;
  abstract close(): Promise<void>;
}
