// An edge that cannot be opened because something it needs is missing (an SRT listener whose
// passphrase secret cannot be resolved): starting it raises the alert that says why, and
// nothing arrives.

import type { InputEdge, InputEdgeEvent } from "../input-edge.ts";
import type { AlertEvent } from "../../shared/alerts.ts";

export function unavailableEdge(alert: (atMs: number) => AlertEvent, onEvent: (event: InputEdgeEvent, nowMs: number) => void): InputEdge {
  return {
    start: async () => {
      const nowMs = Date.now();
      onEvent({ type: "alert", alert: alert(nowMs) }, nowMs);
    },
    close: async () => {},
    updateAllowList: () => {},
    stats: () => ({ bytesIn: 0, mediaBytes: 0, packetsIn: 0, refused: 0, continuityErrors: 0 }),
  };
}
