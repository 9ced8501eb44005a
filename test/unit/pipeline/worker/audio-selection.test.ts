import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AudioSelector } from "../../../../src/model/generated/medialive-types.ts";
import { AudioSelectorAlerts, selectAudioTrack, undefinedSelectors, type SourceAudioTrack } from "../../../../src/pipeline/worker/audio-selection.ts";
import { AlertCatalogue } from "../../../../src/shared/alerts.ts";

// A TS source whose PMT lists three audio streams (not in PID order).
const TRACKS: SourceAudioTrack[] = [
  { trackId: 0x102, languageCode: "eng" },
  { trackId: 0x101, languageCode: "fra" },
  { trackId: 0x103 },
];

describe("selectAudioTrack", () => {
  it("a description naming no selector takes the default (first) track", () => {
    assert.deepEqual(selectAudioTrack([{ name: "fr", selectorSettings: { audioPidSelection: { pid: 0x101 } } }], "", TRACKS), { trackId: 0x102, undefinedSelector: false });
  });

  it("a selector the attachment does not define takes the default track and is flagged", () => {
    assert.deepEqual(selectAudioTrack([{ name: "en" }], "fr", TRACKS), { trackId: 0x102, undefinedSelector: true });
  });

  it("an attachment without audio selectors gives every description the default track, unflagged", () => {
    assert.deepEqual(selectAudioTrack(undefined, "fr", TRACKS), { trackId: 0x102, undefinedSelector: false });
    assert.deepEqual(selectAudioTrack([], "fr", TRACKS), { trackId: 0x102, undefinedSelector: false });
  });

  it("a selector without settings takes the default track", () => {
    assert.equal(selectAudioTrack([{ name: "default" }], "default", TRACKS).trackId, 0x102);
  });

  it("audioPidSelection takes that PID", () => {
    assert.equal(selectAudioTrack([{ name: "p", selectorSettings: { audioPidSelection: { pid: 0x103 } } }], "p", TRACKS).trackId, 0x103);
  });

  it("audioLanguageSelection takes the track in that language (case-insensitive); LOOSE falls back to the first, STRICT to none", () => {
    const selectors = (languageCode: string, policy?: "LOOSE" | "STRICT"): AudioSelector[] => [{ name: "l", selectorSettings: { audioLanguageSelection: { languageCode, ...(policy ? { languageSelectionPolicy: policy } : {}) } } }];
    assert.equal(selectAudioTrack(selectors("FRA"), "l", TRACKS).trackId, 0x101);
    assert.equal(selectAudioTrack(selectors("deu"), "l", TRACKS).trackId, 0x102, "LOOSE is the default");
    assert.equal(selectAudioTrack(selectors("deu", "LOOSE"), "l", TRACKS).trackId, 0x102);
    assert.equal(selectAudioTrack(selectors("deu", "STRICT"), "l", TRACKS).trackId, undefined);
    assert.equal(selectAudioTrack(selectors("fra", "STRICT"), "l", TRACKS).trackId, 0x101);
  });

  it("audioTrackSelection takes the 1-based track in the source's (PMT) order; a track it lacks gives none", () => {
    const selectors = (track: number): AudioSelector[] => [{ name: "t", selectorSettings: { audioTrackSelection: { tracks: [{ track }] } } }];
    assert.equal(selectAudioTrack(selectors(1), "t", TRACKS).trackId, 0x102);
    assert.equal(selectAudioTrack(selectors(2), "t", TRACKS).trackId, 0x101);
    assert.equal(selectAudioTrack(selectors(3), "t", TRACKS).trackId, 0x103);
    assert.equal(selectAudioTrack(selectors(4), "t", TRACKS).trackId, undefined);
  });

  it("a source without audio gives no track for any rule", () => {
    assert.equal(selectAudioTrack([{ name: "en" }], "fr", []).trackId, undefined);
    assert.equal(selectAudioTrack(undefined, "", []).trackId, undefined);
  });
});

describe("undefinedSelectors", () => {
  it("lists named selectors the attachment lacks; none when it defines no selector at all or for the default key", () => {
    assert.deepEqual(undefinedSelectors([{ name: "en" }], ["en", "fr", "", "de"]), ["fr", "de"]);
    assert.deepEqual(undefinedSelectors(undefined, ["fr"]), []);
  });
});

describe("AudioSelectorAlerts", () => {
  const type = AlertCatalogue.AUDIO_SELECTOR_NOT_FOUND.alertType;
  const withEn = { attachmentName: "primary", inputId: "1111", audioSelectors: [{ name: "en" }] };
  const withFr = { attachmentName: "backup", inputId: "2222", audioSelectors: [{ name: "en" }, { name: "fr" }] };

  it("sets one alert naming the selector and the attachment, once, and clears it when the input switches to one that defines it", () => {
    const alerts = new AudioSelectorAlerts(["en", "fr"]);
    const set = alerts.update(withEn, 1_000);
    assert.equal(set.length, 1);
    assert.equal(set[0]!.alertType, type);
    assert.equal(set[0]!.state, "SET");
    assert.equal(set[0]!.atMs, 1_000);
    assert.equal(set[0]!.inputId, "1111");
    assert.match(set[0]!.message, /"fr".*"primary"/);
    assert.deepEqual(alerts.update(withEn, 2_000), [], "no repeat while the same attachment is on air");
    const cleared = alerts.update(withFr, 3_000);
    assert.deepEqual(cleared.map((a) => [a.state, a.inputId, a.atMs]), [["CLEARED", "1111", 3_000]]);
    assert.deepEqual(alerts.update(withFr, 4_000), []);
    assert.deepEqual(alerts.update(withEn, 5_000).map((a) => a.state), ["SET"], "sets again on the switch back");
  });

  it("raises nothing for descriptions naming no selector or an attachment without selectors", () => {
    const alerts = new AudioSelectorAlerts(["", "fr"]);
    assert.deepEqual(alerts.update({ attachmentName: "bare", inputId: "3333", audioSelectors: undefined }, 1_000), []);
    assert.deepEqual(alerts.update(undefined, 2_000), []);
  });
});
