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
            { actionName: "scte", scheduleActionStartSettings: immediate, scheduleActionSettings: { scte35SpliceInsertSettings: { spliceEventId: -1 } } },
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
      /^creates\.scheduleActions\[7\]\.scheduleActionSettings\.scte35SpliceInsertSettings\.spliceEventId: spliceEventId is required: an integer from 0 to 4294967295/,
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

function prepareAction(name: string, attachment: string | undefined, start: Record<string, unknown>, extra: Record<string, unknown> = {}): ScheduleActionRecord {
  const settings = attachment === undefined ? { ...extra } : { inputAttachmentNameReference: attachment, ...extra };
  return { actionName: name, scheduleActionStartSettings: start, scheduleActionSettings: { inputPrepareSettings: settings } };
}
const followStart = (reference: string) => ({ followModeScheduleActionStartSettings: { followPoint: "START", referenceActionName: reference } });
const clip = (start?: string, stop?: string, source = "ZEROBASED") => ({
  inputClippingSettings: { inputTimecodeSource: source, ...(start ? { startTimecode: { timecode: start } } : {}), ...(stop ? { stopTimecode: { timecode: stop } } : {}) },
});

describe("applyScheduleBatch: input prepare", () => {
  it("accepts immediate, fixed and follow prepares, and a prepare without an attachment (it stops the preparation)", () => {
    const result = applyScheduleBatch([], {
      creates: {
        scheduleActions: [
          switchAction("to-file", "file-b", immediate),
          prepareAction("prep-live", "live-a", immediate),
          prepareAction("prep-dyn", "dyn-c", fixedIn(60_000), { urlPath: ["a.ts"] }),
          prepareAction("prep-after-start", "live-a", followStart("to-file")),
          prepareAction("prep-after-end", "live-a", follow("to-file")),
          prepareAction("stop-preparing", undefined, fixedIn(120_000)),
        ],
      },
    }, context);
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.problems));
    assert.equal(result.next.length, 6);
  });

  it("a prepare names an existing attachment; urlPath as for switches; clipping or urlPath without an attachment is refused", () => {
    const problems = problemsOf(
      applyScheduleBatch([], {
        creates: {
          scheduleActions: [
            prepareAction("p0", "missing", immediate),
            prepareAction("p1", "dyn-c", immediate),
            prepareAction("p2", "live-a", immediate, { urlPath: ["x.ts"] }),
            prepareAction("p3", undefined, immediate, { urlPath: ["x.ts"] }),
          ],
        },
      }, context),
    );
    assert.deepEqual(problems, [
      'creates.scheduleActions[0].scheduleActionSettings.inputPrepareSettings.inputAttachmentNameReference: no input attachment named "missing" in this channel',
      'creates.scheduleActions[1].scheduleActionSettings.inputPrepareSettings.urlPath: attachment "dyn-c" is a dynamic input ($urlPath$); give urlPath',
      'creates.scheduleActions[2].scheduleActionSettings.inputPrepareSettings.urlPath: attachment "live-a" is a static input; urlPath is only for dynamic inputs',
      "creates.scheduleActions[3].scheduleActionSettings.inputPrepareSettings.urlPath: urlPath needs inputAttachmentNameReference (a prepare without one only stops the current preparation)",
    ]);
  });

  it("is refused in a channel with an RTMP_PULL input; switches there are fine", () => {
    const withRtmpPull: ScheduleContext = { ...context, attachments: new Map([...context.attachments, ["rtmp-d", { inputType: "RTMP_PULL", dynamic: false }]]) };
    const problems = problemsOf(applyScheduleBatch([], { creates: { scheduleActions: [prepareAction("p", "file-b", immediate), prepareAction("stop", undefined, immediate)] } }, withRtmpPull));
    assert.deepEqual(problems, [
      'creates.scheduleActions[0].scheduleActionSettings.inputPrepareSettings: input prepare actions are not allowed in a channel with an RTMP_PULL input (attachment "rtmp-d")',
      'creates.scheduleActions[1].scheduleActionSettings.inputPrepareSettings: input prepare actions are not allowed in a channel with an RTMP_PULL input (attachment "rtmp-d")',
    ]);
    assert.ok(applyScheduleBatch([], { creates: { scheduleActions: [switchAction("s", "rtmp-d", immediate)] } }, withRtmpPull).ok);
  });

  it("a fixed prepare starts at least 10 s before a fixed switch to its input, whichever of the two the batch creates", () => {
    const tooClose = problemsOf(applyScheduleBatch([], { creates: { scheduleActions: [prepareAction("p", "live-a", fixedIn(60_000)), switchAction("s", "live-a", fixedIn(69_000))] } }, context));
    assert.deepEqual(tooClose, [
      'creates.scheduleActions[0].scheduleActionStartSettings.fixedModeScheduleActionStartSettings.time: input prepare "p" starts 9 s before the switch "s" to "live-a"; a prepare must start at least 10 s before the switch',
    ]);
    const existing: StoredScheduleAction[] = [{ action: prepareAction("p", "live-a", fixedIn(60_000)), createdAtMs: NOW, startAtMs: NOW + 60_000 }];
    assert.deepEqual(problemsOf(applyScheduleBatch(existing, { creates: { scheduleActions: [switchAction("s", "live-a", fixedIn(65_000))] } }, context)), [
      'creates.scheduleActions[0].scheduleActionStartSettings.fixedModeScheduleActionStartSettings.time: input prepare "p" starts 5 s before the switch "s" to "live-a"; a prepare must start at least 10 s before the switch',
    ]);
    // Exactly 10 s, another attachment, or a switch before the prepare: fine.
    assert.ok(applyScheduleBatch(existing, { creates: { scheduleActions: [switchAction("s", "live-a", fixedIn(70_000)), switchAction("t", "file-b", fixedIn(61_000)), switchAction("u", "live-a", fixedIn(50_000))] } }, context).ok);
  });

  it("a follow prepare follows an input switch: its START (any input) or its END (a file input); one prepare per reference and follow point", () => {
    const existing: StoredScheduleAction[] = [
      { action: switchAction("live", "live-a", immediate), createdAtMs: NOW, startAtMs: NOW },
      { action: switchAction("file", "file-b", fixedIn(60_000)), createdAtMs: NOW, startAtMs: NOW + 60_000 },
      { action: prepareAction("prep", "file-b", fixedIn(30_000)), createdAtMs: NOW, startAtMs: NOW + 30_000 },
      { action: prepareAction("after-file-start", "live-a", followStart("file")), createdAtMs: NOW },
    ];
    assert.ok(applyScheduleBatch(existing, { creates: { scheduleActions: [prepareAction("after-live-start", "file-b", followStart("live"))] } }, context).ok);
    const problems = problemsOf(
      applyScheduleBatch(existing, {
        creates: {
          scheduleActions: [
            prepareAction("after-live-end", "file-b", follow("live")),
            prepareAction("after-prep", "live-a", followStart("prep")),
            prepareAction("second-after-file-start", "live-a", followStart("file")),
          ],
        },
      }, context),
    );
    assert.deepEqual(problems, [
      'creates.scheduleActions[0].scheduleActionStartSettings.followModeScheduleActionStartSettings.referenceActionName: "live" is not a switch to a file input (MP4_FILE, TS_FILE); live inputs never end, so nothing can follow them',
      'creates.scheduleActions[1].scheduleActionStartSettings.followModeScheduleActionStartSettings.referenceActionName: "prep" is not an input switch; an input prepare follows an input switch',
      'creates.scheduleActions[2].scheduleActionStartSettings.followModeScheduleActionStartSettings.referenceActionName: another input prepare already follows the START of "file"; only one prepare can follow each switch and follow point',
    ]);
  });
});

