// One CEA-608 caption channel (CC1–CC4) of a video stream: pictures arrive in decode order,
// but cc_data belongs to pictures in presentation order (ATSC A/53 Part 4 §6.2.3.1), so a
// few pictures are held and released by pts before their pairs reach the decoder.

import { Cea608Decoder, type TimedCaption } from "./cea608-decoder.ts";
import type { Cea608Pair } from "./cc-pairs.ts";

/** Pictures held for reordering: enough for H.264/H.265 B-pyramids as encoders write them. */
export const REORDER_PICTURES = 4;

interface HeldPicture {
  readonly pts90k: number;
  readonly pairs: readonly Cea608Pair[];
}

export class Cea608Track {
  /** 1 or 2: CC1/CC2 are in field 1, CC3/CC4 in field 2. */
  readonly field: 1 | 2;
  readonly #decoder: Cea608Decoder;
  readonly #held: HeldPicture[] = [];
  #lastPts90k: number | undefined;

  /** `channel` 1–4 (MediaLive's source608ChannelNumber). */
  constructor(channel: number) {
    this.field = channel <= 2 ? 1 : 2;
    this.#decoder = new Cea608Decoder({ dataChannel: channel % 2 === 1 ? 1 : 2 });
  }

  /** One picture (decode order) with its pairs of this track's field; returns captions that ended. */
  pushPicture(pts90k: number, pairs: readonly Cea608Pair[]): TimedCaption[] {
    const index = this.#held.findIndex((held) => held.pts90k > pts90k);
    this.#held.splice(index < 0 ? this.#held.length : index, 0, { pts90k, pairs });
    const ended: TimedCaption[] = [];
    while (this.#held.length > REORDER_PICTURES) ended.push(...this.#release(this.#held.shift()!));
    return ended;
  }

  /** The caption shown now (its start; no end yet). */
  get showing(): TimedCaption | undefined {
    return this.#decoder.showing;
  }

  /** Releases the held pictures and ends what is shown at `pts90k`. */
  flush(pts90k: number): TimedCaption[] {
    const ended = this.#held.splice(0).flatMap((held) => this.#release(held));
    return [...ended, ...this.#decoder.flush(pts90k)];
  }

  #release(picture: HeldPicture): TimedCaption[] {
    this.#lastPts90k = picture.pts90k;
    return picture.pairs.flatMap(([b1, b2]) => this.#decoder.push(b1, b2, picture.pts90k));
  }

  /** The pts of the last picture handed to the decoder. */
  get decodedPts90k(): number | undefined {
    return this.#lastPts90k;
  }
}
