import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyScheduleBatch, purgeSchedule, type ScheduleContext } from "../../../../src/domain/channels/schedule-rules.ts";
import type { ScheduleActionRecord, StoredScheduleAction } from "../../../../src/domain/records.ts";

const NOW = Date.parse("2026-11-25T12:00:00.000Z");
const context: ScheduleContext = {
  nowMs: NOW,
  attachments: new Map([
    ["live-a", { inputType: "RTP_PUSH", dynamic: false }],
    ["file-b", { inputType: "MP4_FILE", dynamic: false }],
    ["dyn-c", { inputType: "TS_FILE", dynamic: true }],
  ]),
};

function switchAction(name: string, attachment: string, start: Record<string, unknown>, extra: Record<string, unknown> = {}): ScheduleActionRecord {
  return { actionName: name, scheduleActionStartSettings: start, scheduleActionSettings: { inputSwitchSettings: { inputAttachmentNameReference: attachment, ...extra } } };
}
const immediate = { immediateModeScheduleActionStartSettings: {} };
const fixedIn = (ms: number) => ({ fixedModeScheduleActionStartSettings: { time: new Date(NOW + ms).toISOString() } });
const follow = (reference: string) => ({ followModeScheduleActionStartSettings: { followPoint: "END", referenceActionName: reference } });

function problemsOf(result: ReturnType<typeof applyScheduleBatch>): string[] {
  assert.equal(result.ok, false);
  return result.ok ? [] : result.problems.map((p) => `${p.elementPath}: ${p.errorMessage}`);
}

