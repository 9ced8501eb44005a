// The last group of pictures of one input, kept while the input is on standby so a switch
// to it needs neither a reconnect nor a wait for its next keyframe (docs/failover.md):
// the switch replays from the buffered keyframe, each unit with its own arrival time, so the
// program timeline maps it where it would have been had it been on air all along.
//
// Pure: units and their arrival times in; no timers. Bounded: a source whose keyframes are
// further apart than `maxAgeMs` (or that sends no keyframe at all) keeps nothing older.
//
//   units:  [K v v v a v a v …]      K = the last video keyframe of the chosen video track
//            ^ replay starts here     everything after it, audio interleaved in arrival order

import type { AccessUnit } from "../../media/types.ts";

export interface BufferedUnit {
  readonly unit: AccessUnit;
  readonly arrivalMs: number;
}

export interface GopBufferOptions {
  /** Units older than this (relative to the newest) are dropped, and with them the keyframe. */
  readonly maxAgeMs?: number;
  /** A hard bound on the units kept (a GOP of ten seconds at 60 fps with audio is ~1500). */
  readonly maxUnits?: number;
}

export class GopBuffer {
  readonly #maxAgeMs: number;
  readonly #maxUnits: number;
  #units: BufferedUnit[] = [];

  constructor(options: GopBufferOptions = {}) {
    this.#maxAgeMs = options.maxAgeMs ?? 5_000;
    this.#maxUnits = options.maxUnits ?? 2_000;
  }

  /** `videoTrackId`: the video track the program follows; other video tracks are not kept. */
  push(unit: AccessUnit, arrivalMs: number, videoTrackId: number | undefined): void {
    if (unit.kind === "video") {
      if (unit.trackId !== videoTrackId) return;
      if (unit.keyframe) this.#units = [];
      else if (this.#units.length === 0) return;
    } else if (this.#units.length === 0) return;
    this.#units.push({ unit, arrivalMs });
    const first = this.#units[0]!;
    if (this.#units.length > this.#maxUnits || arrivalMs - first.arrivalMs > this.#maxAgeMs) this.#units = [];
  }

  /** Arrival time of the buffered keyframe, if there is one. */
  get keyframeArrivalMs(): number | undefined {
    return this.#units[0]?.arrivalMs;
  }

  /** The buffered keyframe and everything after it, oldest first. */
  units(): readonly BufferedUnit[] {
    return this.#units;
  }

  clear(): void {
    this.#units = [];
  }
}
