// The two sources of a STANDARD input must be identical (MediaLive's redundant inputs): each
// time either pipeline reports what it detected on its source, the two latest reports are
// compared. A difference counts once it persists (a source that just (re)started has a short
// bitrate window and no picture size yet), and so does a change in what differs: the alert then
// names the differences seen last (values alone changing do not rewrite it).

import type { DetectedInputProperties } from "../domain/channels/channel-runtime-port.ts";
import { redundantSourceDifferences, redundantSourcesFinding } from "../ingest/monitor/source-checks.ts";

/** Consecutive comparisons (one per pipeline report, about 2 a second) before the alert sets, is revised or clears. */
export const REDUNDANCY_PERSISTENCE = 10;
/** Reports further apart than this describe different moments and are not compared. */
const COMPARABLE_WITHIN_MS = 5_000;

/** What the Redundant Sources Differ alert of an input should do after a comparison. */
export interface RedundancyVerdict {
  readonly action: "set" | "revise" | "clear";
  readonly message: string;
}

interface Tracked {
  /** Consecutive comparisons that found a difference, and that found none. */
  differ: number;
  match: number;
  /** Consecutive comparisons whose set of differing aspects is not the one the SET alert names. */
  revise: number;
  /** The differing aspects the SET alert names; undefined while none is SET. */
  setAspects: string | undefined;
}

export class RedundantSourcesWatch {
  readonly #tracked = new Map<string, Tracked>();

  /** Compares pipeline 0's and pipeline 1's latest reports on an input; a verdict when the alert changes. */
  compare(inputId: string, first: DetectedInputProperties | undefined, second: DetectedInputProperties | undefined): RedundancyVerdict | undefined {
    if (!first || !second || Math.abs(first.atMs - second.atMs) > COMPARABLE_WITHIN_MS) return undefined;
    const differences = redundantSourceDifferences(first.streamInfo, second.streamInfo);
    const finding = redundantSourcesFinding(differences)[0];
    const aspects = differences.map((d) => d.aspect).join(",");
    const tracked = this.#tracked.get(inputId) ?? { differ: 0, match: 0, revise: 0, setAspects: undefined };
    this.#tracked.set(inputId, tracked);
    tracked.differ = finding ? tracked.differ + 1 : 0;
    tracked.match = finding ? 0 : tracked.match + 1;
    if (finding && tracked.setAspects === undefined && tracked.differ >= REDUNDANCY_PERSISTENCE) {
      tracked.setAspects = aspects;
      return { action: "set", message: `input ${inputId}: ${finding.message}` };
    }
    if (finding && tracked.setAspects !== undefined) {
      tracked.revise = aspects === tracked.setAspects ? 0 : tracked.revise + 1;
      if (tracked.revise < REDUNDANCY_PERSISTENCE) return undefined;
      tracked.setAspects = aspects;
      tracked.revise = 0;
      return { action: "revise", message: `input ${inputId}: ${finding.message}` };
    }
    if (!finding && tracked.setAspects !== undefined && tracked.match >= REDUNDANCY_PERSISTENCE) {
      tracked.setAspects = undefined;
      tracked.revise = 0;
      return { action: "clear", message: `input ${inputId}: the two sources match` };
    }
    return undefined;
  }

  /** Nothing reads the input any more: the next start compares its sources afresh. */
  forget(inputId: string): void {
    this.#tracked.delete(inputId);
  }
}
