import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AlertBook } from "../../../src/runtime/alert-book.ts";

const DIFFER = "Redundant Sources Differ";

describe("AlertBook", () => {
  it("sets an alert once per (pipeline, type, input) and clears it", () => {
    const book = new AlertBook();
    const set = book.record("ch", 0, { alertType: DIFFER, message: "bitrate", state: "SET", atMs: 1_000, inputId: "7" });
    assert.equal(set?.state, "SET");
    assert.equal(book.record("ch", 0, { alertType: DIFFER, message: "bitrate again", state: "SET", atMs: 2_000, inputId: "7" }), undefined, "already SET");
    const cleared = book.record("ch", 0, { alertType: DIFFER, message: "match", state: "CLEARED", atMs: 3_000, inputId: "7" });
    assert.deepEqual([cleared?.id, cleared?.state, cleared?.clearedAtMs], [set!.id, "CLEARED", 3_000]);
  });

  it("keeps alerts of one type for different output groups apart: each is SET and CLEARED on its own", () => {
    const book = new AlertBook();
    const REFUSED = "Output Destination Refused";
    const cmaf = book.record("ch", 0, { alertType: REFUSED, message: "cmaf: 503", state: "SET", atMs: 1_000, outputGroup: "cmaf" });
    const smooth = book.record("ch", 0, { alertType: REFUSED, message: "smooth: 500", state: "SET", atMs: 1_000, outputGroup: "smooth" });
    assert.ok(cmaf && smooth && cmaf.id !== smooth.id, "two entries");
    assert.equal(book.record("ch", 0, { alertType: REFUSED, message: "smooth again", state: "SET", atMs: 1_500, outputGroup: "smooth" }), undefined, "already SET");
    assert.equal(book.record("ch", 0, { alertType: REFUSED, message: "", state: "CLEARED", atMs: 2_000, outputGroup: "smooth" })?.id, smooth.id);
    assert.deepEqual(book.list("ch").map((alert) => [alert.message, alert.state]), [["cmaf: 503", "SET"], ["smooth: 500", "CLEARED"]], "the other group's alert stays SET");
  });

  it("revise rewrites the message of the SET alert, keeping its id and time; nothing SET or the same text → undefined", () => {
    const book = new AlertBook();
    assert.equal(book.revise("ch", 0, { alertType: DIFFER, message: "resolution", state: "SET", atMs: 1_500, inputId: "7" }), undefined, "nothing SET yet");
    const set = book.record("ch", 0, { alertType: DIFFER, message: "input 7: bitrate 0.09 vs 0.99", state: "SET", atMs: 1_000, inputId: "7" })!;
    const revised = book.revise("ch", 0, { alertType: DIFFER, message: "input 7: resolution 480x270 vs 640x360", state: "SET", atMs: 9_000, inputId: "7" });
    assert.deepEqual([revised?.id, revised?.message, revised?.setAtMs, revised?.state], [set.id, "input 7: resolution 480x270 vs 640x360", 1_000, "SET"]);
    assert.equal(book.revise("ch", 0, { alertType: DIFFER, message: "input 7: resolution 480x270 vs 640x360", state: "SET", atMs: 9_500, inputId: "7" }), undefined, "same text");
    assert.equal(book.revise("ch", 0, { alertType: DIFFER, message: "input 8: other", state: "SET", atMs: 9_500, inputId: "8" }), undefined, "another input's alert is not SET");
    assert.deepEqual(book.list("ch").map((a) => a.message), ["input 7: resolution 480x270 vs 640x360"], "revised in place, not a second entry");
  });
});
