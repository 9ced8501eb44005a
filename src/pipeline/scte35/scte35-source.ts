// Which input's SCTE-35 a pipeline reads (the schedule's scte35InputSettings): FOLLOW_ACTIVE
// (MediaLive's default) reads the input on air; FIXED reads the named input attachment's
// whether it is on air or not — a channel switched to a filler input keeps the avails of the
// live feed it left, as long as that input is still being received. Pure.

import type { Scte35InputScheduleActionSettings } from "../../model/generated/medialive-types.ts";

export class Scte35Source {
  /** The fixed attachment's name; null: follow the input on air. */
  #fixed: string | null = null;

  select(settings: Scte35InputScheduleActionSettings): void {
    this.#fixed = settings.mode === "FIXED" && settings.inputAttachmentNameReference ? settings.inputAttachmentNameReference : null;
  }

  /** Whether a message from `attachmentName` is read. */
  reads(attachmentName: string, onAir: boolean): boolean {
    return this.#fixed === null ? onAir : attachmentName === this.#fixed;
  }
}
