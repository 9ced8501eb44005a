import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StoredScheduleAction } from "../../../../src/domain/records.ts";
import { overlaysStillOn } from "../../../../src/pipeline/program/overlay-history.ts";

const stored = (actionName: string, startAtMs: number | undefined, type: string, settings: Record<string, unknown>): StoredScheduleAction =>
  ({ action: { actionName, scheduleActionStartSettings: {}, scheduleActionSettings: { [type]: settings } }, createdAtMs: startAtMs ?? 0, ...(startAtMs !== undefined ? { startAtMs } : {}) }) as unknown as StoredScheduleAction;
const image = { uri: "file:///srv/media/logo.png" };
const NOW = 100_000;

describe("overlays a restarted pipeline shows again", () => {
  it("an image still on, with the rest of its duration and fade-in; one that ended or was deactivated is not", () => {
    const schedule = [
      stored("logo", NOW - 1_000, "staticImageActivateSettings", { image, layer: 1, duration: 30_000, fadeIn: 3_000, fadeOut: 500 }),
      stored("old", NOW - 60_000, "staticImageActivateSettings", { image, layer: 2, duration: 10_000 }),
      stored("bug", NOW - 50_000, "staticImageActivateSettings", { image, layer: 3 }),
      stored("bug-off", NOW - 40_000, "staticImageDeactivateSettings", { layer: 3 }),
      stored("future", NOW + 5_000, "staticImageActivateSettings", { image, layer: 4 }),
      stored("follow", undefined, "staticImageActivateSettings", { image, layer: 5 }),
    ];
    assert.deepEqual(overlaysStillOn(schedule, NOW), [{ actionName: "logo", type: "staticImageActivateSettings", settings: { image, layer: 1, duration: 29_000, fadeIn: 2_000, fadeOut: 500 } }]);
  });

  it("a later activation of a layer replaces the earlier one; other layers stay", () => {
    const schedule = [
      stored("a", NOW - 9_000, "staticImageActivateSettings", { image, layer: 0 }),
      stored("b", NOW - 8_000, "staticImageActivateSettings", { image, layer: 0, opacity: 50 }),
      stored("c", NOW - 7_000, "staticImageActivateSettings", { image, layer: 6 }),
    ];
    assert.deepEqual(overlaysStillOn(schedule, NOW).map((action) => action.actionName), ["b", "c"]);
  });

  it("per-output layers: only the outputs whose layer was not deactivated since", () => {
    const schedule = [
      stored("both", NOW - 9_000, "staticImageOutputActivateSettings", { image, layer: 2, outputNames: ["720p", "360p"] }),
      stored("off-360", NOW - 5_000, "staticImageOutputDeactivateSettings", { layer: 2, outputNames: ["360p"] }),
      stored("global-2", NOW - 4_000, "staticImageActivateSettings", { image, layer: 2 }),
    ];
    assert.deepEqual(overlaysStillOn(schedule, NOW).map((action) => [action.actionName, action.settings.outputNames]), [["both", ["720p"]], ["global-2", undefined]]);
  });

  it("the motion graphics page still on, or not after a deactivation or its duration", () => {
    const on = stored("ticker", NOW - 2_000, "motionGraphicsImageActivateSettings", { url: "https://e.com/t.html", duration: 10_000 });
    assert.deepEqual(overlaysStillOn([on], NOW), [{ actionName: "ticker", type: "motionGraphicsImageActivateSettings", settings: { url: "https://e.com/t.html", duration: 8_000 } }]);
    assert.deepEqual(overlaysStillOn([on, stored("off", NOW - 1_000, "motionGraphicsImageDeactivateSettings", {})], NOW), []);
    assert.deepEqual(overlaysStillOn([on], NOW + 8_000), []);
    const forever = stored("clock", NOW - 2_000, "motionGraphicsImageActivateSettings", { url: "https://e.com/c.html" });
    assert.deepEqual(overlaysStillOn([forever, on], NOW).map((action) => action.actionName), ["ticker"]);
  });

  it("other action types are not replayed here", () => {
    assert.deepEqual(overlaysStillOn([stored("id3", NOW - 1, "timedMetadataSettings", { id3: "x" }), stored("pause", NOW - 1, "pauseStateSettings", {})], NOW), []);
  });
});
