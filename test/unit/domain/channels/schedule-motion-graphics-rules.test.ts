import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_MOTION_GRAPHICS_DURATION_MS, motionGraphicsActionProblems, motionGraphicsContext, type MotionGraphicsActionType, type MotionGraphicsContext } from "../../../../src/domain/channels/schedule-motion-graphics-rules.ts";
import { applyScheduleBatch } from "../../../../src/domain/channels/schedule-rules.ts";

const AT = "creates.scheduleActions[0].scheduleActionSettings.x";
const CONTEXT: MotionGraphicsContext = { enabled: true, largestPicture: { width: 640, height: 360 } };
const messages = (key: MotionGraphicsActionType, settings: unknown, context = CONTEXT): string[] => motionGraphicsActionProblems(key, settings, AT, context).map((p) => `${p.elementPath.slice(AT.length)}: ${p.errorMessage}`);

describe("motion graphics schedule action rules", () => {
  it("accepts what MediaLive documents: an http(s) page, a duration, basic auth", () => {
    assert.deepEqual(messages("motionGraphicsImageActivateSettings", { url: "https://example.com/ticker_tape.html", username: "op", passwordParam: "/medialive/12345", duration: MAX_MOTION_GRAPHICS_DURATION_MS }), []);
    assert.deepEqual(messages("motionGraphicsImageActivateSettings", { url: "http://127.0.0.1:8080/g.html", duration: 0 }), []);
    assert.deepEqual(messages("motionGraphicsImageDeactivateSettings", {}), []);
  });

  it("refuses a missing or non-http(s) url and a duration out of range", () => {
    assert.deepEqual(messages("motionGraphicsImageActivateSettings", { duration: 5 }), [".url: url is required: the http(s):// URL of the HTML5 page"]);
    assert.deepEqual(messages("motionGraphicsImageActivateSettings", { url: "file:///srv/media/g.html" }), ['.url: "file:///srv/media/g.html": the motion graphics page is read from http:// or https://, not file://']);
    assert.deepEqual(messages("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html", duration: MAX_MOTION_GRAPHICS_DURATION_MS + 1 }), [`.duration: duration is milliseconds (0: until deactivated): an integer from 0 to ${MAX_MOTION_GRAPHICS_DURATION_MS}`]);
    assert.deepEqual(messages("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html", username: 3 }), [".username: username must be a string"]);
  });

  it("needs motionGraphicsInsertion ENABLED, as MediaLive does, for activations and deactivations", () => {
    for (const key of ["motionGraphicsImageActivateSettings", "motionGraphicsImageDeactivateSettings"] as const) {
      const found = messages(key, { url: "https://e.com/a.html" }, { enabled: false });
      assert.equal(found.length, 1);
      assert.match(found[0]!, /motionGraphicsInsertion ENABLED/);
    }
  });

  it("refuses a picture larger than the renderer keeps up with, saying what to do instead", () => {
    const found = messages("motionGraphicsImageActivateSettings", { url: "https://e.com/a.html" }, { enabled: true, largestPicture: { width: 1280, height: 720 } });
    assert.equal(found.length, 1);
    assert.match(found[0]!, /at 1280x720 it cannot update the overlay at a useful rate.*static image overlay/);
  });

  it("reads the context from the channel: the feature and its largest video description", () => {
    assert.deepEqual(motionGraphicsContext({ encoderSettings: { motionGraphicsConfiguration: { motionGraphicsInsertion: "ENABLED" }, videoDescriptions: [{ width: 320, height: 180 }, { width: 1280, height: 720 }, {}] } }), { enabled: true, largestPicture: { width: 1280, height: 720 } });
    assert.deepEqual(motionGraphicsContext({ encoderSettings: { motionGraphicsConfiguration: { motionGraphicsInsertion: "DISABLED" } } }), { enabled: false });
    assert.deepEqual(motionGraphicsContext({}), { enabled: false });
  });

  it("is checked in a schedule batch", () => {
    const batch = { creates: { scheduleActions: [{ actionName: "mg", scheduleActionStartSettings: { immediateModeScheduleActionStartSettings: {} }, scheduleActionSettings: { motionGraphicsImageActivateSettings: { url: "https://e.com/a.html" } } }] } };
    const refused = applyScheduleBatch([], batch, { attachments: new Map(), nowMs: 0 });
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.problems[0]!.errorMessage : "", /motionGraphicsInsertion ENABLED/);
    assert.equal(applyScheduleBatch([], batch, { attachments: new Map(), nowMs: 0, motionGraphics: CONTEXT }).ok, true);
  });
});
