// What the output shows instead of the program, from the splice points landing on the fed
// pictures (splice-points.ts), as MediaLive's availBlanking and blackoutSlate do:
//   - a restricted avail (avail-decision.ts: a followed restriction flag is 0, or both are
//     absent) is blanked from its start picture to its end picture with the avail blanking image
//     (black when none) and silence; an unrestricted avail is not, and a new avail ends the one
//     running, blanked or not;
//   - a blackout (program, chapter, unscheduled event, network end) shows the blackout slate
//     image (network end: the network end blackout image), black when none, until an end of
//     equal or greater strength (nextBlackoutState); a blackout wins over an avail.
// Pure: points in, the slate in force out.

import { BlackoutEvents, nextBlackoutState, type BlackoutState } from "../../media/scte35/avail-decision.ts";
import type { SplicePoint } from "./splice-points.ts";

export const Slates = { AVAIL: "AVAIL", BLACKOUT: "BLACKOUT", NETWORK_END: "NETWORK_END" } as const;
export type Slate = (typeof Slates)[keyof typeof Slates];

export interface BlankingSettings {
  /** availBlanking.state ENABLED. */
  readonly availBlanking: boolean;
  /** blackoutSlate.state ENABLED. */
  readonly blackout: boolean;
}

export class BlankingState {
  readonly #settings: BlankingSettings;
  /** The event id of the blanked avail running; null when none. */
  #avail: number | null = null;
  #blackout: BlackoutState = null;

  constructor(settings: BlankingSettings) {
    this.#settings = settings;
  }

  /** The points landing on one picture, in order. */
  land(points: readonly SplicePoint[]): void {
    for (const point of points) {
      if (point.blackout !== undefined) {
        if (this.#settings.blackout) this.#blackout = nextBlackoutState(this.#blackout, { action: point.action, event: point.blackout, pts90k: null, segmentationEventId: point.eventId });
      } else if (point.action === "start") this.#avail = point.blank && this.#settings.availBlanking ? point.eventId : null;
      else if (point.eventId === this.#avail) this.#avail = null;
    }
  }

  /** The slate in force after the points landed so far; null: the program. */
  get slate(): Slate | null {
    if (this.#blackout) return this.#blackout.event === BlackoutEvents.NETWORK ? Slates.NETWORK_END : Slates.BLACKOUT;
    return this.#avail === null ? null : Slates.AVAIL;
  }
}
