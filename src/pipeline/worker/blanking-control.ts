// availBlanking and blackoutSlate in one pipeline: the slate images are loaded once (a local
// file in an input root, or downloaded: slate.ts) and encoded for the fed layout (one
// all-intra picture each, fill-pictures.ts; black where no image is given, as MediaLive does);
// then every fed unit passes through BlankedProgram with the slate the avail feed decided for
// it. Until the pictures are made (at start, after a re-layout) the program passes unchanged.

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { InputLocation } from "../../model/generated/medialive-types.ts";
import { AlertCatalogue } from "../../shared/alerts.ts";
import { BlankedProgram } from "../program/blanked-program.ts";
import { makeFillPictures } from "../program/fill-pictures.ts";
import type { ProgramLayout } from "../program/program-layout.ts";
import type { ProgramUnit } from "../program/program-timeline.ts";
import { channelBlanks } from "../scte35/avail-feed.ts";
import { Slates, type Slate } from "../scte35/blanking-state.ts";
import { loadSlate, type ImageControlOptions } from "./slate.ts";

export type BlankingControlOptions = ImageControlOptions;

/** The image of each slate (undefined: black), as the channel names them. */
function slateImages(config: ChannelConfig): Record<Slate, InputLocation | undefined> {
  const settings = config.encoderSettings;
  return {
    [Slates.AVAIL]: settings?.availBlanking?.availBlankingImage,
    [Slates.BLACKOUT]: settings?.blackoutSlate?.blackoutSlateImage,
    [Slates.NETWORK_END]: settings?.blackoutSlate?.networkEndBlackoutImage,
  };
}

const FILE_STEMS: Record<Slate, string> = { AVAIL: "avail-blanking", BLACKOUT: "blackout-slate", NETWORK_END: "network-end-blackout" };

export class BlankingControl {
  readonly #options: BlankingControlOptions;
  /** Local image files, loaded once (undefined: black; "" could not be read: black). */
  #files: Partial<Record<Slate, string>> | undefined;
  #program: BlankedProgram<Slate> | undefined;
  #layout: ProgramLayout | undefined;

  private constructor(options: BlankingControlOptions) {
    this.#options = options;
  }

  /** A control when the channel blanks avails or shows blackouts; undefined otherwise. */
  static create(options: BlankingControlOptions): BlankingControl | undefined {
    return channelBlanks(options.config) ? new BlankingControl(options) : undefined;
  }

  /** Makes the slate pictures for `layout` (the program passes unchanged until they exist). */
  async prepare(layout: ProgramLayout): Promise<void> {
    this.#layout = layout;
    this.#program = undefined;
    try {
      const files = (this.#files ??= await this.#loadImages());
      const slates = Object.values(Slates);
      // One run for black and the silence, one more per image given.
      const [base, ...images] = await Promise.all([makeFillPictures({ layout }), ...slates.map((slate) => (files[slate] ? makeFillPictures({ layout, slateFile: files[slate] }) : undefined))]);
      if (this.#layout !== layout) return;
      const pictures = Object.fromEntries(slates.map((slate, i) => [slate, images[i]?.image ?? base.black])) as Record<Slate, Uint8Array>;
      this.#program = new BlankedProgram({ pictures, silence: base.silence }, layout);
    } catch (error) {
      this.#options.logger.error({ err: error }, "the avail blanking and blackout pictures cannot be made: avails and blackouts are not blanked");
    }
  }

  async #loadImages(): Promise<Partial<Record<Slate, string>>> {
    const { workDir, resolveSecret, inputRoots } = this.#options;
    const files: Partial<Record<Slate, string>> = {};
    for (const [slate, location] of Object.entries(slateImages(this.#options.config)) as [Slate, InputLocation | undefined][]) {
      if (!location?.uri) continue;
      files[slate] = await loadSlate(location, workDir, resolveSecret, inputRoots, FILE_STEMS[slate], this.#options.objectStores).catch((error: Error) => {
        this.#options.alert({ alertType: AlertCatalogue.SLATE_MISSING.alertType, message: `the ${FILE_STEMS[slate]} image cannot be read (black is shown instead): ${error.message}`, state: "SET", atMs: Date.now() });
        return "";
      });
    }
    return files;
  }

  /** A unit about to be fed, with the slate in force (null: the program). */
  unit(unit: ProgramUnit, slate: Slate | null): ProgramUnit {
    const program = this.#program;
    if (!program) return unit;
    return unit.track === "video" ? program.video(unit, slate) : program.audio(unit);
  }
}
