// The fed program while an avail is blanked or a blackout shown (scte35/blanking-state.ts):
// every video picture is replaced by the slate's picture — encoded once, all-intra with its
// parameter sets, in the fed codec (fill-pictures.ts) — and every audio unit by as many
// silent frames as it carried, on the same timestamps, so the encoder's timeline does not
// move. The slate starts on the picture the splice lands on; when it ends, the program
// returns at its next keyframe (a picture after the splice point may reference pictures the
// slate replaced; the source's own splice points are normally keyframes). Replaced pictures
// are shown in decode order (they reference nothing), so their PTS only grows. Pure.

import { parseAc3Header } from "../../media/audio/ac3.ts";
import { splitAdtsFrames } from "../../media/audio/adts.ts";
import { parseEac3Header } from "../../media/audio/eac3.ts";
import { parseMpegAudioHeader } from "../../media/audio/mpeg-audio.ts";
import { concatBytes } from "../../media/bits/bytes.ts";
import type { FedAudioCodec, ProgramLayout } from "./program-layout.ts";
import type { FillPictures, ProgramUnit } from "./program-timeline.ts";

/** One picture per slate kind, and one silent frame per fed audio track. */
export interface SlatePictures<S extends string> {
  readonly pictures: Readonly<Record<S, Uint8Array>>;
  readonly silence: FillPictures["silence"];
}

/** How many coded frames an audio access unit carries (at least 1). */
export function audioFrameCount(codec: FedAudioCodec, data: Uint8Array): number {
  if (codec === "AAC") return Math.max(1, splitAdtsFrames(data).frames.length);
  const sizeAt = (offset: number): number | undefined =>
    codec === "AC3" ? parseAc3Header(data, offset)?.frameSizeBytes : codec === "EAC3" ? parseEac3Header(data, offset)?.frameSizeBytes : parseMpegAudioHeader(data, offset)?.frameLengthBytes;
  let count = 0;
  for (let offset = 0, size = sizeAt(0); size !== undefined && size > 0 && offset + size <= data.length; offset += size, size = sizeAt(offset)) count += 1;
  return Math.max(1, count);
}

export class BlankedProgram<S extends string> {
  readonly #pictures: SlatePictures<S>;
  readonly #layout: ProgramLayout;
  /** The slate on screen; it may outlast the decision until the program's next keyframe. */
  #showing: S | null = null;
  #delay90k = 0;
  #lastVideoPts90k: number | undefined;
  /** Audio before the program's return picture stays silent. */
  #silentBefore90k = Number.NEGATIVE_INFINITY;

  constructor(pictures: SlatePictures<S>, layout: ProgramLayout) {
    this.#pictures = pictures;
    this.#layout = layout;
  }

  get showing(): S | null {
    return this.#showing;
  }

  /** A video unit about to be fed, with the slate decided for it (null: the program). */
  video(unit: ProgramUnit, slate: S | null): ProgramUnit {
    if (slate !== null) {
      if (this.#showing === null) this.#delay90k = unit.pts90k - unit.dts90k;
      this.#showing = slate;
    } else if (this.#showing !== null && unit.keyframe) {
      this.#showing = null;
      this.#silentBefore90k = unit.pts90k;
    }
    if (this.#showing === null) {
      this.#lastVideoPts90k = Math.max(this.#lastVideoPts90k ?? unit.pts90k, unit.pts90k);
      return unit;
    }
    const pts90k = Math.max(unit.dts90k + this.#delay90k, (this.#lastVideoPts90k ?? Number.NEGATIVE_INFINITY) + 1);
    this.#lastVideoPts90k = pts90k;
    return { track: "video", pts90k, dts90k: unit.dts90k, keyframe: true, data: this.#pictures.pictures[this.#showing] };
  }

  /** An audio unit about to be fed: silence while a slate shows. */
  audio(unit: ProgramUnit): ProgramUnit {
    if (unit.track === "video" || (this.#showing === null && unit.pts90k >= this.#silentBefore90k)) return unit;
    const track = this.#layout.audio[unit.track];
    const silence = this.#pictures.silence[unit.track];
    if (!track || !silence) return unit;
    const count = audioFrameCount(track.codec, unit.data);
    const data = count === 1 ? silence.frame : concatBytes(Array.from({ length: count }, () => silence.frame));
    return { ...unit, data };
  }
}
