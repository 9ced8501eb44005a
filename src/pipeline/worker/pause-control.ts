// The schedule's pause action in one pipeline (pauseStateSettings: the pipelines listed are
// paused, every other one runs). Pausing holds the program timeline at once on the last fed
// keyframe, then on the last fed picture once it is encoded (program/pause-picture.ts), with
// silence; resuming lets the input back in at its next keyframe. The encoder keeps running.

import type { Logger } from "pino";
import { pausedPipelines } from "../../domain/channels/schedule-metadata-rules.ts";
import { FedGop, makePausePicture } from "../program/pause-picture.ts";
import type { ProgramLayout } from "../program/program-layout.ts";
import type { ProgramTimeline } from "../program/program-timeline.ts";
import type { ScheduledAction } from "../switching/schedule-executor.ts";

export interface PauseControlOptions {
  readonly pipelineIndex: 0 | 1;
  readonly workDir: string;
  readonly logger: Logger;
}

export class PauseControl {
  readonly #options: PauseControlOptions;
  readonly #gop = new FedGop();
  /** Counts pause and resume actions: a picture made for an earlier pause is not applied. */
  #generation = 0;

  constructor(options: PauseControlOptions) {
    this.#options = options;
  }

  static handles(action: ScheduledAction): boolean {
    return action.type === "pauseStateSettings";
  }

  /** A video picture the encoder was fed. */
  fed(data: Uint8Array, keyframe: boolean): void {
    this.#gop.picture(data, keyframe);
  }

  apply(action: ScheduledAction, timeline: ProgramTimeline | undefined, layout: ProgramLayout | undefined, nowMs: number): void {
    if (!timeline) return;
    const pause = pausedPipelines(action.settings).has(this.#options.pipelineIndex);
    const generation = ++this.#generation;
    const { logger } = this.#options;
    if (!pause) {
      if (timeline.held) logger.info({ actionName: action.actionName }, "schedule: pipeline resumed");
      timeline.resume(nowMs);
      return;
    }
    if (timeline.held) return;
    logger.info({ actionName: action.actionName }, "schedule: pipeline paused");
    timeline.hold();
    if (!layout) return;
    makePausePicture({ layout, gop: this.#gop.snapshot(), workDir: this.#options.workDir }).then(
      (picture) => {
        if (generation === this.#generation && timeline.held) timeline.hold(picture);
      },
      (error: Error) => logger.warn({ err: error }, "the pause picture cannot be made; the pause shows the last keyframe"),
    );
  }
}
