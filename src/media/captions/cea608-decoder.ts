// CEA-608 caption decoder for one data channel (ANSI/CTA-608-E): byte pairs of field 1 (CC1,
// CC2) or field 2 (CC3, CC4) in presentation order → timed caption screens. Pure state
// machine: the time of each pair (pts90k of its picture) is passed in.
//
// Memory (§7): a displayed and a non-displayed screen of 15 rows × 32 columns. Pop-on (RCL)
// writes the non-displayed screen and EOC swaps the two; roll-up (RU2–RU4) and paint-on (RDC)
// write the displayed screen, CR scrolls the roll-up window. Control codes are sent twice
// (§8.4: the repeat of a control pair is ignored); their first byte carries the data
// channel in bit 3 (0x10–0x17 channel 1, 0x18–0x1F channel 2).

import { basicCharacter, extendedCharacter, specialCharacter } from "./cea608-characters.ts";

export const CEA608_ROWS = 15;
export const CEA608_COLUMNS = 32;

export interface CaptionLine {
  /** 1–15, top to bottom. */
  readonly row: number;
  /** Column of the first character, 0–31. */
  readonly column: number;
  readonly text: string;
}

export interface CaptionScreen {
  readonly lines: readonly CaptionLine[];
}

export interface TimedCaption extends CaptionScreen {
  readonly startPts90k: number;
  readonly endPts90k: number;
}

const Modes = { POP_ON: "pop-on", ROLL_UP: "roll-up", PAINT_ON: "paint-on" } as const;
type Mode = (typeof Modes)[keyof typeof Modes];

/** Miscellaneous control codes, second byte after 0x14 (field 1) or 0x15 (field 2), §8.4 Table 51. */
const Misc = { RCL: 0x20, BS: 0x21, AOF: 0x22, AON: 0x23, DER: 0x24, RU2: 0x25, RU3: 0x26, RU4: 0x27, FON: 0x28, RDC: 0x29, TR: 0x2a, RTD: 0x2b, EDM: 0x2c, CR: 0x2d, ENM: 0x2e, EOC: 0x2f } as const;

/** PAC rows by first byte (channel bit cleared), for second bytes 0x40–0x5F and 0x60–0x7F (§8.4 Table 53). */
const PAC_ROWS: Readonly<Record<number, readonly [number, number]>> = {
  0x11: [1, 2], 0x12: [3, 4], 0x15: [5, 6], 0x16: [7, 8], 0x17: [9, 10], 0x10: [11, 11], 0x13: [12, 13], 0x14: [14, 15],
};

/** Displayed-text changes of roll-up and paint-on are shown once the text has rested this long (or at the next control code). */
export const SETTLE_TICKS_90K = 27_000;

type Screen = string[][];

const blankScreen = (): Screen => Array.from({ length: CEA608_ROWS }, () => Array<string>(CEA608_COLUMNS).fill(""));

function screenOf(memory: Screen): CaptionScreen {
  const lines: CaptionLine[] = [];
  memory.forEach((cells, index) => {
    const first = cells.findIndex((cell) => cell !== "");
    if (first < 0) return;
    const text = cells.slice(first).map((cell) => (cell === "" ? " " : cell)).join("").trimEnd();
    if (text.trim() !== "") lines.push({ row: index + 1, column: first, text });
  });
  return { lines };
}

const sameScreen = (a: CaptionScreen, b: CaptionScreen): boolean =>
  a.lines.length === b.lines.length && a.lines.every((line, i) => line.row === b.lines[i]!.row && line.column === b.lines[i]!.column && line.text === b.lines[i]!.text);

export interface Cea608DecoderOptions {
  /** 1 (CC1/CC3) or 2 (CC2/CC4): the data channel within the field. */
  readonly dataChannel: 1 | 2;
}

export class Cea608Decoder {
  readonly #dataChannel: 1 | 2;
  #displayed: Screen = blankScreen();
  #nonDisplayed: Screen = blankScreen();
  #mode: Mode = Modes.POP_ON;
  #rollUpRows = 2;
  #row = CEA608_ROWS - 1;
  #column = 0;
  /** The channel the last control code addressed: text follows it. */
  #channel: 1 | 2 | undefined;
  #lastControl: number | undefined;
  /** What is shown now, since when. */
  #shown: CaptionScreen = { lines: [] };
  #shownSincePts90k = 0;
  /** A roll-up/paint-on change not shown yet, and when the text last changed. */
  #pendingSincePts90k: number | undefined;