describe("applyScheduleBatch: input clipping", () => {
  it("clips file inputs with ZEROBASED timecodes, on switches and prepares", () => {
    const result = applyScheduleBatch([], {
      creates: {
        scheduleActions: [
          switchAction("s", "file-b", immediate, clip("00:00:10:00", "00:01:00:12")),
          switchAction("start-only", "file-b", fixedIn(60_000), clip("00:00:05:00")),
          prepareAction("p", "dyn-c", fixedIn(120_000), { urlPath: ["a.ts"], ...clip(undefined, "00:00:30;00") }),
        ],
      },
    }, context);
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.problems));
  });

  it("refuses clipping on live inputs, EMBEDDED timecodes, malformed timecodes and a stop not after the start", () => {
    const at = (i: number, type = "inputSwitchSettings") => `creates.scheduleActions[${i}].scheduleActionSettings.${type}.inputClippingSettings`;
    const problems = problemsOf(
      applyScheduleBatch([], {
        creates: {
          scheduleActions: [
            switchAction("live", "live-a", immediate, clip("00:00:10:00")),
            switchAction("embedded", "file-b", immediate, clip("00:00:10:00", undefined, "EMBEDDED")),
            switchAction("bad", "file-b", immediate, clip("0:00:10:00", "00:00:61:00")),
            switchAction("backwards", "file-b", immediate, clip("00:01:00:00", "00:00:59:29")),
            prepareAction("same", "file-b", immediate, clip("00:00:10:05", "00:00:10:05")),
          ],
        },
      }, context),
    );
    assert.deepEqual(problems, [
      `${at(0)}: clipping applies to file inputs (MP4_FILE, TS_FILE) only; attachment "live-a" is RTP_PUSH`,
      `${at(1)}.inputTimecodeSource: EMBEDDED timecodes are not supported by openlive yet; use ZEROBASED (timecodes counted from 00:00:00:00 at the file's first frame)`,
      `${at(2)}.startTimecode.timecode: "0:00:10:00" is not a timecode HH:MM:SS:FF (or HH:MM:SS;FF, drop-frame)`,
      `${at(2)}.stopTimecode.timecode: "00:00:61:00" is not a timecode HH:MM:SS:FF (or HH:MM:SS;FF, drop-frame)`,
      `${at(3)}.stopTimecode.timecode: the stop timecode must come after the start timecode`,
      `${at(4, "inputPrepareSettings")}.stopTimecode.timecode: the stop timecode must come after the start timecode`,
    ]);
  });
});

