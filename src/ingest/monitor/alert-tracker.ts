// Turns the findings of each check round into MediaLive-style alerts that SET once when a
// problem appears and CLEAR when it is gone (as in MediaLive: alerts auto-clear when
// the issue resolves). Pure: findings and time in, transitions out.

export interface AlertState {
  readonly alertType: string;
  readonly message: string;
  readonly state: "SET" | "CLEARED";
  readonly setAtMs: number;
  readonly clearedAtMs?: number;
}

export class AlertTracker {
  readonly #active = new Map<string, AlertState>();

  /** The findings of this round; returns the alerts that set or cleared. */
  update(findings: readonly { readonly type: string; readonly message: string }[], nowMs: number): AlertState[] {
    const transitions: AlertState[] = [];
    const seen = new Set<string>();
    for (const finding of findings) {
      const key = `${finding.type}\n${finding.message}`;
      seen.add(key);
      if (this.#active.has(key)) continue;
      const alert: AlertState = { alertType: finding.type, message: finding.message, state: "SET", setAtMs: nowMs };
      this.#active.set(key, alert);
      transitions.push(alert);
    }
    for (const [key, alert] of this.#active) {
      if (seen.has(key)) continue;
      this.#active.delete(key);
      transitions.push({ ...alert, state: "CLEARED", clearedAtMs: nowMs });
    }
    return transitions;
  }

  get active(): readonly AlertState[] {
    return [...this.#active.values()];
  }
}
