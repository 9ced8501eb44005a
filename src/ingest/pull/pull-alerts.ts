// The alerts a pull source raises, and the board that SETs each once and CLEARs it when
// the problem is gone (as in MediaLive: alerts auto-clear when the issue resolves, and
// always clear when the channel stops). The entries come from the one catalogue,
// src/shared/alerts.ts (documented in docs/alerts.md).

import { AlertCatalogue, type AlertEvent } from "../../shared/alerts.ts";

export const PullAlertTypes = {
  /** MediaLive 5008: the source cannot be reached, fetched, or its child died. */
  SOURCE_UNAVAILABLE: AlertCatalogue.INPUT_ACCESS_FAILED,
  /** A live HLS playlist stopped growing. */
  PLAYLIST_STALLED: AlertCatalogue.HLS_PLAYLIST_STALLED,
  /** HLS segments openlive cannot pass on (fMP4, SAMPLE-AES). */
  UNSUPPORTED_SEGMENTS: AlertCatalogue.HLS_UNSUPPORTED_SEGMENTS,
} as const;
export type PullAlertKey = keyof typeof PullAlertTypes;

export class PullAlertBoard {
  readonly #active = new Map<PullAlertKey, AlertEvent>();
  readonly #emit: (alert: AlertEvent) => void;

  constructor(emit: (alert: AlertEvent) => void) {
    this.#emit = emit;
  }

  /** SETs the alert unless it is already set (the first message stays, as in AlertTracker). */
  set(key: PullAlertKey, message: string, nowMs: number): void {
    if (this.#active.has(key)) return;
    const alert: AlertEvent = { alertType: PullAlertTypes[key].alertType, message, state: "SET", atMs: nowMs };
    this.#active.set(key, alert);
    this.#emit(alert);
  }

  clear(key: PullAlertKey, nowMs: number): void {
    const alert = this.#active.get(key);
    if (!alert) return;
    this.#active.delete(key);
    this.#emit({ ...alert, state: "CLEARED", atMs: nowMs });
  }

  clearAll(nowMs: number): void {
    for (const key of [...this.#active.keys()]) this.clear(key, nowMs);
  }

  get active(): readonly AlertEvent[] {
    return [...this.#active.values()];
  }
}