  constructor(options: Cea608DecoderOptions) {
    this.#dataChannel = options.dataChannel;
  }

  /** The screen shown now and since when (undefined while nothing is shown). */
  get showing(): TimedCaption | undefined {
    if (this.#shown.lines.length === 0) return undefined;
    return { ...this.#shown, startPts90k: this.#shownSincePts90k, endPts90k: this.#shownSincePts90k };
  }

  /** One byte pair (parity bits included) at its picture's time; returns the captions that ended. */
  push(byte1: number, byte2: number, pts90k: number): TimedCaption[] {
    const b1 = byte1 & 0x7f;
    const b2 = byte2 & 0x7f;
    const ended: TimedCaption[] = [];
    if (b1 === 0 && b2 === 0) {
      this.#settle(pts90k, ended);
      return ended;
    }
    if (b1 >= 0x10 && b1 <= 0x1f) {
      const code = (b1 << 8) | b2;
      if (this.#lastControl === code) {
        this.#lastControl = undefined; // the repeat of a control pair (§8.4)
        return ended;
      }
      this.#lastControl = code;
      this.#channel = (b1 & 0x08) === 0 ? 1 : 2;
      if (this.#channel !== this.#dataChannel) return ended;
      const changed = this.#control(b1 & 0xf7, b2);
      this.#show(pts90k, ended, changed);
      return ended;
    }
    this.#lastControl = undefined;
    if (b1 < 0x20 || this.#channel !== this.#dataChannel) return ended;
    this.#write(basicCharacter(b1));
    if (b2 >= 0x20) this.#write(basicCharacter(b2));
    if (this.#mode === Modes.POP_ON) return ended;
    this.#pendingSincePts90k = pts90k;
    return ended;
  }

  /** Ends what is shown at `pts90k` (end of stream); the decoder keeps its memory. */
  flush(pts90k: number): TimedCaption[] {
    const ended: TimedCaption[] = [];
    if (this.#shown.lines.length > 0 && pts90k > this.#shownSincePts90k) ended.push({ ...this.#shown, startPts90k: this.#shownSincePts90k, endPts90k: pts90k });
    this.#shownSincePts90k = pts90k;
    return ended;
  }

  /** Roll-up and paint-on text that has rested long enough is shown. */
  #settle(pts90k: number, ended: TimedCaption[]): void {
    if (this.#pendingSincePts90k !== undefined && pts90k - this.#pendingSincePts90k >= SETTLE_TICKS_90K) this.#show(pts90k, ended, true);
  }

  #show(pts90k: number, ended: TimedCaption[], changed: boolean): void {
    if (!changed && this.#pendingSincePts90k === undefined) return;
    this.#pendingSincePts90k = undefined;
    const next = screenOf(this.#displayed);
    if (sameScreen(next, this.#shown)) return;
    if (this.#shown.lines.length > 0 && pts90k > this.#shownSincePts90k) ended.push({ ...this.#shown, startPts90k: this.#shownSincePts90k, endPts90k: pts90k });
    this.#shown = next;
    this.#shownSincePts90k = pts90k;
  }

  /** A control code of this channel (first byte with the channel bit cleared); true when the displayed screen may have changed. */
  #control(b1: number, b2: number): boolean {
    if ((b1 === 0x14 || b1 === 0x15) && b2 >= 0x20 && b2 <= 0x2f) return this.#misc(b2);
    if (b1 === 0x17 && b2 >= 0x21 && b2 <= 0x23) {
      this.#column = Math.min(CEA608_COLUMNS - 1, this.#column + (b2 - 0x20)); // TO1–TO3: tab offsets
      return false;
    }
    if (b1 === 0x11 && b2 >= 0x20 && b2 <= 0x2f) {
      this.#write(" "); // mid-row code: a style change, shown as a space (§8.4)
      return this.#mode !== Modes.POP_ON;
    }
    if (b1 === 0x11 && b2 >= 0x30 && b2 <= 0x3f) {
      this.#write(specialCharacter(b2));
      return this.#mode !== Modes.POP_ON;
    }
    if ((b1 === 0x12 || b1 === 0x13) && b2 >= 0x20 && b2 <= 0x3f) {
      // An extended character replaces the basic one sent before it for older decoders (§6.4.2).
      this.#column = Math.max(0, this.#column - 1);
      this.#write(extendedCharacter(b1, b2));
      return this.#mode !== Modes.POP_ON;
    }
    if (b2 >= 0x40 && b2 <= 0x7f && PAC_ROWS[b1] !== undefined) {
      this.#preamble(PAC_ROWS[b1]![b2 >= 0x60 ? 1 : 0], b2);
      return false;
    }
    return false;
  }

  #misc(code: number): boolean {
    switch (code) {
      case Misc.RCL:
        this.#mode = Modes.POP_ON;
        return false;
      case Misc.RDC:
        this.#mode = Modes.PAINT_ON;
        return false;
      case Misc.RU2:
      case Misc.RU3:
      case Misc.RU4: {
        // Entering roll-up from another style erases both screens (§7.4); the cursor goes to the base row's start.
        if (this.#mode !== Modes.ROLL_UP) {
          this.#displayed = blankScreen();
          this.#nonDisplayed = blankScreen();
          this.#row = CEA608_ROWS - 1;
        }
        this.#mode = Modes.ROLL_UP;
        this.#rollUpRows = code - Misc.RU2 + 2;
        this.#column = 0;
        return true;
      }
      case Misc.EDM:
        this.#displayed = blankScreen();
        return true;
      case Misc.ENM:
        this.#nonDisplayed = blankScreen();
        return false;
      case Misc.EOC: {
        const displayed = this.#displayed;
        this.#displayed = this.#nonDisplayed;
        this.#nonDisplayed = displayed;
        this.#mode = Modes.POP_ON;
        return true;
      }
      case Misc.CR:
        return this.#carriageReturn();
      case Misc.BS: {
        if (this.#column === 0) return false;
        this.#column -= 1;
        this.#target()[this.#row]![this.#column] = "";
        return this.#mode !== Modes.POP_ON;
      }
      case Misc.DER:
        this.#target()[this.#row]!.fill("", this.#column);
        return this.#mode !== Modes.POP_ON;
      default:
        return false; // AOF, AON, FON, TR, RTD: no effect on caption screens
    }
  }

  /** Roll-up: the window moves up one row and the base row starts empty; elsewhere the cursor goes to the next row's start. */
  #carriageReturn(): boolean {
    this.#column = 0;
    if (this.#mode !== Modes.ROLL_UP) {
      if (this.#mode === Modes.PAINT_ON && this.#row < CEA608_ROWS - 1) this.#row += 1;
      return false;
    }
    const top = Math.max(0, this.#row - this.#rollUpRows + 1);
    for (let row = 0; row < CEA608_ROWS; row++) {
      if (row < top || row > this.#row) this.#displayed[row] = Array<string>(CEA608_COLUMNS).fill("");
    }
    for (let row = top; row < this.#row; row++) this.#displayed[row] = this.#displayed[row + 1]!;
    this.#displayed[this.#row] = Array<string>(CEA608_COLUMNS).fill("");
    return true;
  }

  /** Preamble address code: row and indent (§8.4 Table 53; bit 4 of the second byte selects an indent of 4 × bits 1–3). */
  #preamble(row: number, b2: number): void {
    const targetRow = row - 1;
    if (this.#mode === Modes.ROLL_UP && targetRow !== this.#row) {
      // The roll-up window moves to the new base row with its text (§7.4).
      const moved = blankScreen();
      for (let offset = 0; offset < this.#rollUpRows; offset++) {
        const from = this.#row - offset;
        const to = targetRow - offset;
        if (from >= 0 && to >= 0) moved[to] = this.#displayed[from]!;
      }
      this.#displayed = moved;
    }
    this.#row = targetRow;
    this.#column = (b2 & 0x10) !== 0 ? ((b2 & 0x0e) >> 1) * 4 : 0;
  }

  #target(): Screen {
    return this.#mode === Modes.POP_ON ? this.#nonDisplayed : this.#displayed;
  }

  #write(character: string): void {
    if (character === "") return;
    this.#target()[this.#row]![this.#column] = character;
    this.#column = Math.min(CEA608_COLUMNS - 1, this.#column + 1);
  }
}