describe("applyScheduleBatch: automatic input failover pairs", () => {
  const pair = (inputPreference: "EQUAL_INPUT_PREFERENCE" | "PRIMARY_INPUT_PREFERRED"): ScheduleContext => ({
    nowMs: NOW,
    attachments: new Map([
      ["primary", { inputType: "RTMP_PUSH", dynamic: false, failoverRole: "primary", inputPreference }],
      ["secondary", { inputType: "RTMP_PUSH", dynamic: false, failoverRole: "secondary", inputPreference }],
    ]),
  });

  it("PRIMARY_INPUT_PREFERRED: a switch to the secondary is refused; to the primary is fine", () => {
    const problems = problemsOf(applyScheduleBatch([], { creates: { scheduleActions: [switchAction("to-primary", "primary", immediate), switchAction("to-secondary", "secondary", fixedIn(60_000))] } }, pair("PRIMARY_INPUT_PREFERRED")));
    assert.deepEqual(problems, [
      `creates.scheduleActions[1].scheduleActionSettings.inputSwitchSettings.inputAttachmentNameReference: the channel is configured with PRIMARY_INPUT_PREFERRED input preference, so you can't switch to the secondary input "secondary" of its automatic input failover pair`,
    ]);
  });

  it("EQUAL_INPUT_PREFERENCE: switching to either input is the manual failover", () => {
    assert.ok(applyScheduleBatch([], { creates: { scheduleActions: [switchAction("to-secondary", "secondary", immediate), switchAction("back", "primary", fixedIn(60_000))] } }, pair("EQUAL_INPUT_PREFERENCE")).ok);
  });
});
