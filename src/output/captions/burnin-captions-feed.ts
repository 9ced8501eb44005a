// The pipeline worker's side of caption burn-in: decodes each burned-in description's
// CEA-608 channel from the fed video (decode order, as the worker feeds the encoder) and
// keeps its text file holding the caption shown now. The files exist (empty) before the
// encoder starts: drawtext refuses a missing textfile.

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import { cea608PairsOfAccessUnit, type Cea608Pair } from "../../media/captions/cc-pairs.ts";
import { Cea608Track } from "../../media/captions/cea608-track.ts";
import { burnInCaptionPlans } from "./burnin-captions.ts";
import { BurnInTextWriter, burnInText } from "./burnin-text.ts";

interface BurnedIn {
  readonly track: Cea608Track;
  readonly writer: BurnInTextWriter;
}

export class BurnInCaptionsFeed {
  readonly #burnedIn: readonly BurnedIn[];
  #codec: "H264" | "H265" | undefined;

  /** Undefined when no output with video names a burn-in caption description. */
  static create(config: ChannelConfig, workDir: string): BurnInCaptionsFeed | undefined {
    const plans = burnInCaptionPlans(config, workDir);
    return plans.length > 0 ? new BurnInCaptionsFeed(plans.map((plan) => ({ track: new Cea608Track(plan.cea608Channel), writer: new BurnInTextWriter(plan.textFile) }))) : undefined;
  }

  private constructor(burnedIn: readonly BurnedIn[]) {
    this.#burnedIn = burnedIn;
    for (const { writer } of burnedIn) writer.show("");
  }

  /** The fed video's codec while it can carry A/53 captions (MPEG-2 video user data is not read). */
  useVideoCodec(codec: string): void {
    this.#codec = codec === "H264" || codec === "H265" ? codec : undefined;
  }

  /** One fed video access unit (Annex B, decode order). */
  video(pts90k: number, data: Uint8Array): void {
    const codec = this.#codec;
    const pairs: Partial<Record<1 | 2, Cea608Pair[]>> = {};
    for (const { track, writer } of this.#burnedIn) {
      const field = track.field;
      pairs[field] ??= codec ? cea608PairsOfAccessUnit(codec, data, field) : [];
      track.pushPicture(pts90k, pairs[field]);
      writer.show(burnInText(track.showing?.lines ?? []));
    }
  }

  /** Empties the text files; idempotent. */
  close(): void {
    for (const { writer } of this.#burnedIn) writer.close();
  }
}
