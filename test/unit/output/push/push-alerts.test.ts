import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SharedOutputAlert } from "../../../../src/output/push/push-alerts.ts";
import type { AlertEvent } from "../../../../src/shared/alerts.ts";

describe("SharedOutputAlert", () => {
  it("sets the group's alert at its first failing output and clears it when the last recovers", () => {
    const forwarded: AlertEvent[] = [];
    const shared = new SharedOutputAlert((alert) => forwarded.push(alert));
    const a = shared.forOutput("g/a", "g");
    const b = shared.forOutput("g/b", "g");
    const event = (state: "SET" | "CLEARED", message: string): AlertEvent => ({ alertType: "RTMP Output Connection Failed", message, state, atMs: 0 });
    a(event("SET", "a fails"));
    b(event("SET", "b fails"));
    a(event("CLEARED", "a back"));
    assert.deepEqual(forwarded.map((alert) => [alert.state, alert.message]), [["SET", "a fails"]]);
    b(event("CLEARED", "b back"));
    b(event("CLEARED", "b back"));
    assert.deepEqual(forwarded.map((alert) => [alert.state, alert.message]), [["SET", "a fails"], ["CLEARED", "b back"]]);
    assert.deepEqual(forwarded.map((alert) => alert.outputGroup), ["g", "g"]);
  });

  it("keeps two groups of a kind apart: each group's alert is SET and CLEARED on its own", () => {
    const forwarded: AlertEvent[] = [];
    const shared = new SharedOutputAlert((alert) => forwarded.push(alert));
    const youtube = shared.forOutput("yt/main", "yt");
    const backup = shared.forOutput("backup/main", "backup");
    const event = (state: "SET" | "CLEARED", message: string): AlertEvent => ({ alertType: "RTMP Output Connection Failed", message, state, atMs: 0 });
    youtube(event("SET", "yt fails"));
    backup(event("SET", "backup fails"));
    youtube(event("CLEARED", "yt back"));
    assert.deepEqual(forwarded.map((alert) => [alert.state, alert.outputGroup]), [["SET", "yt"], ["SET", "backup"], ["CLEARED", "yt"]]);
  });
});
