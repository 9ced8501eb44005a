// Follow END for the SCTE-35 actions: an action following the END of a switch to a file input
// falls due when that input ends (as the switch executor took the end), and what follows its
// START with it; the executor answers only for the switch whose input was on air.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StoredScheduleAction } from "../../../../src/domain/records.ts";
import { Scte35Schedule } from "../../../../src/pipeline/scte35/scte35-schedule.ts";
import { ScheduleExecutor } from "../../../../src/pipeline/switching/schedule-executor.ts";

const NOW = 1_000_000;

function fixed(name: string, startAtMs: number, settings: Record<string, unknown>): StoredScheduleAction {
  return { action: { actionName: name, scheduleActionStartSettings: { fixedModeScheduleActionStartSettings: { time: new Date(startAtMs).toISOString() } }, scheduleActionSettings: settings }, createdAtMs: NOW - 60_000, startAtMs };
}

function follow(name: string, reference: string, followPoint: "START" | "END", settings: Record<string, unknown>): StoredScheduleAction {
  return { action: { actionName: name, scheduleActionStartSettings: { followModeScheduleActionStartSettings: { referenceActionName: reference, followPoint } }, scheduleActionSettings: settings }, createdAtMs: NOW };
}

describe("SCTE-35 actions following an input's END", () => {
  const schedule = (): StoredScheduleAction[] => [
    fixed("to-file", NOW + 10_000, { inputSwitchSettings: { inputAttachmentNameReference: "file" } }),
    fixed("to-live", NOW + 5_000, { inputSwitchSettings: { inputAttachmentNameReference: "live" } }),
    follow("break-at-end", "to-file", "END", { scte35SpliceInsertSettings: { spliceEventId: 7, duration: 2_700_000 } }),
    follow("return-with-it", "break-at-end", "START", { scte35ReturnToNetworkSettings: { spliceEventId: 7 } }),
    follow("after-live", "to-live", "END", { scte35TimeSignalSettings: { scte35Descriptors: [] } }),
  ];

  it("falls due at the end the executor reports, once, with the actions that follow its START", () => {
    const executor = new ScheduleExecutor(NOW);
    const scte35 = new Scte35Schedule();
    executor.setSchedule(schedule(), NOW);
    scte35.setSchedule(schedule(), NOW);
    const ended = (name: string): number | undefined => executor.endedAtMs(name);
    assert.deepEqual(executor.due(NOW + 10_000).switches.map((s) => s.actionName), ["to-live", "to-file"]);
    assert.deepEqual(scte35.due(NOW + 10_000, ended), [], "the file has not ended");
    executor.inputEnded("to-file", NOW + 70_000);
    const due = scte35.due(NOW + 70_020, ended);
    assert.deepEqual(due.map((d) => d.actionName), ["break-at-end", "return-with-it"]);
    assert.equal(due[0]!.settings.scte35SpliceInsertSettings?.spliceEventId, 7);
    assert.deepEqual(scte35.due(NOW + 80_000, ended), [], "each once");
  });

  it("an input switched away from never ends: what follows its END never falls due", () => {
    const executor = new ScheduleExecutor(NOW);
    const scte35 = new Scte35Schedule();
    executor.setSchedule(schedule(), NOW);
    scte35.setSchedule(schedule(), NOW);
    executor.due(NOW + 10_000); // to-live, then to-file: the file is on air
    executor.inputEnded("to-live", NOW + 20_000);
    assert.equal(executor.endedAtMs("to-live"), undefined, "the live input was not on air");
    assert.deepEqual(scte35.due(NOW + 30_000, (name) => executor.endedAtMs(name)), []);
  });

  it("without an end reported (no lookup) follow END stays pending; a fixed action still falls due", () => {
    const scte35 = new Scte35Schedule();
    scte35.setSchedule([...schedule(), fixed("fixed", NOW + 1_000, { scte35SpliceInsertSettings: { spliceEventId: 1 } })], NOW);
    assert.deepEqual(scte35.due(NOW + 600_000).map((d) => d.actionName), ["fixed"]);
  });
});
