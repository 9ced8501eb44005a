// One alert per alert type and pipeline (the alert book keys alerts so): a kind's outputs
// share it. It is SET when the first of them cannot deliver and CLEARED once none fails.

import type { AlertEvent } from "../../shared/alerts.ts";

export class SharedOutputAlert {
  readonly #forward: (alert: AlertEvent) => void;
  /** alertType → the messages of the outputs that fail, by output. */
  readonly #failing = new Map<string, Map<string, string>>();

  constructor(forward: (alert: AlertEvent) => void) {
    this.#forward = forward;
  }

  /** The reporting function for one output. */
  forOutput(output: string): (alert: AlertEvent) => void {
    return (alert) => {
      const failing = this.#failing.get(alert.alertType) ?? new Map<string, string>();
      this.#failing.set(alert.alertType, failing);
      if (alert.state === "SET") {
        if (failing.size === 0) this.#forward(alert);
        failing.set(output, alert.message);
      } else if (failing.delete(output) && failing.size === 0) {
        this.#forward(alert);
      }
    };
  }
}
