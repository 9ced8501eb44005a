// One alert per alert type and output group (MediaLive raises output alerts per group; the
// alert book keeps groups apart by AlertEvent.outputGroup): a group's outputs share it. It
// is SET when the first of them cannot deliver and CLEARED once none of them fails.

import type { AlertEvent } from "../../shared/alerts.ts";

export class SharedOutputAlert {
  readonly #forward: (alert: AlertEvent) => void;
  /** alertType and group → the messages of the outputs that fail, by output. */
  readonly #failing = new Map<string, Map<string, string>>();

  constructor(forward: (alert: AlertEvent) => void) {
    this.#forward = forward;
  }

  /** The reporting function for one output of group `groupKey`. */
  forOutput(output: string, groupKey: string): (alert: AlertEvent) => void {
    return (alert) => {
      const key = JSON.stringify([alert.alertType, groupKey]);
      const failing = this.#failing.get(key) ?? new Map<string, string>();
      this.#failing.set(key, failing);
      const forwarded: AlertEvent = { ...alert, outputGroup: groupKey };
      if (alert.state === "SET") {
        if (failing.size === 0) this.#forward(forwarded);
        failing.set(output, alert.message);
      } else if (failing.delete(output) && failing.size === 0) {
        this.#forward(forwarded);
      }
    };
  }
}
