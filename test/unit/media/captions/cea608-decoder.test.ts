import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Cea608Decoder, SETTLE_TICKS_90K, type TimedCaption } from "../../../../src/media/captions/cea608-decoder.ts";
import { popOnCaptionPairs, withOddParity } from "../../../helpers/cea608-injector.ts";

const FRAME = 3000;
const control = (b1: number, b2: number): [number, number][] => [[withOddParity(b1), withOddParity(b2)], [withOddParity(b1), withOddParity(b2)]];
const text = (value: string): [number, number][] => {
  const pairs: [number, number][] = [];
  for (let i = 0; i < value.length; i += 2) pairs.push([withOddParity(value.charCodeAt(i)), i + 1 < value.length ? withOddParity(value.charCodeAt(i + 1)) : 0x80]);
  return pairs;
};
const PAD: [number, number] = [0x80, 0x80];
const shownText = (decoder: Cea608Decoder): string | undefined => decoder.showing?.lines.map((line) => line.text).join("\n");

/** Feeds pairs one per frame from `startPts90k`; returns ended captions and the next pts. */
function feed(decoder: Cea608Decoder, pairs: readonly (readonly [number, number])[], startPts90k: number): { ended: TimedCaption[]; pts90k: number } {
  const ended: TimedCaption[] = [];
  let pts90k = startPts90k;
  for (const [b1, b2] of pairs) {
    ended.push(...decoder.push(b1, b2, pts90k));
    pts90k += FRAME;
  }
  return { ended, pts90k };
}

describe("Cea608Decoder", () => {
  it("pop-on: text loaded off screen appears at EOC and ends at EDM, on row 15", () => {
    const decoder = new Cea608Decoder({ dataChannel: 1 });
    const first = feed(decoder, popOnCaptionPairs("HELLO WORLD"), 0);
    assert.equal(first.ended.length, 0);
    const shown = decoder.showing;
    assert.deepEqual(shown?.lines, [{ row: 15, column: 0, text: "HELLO WORLD" }]);
    // RCL, RCL, PAC, PAC, 6 text pairs, EOC (first of the pair acts): shown at the 11th pair.
    assert.equal(shown?.startPts90k, 10 * FRAME);
    const erased = feed(decoder, [PAD, PAD, ...control(0x14, 0x2c)], first.pts90k);
    assert.deepEqual(erased.ended, [{ lines: [{ row: 15, column: 0, text: "HELLO WORLD" }], startPts90k: 10 * FRAME, endPts90k: first.pts90k + 2 * FRAME }]);
    assert.equal(decoder.showing, undefined);
  });

  it("ignores the other data channel and the repeat of a control code, but not a control code sent again later", () => {
    const decoder = new Cea608Decoder({ dataChannel: 2 });
    feed(decoder, popOnCaptionPairs("CC1 ONLY"), 0);
    assert.equal(shownText(decoder), undefined, "CC1 codes (first byte 0x14) are not channel 2's");
    const cc2 = [...control(0x1c, 0x20), ...control(0x1c, 0x70), ...text("CC2"), ...control(0x1c, 0x2f)];
    feed(decoder, cc2, 100 * FRAME);
    assert.equal(shownText(decoder), "CC2");
    // A doubled EOC swaps once; a third EOC (a new command) swaps back to the empty screen.
    const again = feed(decoder, [[withOddParity(0x1c), withOddParity(0x2f)]], 200 * FRAME);
    assert.equal(again.ended.length, 1);
    assert.equal(decoder.showing, undefined);
  });

  it("roll-up: CR scrolls the window, rows above it go, text shows once it rests", () => {
    const decoder = new Cea608Decoder({ dataChannel: 1 });
    const script = [...control(0x14, 0x25), ...control(0x14, 0x70), ...text("LINE ONE"), ...control(0x14, 0x2d), ...text("LINE TWO"), ...control(0x14, 0x2d), ...text("LINE 3")];
    const run = feed(decoder, script, 0);
    // The CR after "LINE TWO" scrolled it up to row 14 and showed it; "LINE 3" is not shown until it rests.
    assert.deepEqual(decoder.showing?.lines.map((line) => [line.row, line.text]), [[14, "LINE TWO"]]);
    const pads = Array.from({ length: Math.ceil(SETTLE_TICKS_90K / FRAME) + 1 }, () => PAD);
    feed(decoder, pads, run.pts90k);
    assert.deepEqual(decoder.showing?.lines.map((line) => [line.row, line.text]), [[14, "LINE TWO"], [15, "LINE 3"]]);
    assert.ok(!decoder.showing?.lines.some((line) => line.text === "LINE ONE"), "RU2 keeps two rows");
  });

  it("paint-on writes straight to the screen; BS and DER edit it; PAC indent sets the column", () => {
    const decoder = new Cea608Decoder({ dataChannel: 1 });
    // RDC, PAC row 1 indent 8 (0x11 0x54: bit 4 set, (0x54 & 0x0e) >> 1 = 2 → 8), "ABCD", BS, then a control code shows it.
    feed(decoder, [...control(0x14, 0x29), ...control(0x11, 0x54), ...text("ABCD"), ...control(0x14, 0x21)], 0);
    assert.deepEqual(decoder.showing?.lines, [{ row: 1, column: 8, text: "ABC" }]);
  });

  it("decodes the basic substitutions, special and extended characters (an extended one replaces the fallback before it)", () => {
    const decoder = new Cea608Decoder({ dataChannel: 1 });
    const script = [
      ...control(0x14, 0x20), ...control(0x14, 0x70),
      [withOddParity(0x2a), withOddParity(0x7e)] as [number, number], // á ñ
      ...control(0x11, 0x37), // ♪
      [withOddParity(0x45), 0x80] as [number, number], // fallback E …
      ...control(0x12, 0x21), // … replaced by É
      [withOddParity(0x4f), 0x80] as [number, number], // fallback O …
      ...control(0x13, 0x32), // … replaced by Ö
      ...control(0x14, 0x2f),
    ];
    feed(decoder, script, 0);
    assert.equal(decoder.showing?.lines[0]?.text, "áñ♪ÉÖ");
  });

  it("flush ends what is shown", () => {
    const decoder = new Cea608Decoder({ dataChannel: 1 });
    feed(decoder, popOnCaptionPairs("BYE"), 0);
    const ended = decoder.flush(90_000);
    assert.equal(ended.length, 1);
    assert.equal(ended[0]?.endPts90k, 90_000);
  });
});
