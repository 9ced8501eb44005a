// The alerts a pull source raises, and the board that SETs each once and CLEARs it when
// the problem is gone (medialive.md §6.4: alerts auto-clear when the issue resolves, and
// always clear when the channel stops). Ids follow src/shared/alerts.ts; these belong in
// that catalogue (and docs/alerts.md) once the running-channels issue wires pull sources.

import type { PullAlert } from "./pull-source.ts";

export const PullAlertTypes = {
  /** MediaLive 5008's wording: the source cannot be reached, fetched, or its child died. */
  SOURCE_UNAVAILABLE: { id: "OL_ALERT_PULL_SOURCE_UNAVAILABLE", alertType: "Unable to Access Input Resource" },
  /** A live HLS playlist stopped growing. */
  PLAYLIST_STALLED: { id: "OL_ALERT_HLS_PLAYLIST_STALLED", alertType: "HLS Playlist Stalled" },
  /** HLS segments openlive cannot pass on (fMP4, SAMPLE-AES). */
  UNSUPPORTED_SEGMENTS: { id: "OL_ALERT_HLS_UNSUPPORTED_SEGMENTS", alertType: "Unsupported HLS Segments" },
} as const;
export type PullAlertKey = keyof typeof PullAlertTypes;

export class PullAlertBoard {
  readonly #active = new Map<PullAlertKey, PullAlert>();
  readonly #emit: (alert: PullAlert) => void;

  constructor(emit: (alert: PullAlert) => void) {
    this.#emit = emit;
  }

  /** SETs the alert unless it is already set (the first message stays, as in AlertTracker). */
  set(key: PullAlertKey, message: string, nowMs: number): void {
    if (this.#active.has(key)) return;
    const alert: PullAlert = { alertType: PullAlertTypes[key].alertType, message, state: "SET", atMs: nowMs };
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

  get active(): readonly PullAlert[] {
    return [...this.#active.values()];
  }
}