describe("applyScheduleBatch", () => {
  it("creates immediate, fixed and follow switches", () => {
    const result = applyScheduleBatch([], {
      creates: { scheduleActions: [switchAction("go-file", "file-b", immediate), switchAction("back-live", "live-a", follow("go-file")), switchAction("later", "live-a", fixedIn(60_000))] },
    }, context);
    assert.ok(result.ok);
    assert.deepEqual(result.next.map((s) => [s.action.actionName, s.startAtMs]), [["go-file", NOW], ["back-live", undefined], ["later", NOW + 60_000]]);
    assert.equal(result.created.length, 3);
  });

  it("reports every problem at once with element paths", () => {
    const existing: StoredScheduleAction[] = [{ action: switchAction("taken", "live-a", immediate), createdAtMs: NOW, startAtMs: NOW }];
    const problems = problemsOf(
      applyScheduleBatch(existing, {
        creates: {
          scheduleActions: [
            switchAction("taken", "live-a", immediate),
            switchAction("soon", "live-a", fixedIn(10_000)),
            switchAction("nowhere", "missing", immediate),
            switchAction("orphan", "live-a", follow("ghost")),
            switchAction("after-live", "file-b", follow("taken")),
            switchAction("dyn", "dyn-c", immediate),
            switchAction("static-path", "live-a", immediate, { urlPath: ["x.ts"] }),
            { actionName: "scte", scheduleActionStartSettings: immediate, scheduleActionSettings: { scte35SpliceInsertSettings: { spliceEventId: 1 } } },
            { actionName: "two-starts", scheduleActionStartSettings: { ...immediate, ...fixedIn(60_000) }, scheduleActionSettings: { inputSwitchSettings: { inputAttachmentNameReference: "live-a" } } },
          ],
        },
        deletes: { actionNames: ["not-there"] },
      }, context),
    );
    const expected = [
      /^deletes\.actionNames\[0\]: no action named "not-there"/,
      /^creates\.scheduleActions\[0\]\.actionName: an action named "taken" already exists/,
      /^creates\.scheduleActions\[1\]\.scheduleActionStartSettings\.fixedModeScheduleActionStartSettings\.time: .*at least 15 s in the future/,
      /^creates\.scheduleActions\[2\]\.scheduleActionSettings\.inputSwitchSettings\.inputAttachmentNameReference: no input attachment named "missing"/,
      /^creates\.scheduleActions\[3\]\.scheduleActionStartSettings\.followModeScheduleActionStartSettings\.referenceActionName: references action "ghost"/,
      /^creates\.scheduleActions\[4\]\..*referenceActionName: "taken" is not a switch to a file input/,
      /^creates\.scheduleActions\[5\]\.scheduleActionSettings\.inputSwitchSettings\.urlPath: .*dynamic input/,
      /^creates\.scheduleActions\[6\]\.scheduleActionSettings\.inputSwitchSettings\.urlPath: .*static input/,
      /^creates\.scheduleActions\[7\]\.scheduleActionSettings\.scte35SpliceInsertSettings: scte35SpliceInsertSettings is not supported by openlive yet/,
      /^creates\.scheduleActions\[8\]\.scheduleActionStartSettings: exactly one of/,
    ];
    assert.equal(problems.length, expected.length, problems.join("\n"));
    for (const pattern of expected) assert.ok(problems.some((p) => pattern.test(p)), `${pattern} not in\n${problems.join("\n")}`);
  });

  it("applies deletes before creates, so a name can be reused in one batch", () => {
    const existing: StoredScheduleAction[] = [{ action: switchAction("a", "live-a", fixedIn(120_000)), createdAtMs: NOW, startAtMs: NOW + 120_000 }];
    const result = applyScheduleBatch(existing, { deletes: { actionNames: ["a"] }, creates: { scheduleActions: [switchAction("a", "file-b", fixedIn(60_000))] } }, context);
    assert.ok(result.ok);
    assert.equal(result.deleted[0]!.actionName, "a");
    assert.deepEqual(result.next.map((s) => s.startAtMs), [NOW + 60_000]);
  });

  it("refuses to delete an action about to start, or one that another follows", () => {
    const existing: StoredScheduleAction[] = [
      { action: switchAction("soon", "live-a", fixedIn(5_000)), createdAtMs: NOW - 60_000, startAtMs: NOW + 5_000 },
      { action: switchAction("file", "file-b", fixedIn(60_000)), createdAtMs: NOW, startAtMs: NOW + 60_000 },
      { action: switchAction("next", "live-a", follow("file")), createdAtMs: NOW },
    ];
    const problems = problemsOf(applyScheduleBatch(existing, { deletes: { actionNames: ["soon", "file"] } }, context));
    assert.deepEqual(problems, [
      'deletes.actionNames[0]: "soon" starts in less than 15 s and can no longer be deleted',
      'deletes.actionNames[1]: action "next" follows "file"; delete it too',
    ]);
    assert.ok(applyScheduleBatch(existing, { deletes: { actionNames: ["file", "next"] } }, context).ok);
  });

  it("takes dynamic inputs with a urlPath", () => {
    assert.ok(applyScheduleBatch([], { creates: { scheduleActions: [switchAction("d", "dyn-c", immediate, { urlPath: ["movies/a.ts"] })] } }, context).ok);
  });
});

describe("purgeSchedule", () => {
  it("drops actions more than an hour past their start, with what follows them", () => {
    const hour = 60 * 60_000;
    const actions: StoredScheduleAction[] = [
      { action: switchAction("old", "file-b", immediate), createdAtMs: NOW - 2 * hour, startAtMs: NOW - 2 * hour },
      { action: switchAction("old-follow", "live-a", follow("old")), createdAtMs: NOW - 2 * hour },
      { action: switchAction("recent", "live-a", immediate), createdAtMs: NOW - 10_000, startAtMs: NOW - 10_000 },
      { action: switchAction("future", "live-a", fixedIn(hour)), createdAtMs: NOW, startAtMs: NOW + hour },
    ];
    assert.deepEqual(purgeSchedule(actions, NOW).map((s) => s.action.actionName), ["recent", "future"]);
  });

  it("keeps an old action while a recent follow action still needs it", () => {
    const hour = 60 * 60_000;
    const actions: StoredScheduleAction[] = [
      { action: switchAction("old", "file-b", immediate), createdAtMs: NOW - 2 * hour, startAtMs: NOW - 2 * hour },
      { action: switchAction("fresh-follow", "live-a", follow("old")), createdAtMs: NOW - 60_000 },
    ];
    assert.deepEqual(purgeSchedule(actions, NOW).map((s) => s.action.actionName), ["old", "fresh-follow"]);
  });
});
