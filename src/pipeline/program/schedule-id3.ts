// The schedule's ID3 actions, written into the fed MPEG-TS on the timed-metadata streams
// (output/encoder/timed-metadata-feeds.ts) so that the encoder copies them into the HLS
// segments, each as one PES with the PTS of the picture it goes with:
// - hlsTimedMetadataSettings: its tag once, with the first picture fed at or after the
//   action fell due, on every stream that passes timed metadata through;
// - hlsId3SegmentTaggingSettings: from the next segment on, its tag (a TXXX frame holding
//   `tag` with its variable data resolved for the segment, output/hls/tag-variables.ts, or the
//   base64 `id3` as given) with the first picture of every segment, until
//   another tagging action replaces it. The segments are the encoder's grid: it forces a
//   keyframe at every multiple of the segment length (output/encoder/gop-alignment.ts), and
//   the HLS muxer cuts there. ffmpeg counts that time from the input's start time, the
//   earliest timestamp of any stream it is fed (audio locked to a live input usually starts
//   a few hundred milliseconds before the first picture), so every fed unit is observed.
// The CMAF Ingest actions (timedMetadataSettings, id3SegmentTaggingSettings) are the same on
// the carriages that take them (cmafActions: a CMAF Ingest group's ID3 track, whose tags ride
// on the pictures as ID3 marks, pipeline/program/id3-marks.ts), its segments being the
// group's. Pure.

import { id3Tag } from "../../media/id3/id3-tag.ts";
import type { TimedMetadataFeed } from "../../output/encoder/timed-metadata-feeds.ts";
import { resolveTagVariables, type TaggedSegment } from "../../output/hls/tag-variables.ts";
import type { ScheduledAction } from "../switching/schedule-executor.ts";
import { fedTimedMetadataPayload, type TimedMetadataUnit } from "./timed-metadata-clock.ts";

const TICKS_PER_SEC = 90_000;
/** As gop-alignment.ts: a picture within a millisecond of a boundary starts the segment. */
const BOUNDARY_EPSILON_90K = 90;

export const SCHEDULE_ID3_ACTIONS = ["hlsTimedMetadataSettings", "hlsId3SegmentTaggingSettings", "timedMetadataSettings", "id3SegmentTaggingSettings"] as const;

/** The CMAF Ingest forms of the actions, taken by carriages with cmafActions. */
const CMAF_ACTIONS: ReadonlySet<string> = new Set(["timedMetadataSettings", "id3SegmentTaggingSettings"]);

/** A TXXX frame (ID3v2.4 frames §4.2.6): UTF-8, an empty description, the value. */
export function txxxTag(value: string): Uint8Array {
  const text = new TextEncoder().encode(value);
  const body = new Uint8Array(2 + text.length);
  body[0] = 0x03;
  body.set(text, 2);
  return id3Tag("TXXX", body);
}

export class ScheduleId3 {
  readonly #feeds: readonly TimedMetadataFeed[];
  #oneTime: { readonly tag: Uint8Array; readonly cmaf: boolean }[] = [];
  /** The segment tag action of the HLS actions and of the CMAF Ingest actions (its tag made per segment). */
  readonly #segmentTags: { hls?: Readonly<Record<string, unknown>>; cmaf?: Readonly<Record<string, unknown>> } = {};
  /** The earliest timestamp fed to this encoder: its segment grid counts from it. */
  #origin90k: number | undefined;
  /** Per feed, the last segment index tagged. */
  readonly #lastSegment: (number | undefined)[];

  constructor(feeds: readonly TimedMetadataFeed[]) {
    this.#feeds = feeds;
    this.#lastSegment = feeds.map(() => undefined);
  }

  /** Whether this handles the action's type. */
  static handles(action: ScheduledAction): boolean {
    return (SCHEDULE_ID3_ACTIONS as readonly string[]).includes(action.type);
  }

  /** A new encoder starts: its segment grid starts with its first picture. */
  restart(): void {
    this.#origin90k = undefined;
    this.#lastSegment.fill(undefined);
  }

  /** An ID3 action fell due. */
  action(action: ScheduledAction): void {
    const tag = tagOf(action.settings);
    if (!tag) return;
    const cmaf = CMAF_ACTIONS.has(action.type);
    if (action.type === "hlsTimedMetadataSettings" || action.type === "timedMetadataSettings") this.#oneTime.push({ tag, cmaf });
    else if (cmaf) this.#segmentTags.cmaf = action.settings;
    else this.#segmentTags.hls = action.settings;
  }

  /** A unit (audio or video) fed to the encoder. */
  observe(pts90k: number): void {
    if (this.#origin90k === undefined || pts90k < this.#origin90k) this.#origin90k = pts90k;
  }

  /**
   * The ID3 PES that go with a picture at `pts90k` (program clock, never backwards but after a
   * restart), fed at `nowMs` (wall clock: a segment tag's date; without it, tags as written).
   */
  picture(pts90k: number, nowMs?: number): TimedMetadataUnit[] {
    this.observe(pts90k);
    const units: TimedMetadataUnit[] = [];
    const oneTime = this.#oneTime;
    this.#oneTime = [];
    this.#feeds.forEach((feed, i) => {
      const cmaf = feed.cmafActions === true;
      if (feed.passthrough) for (const once of oneTime) if (once.cmaf === cmaf) units.push({ pid: feed.pid, pts90k, data: fedTimedMetadataPayload(once.tag), tag: once.tag });
      if (feed.segmentTaggingSec === undefined) return;
      const index = Math.floor((pts90k - this.#origin90k! + BOUNDARY_EPSILON_90K) / (feed.segmentTaggingSec * TICKS_PER_SEC));
      const last = this.#lastSegment[i];
      this.#lastSegment[i] = index;
      // The first picture the grid sees is mid-segment unless it is the encoder's first.
      if (last === undefined ? pts90k !== this.#origin90k : index === last) return;
      const action = cmaf ? this.#segmentTags.cmaf : this.#segmentTags.hls;
      const segmentTag = action && tagOf(action, nowMs === undefined ? undefined : { utcMs: nowMs, sequenceNumber: index + 1 });
      if (segmentTag) units.push({ pid: feed.pid, pts90k, data: fedTimedMetadataPayload(segmentTag), tag: segmentTag });
    });
    return units;
  }
}

/** The action's tag; a `tag` with its variable data resolved for `segment` when given. */
function tagOf(settings: Readonly<Record<string, unknown>>, segment?: TaggedSegment): Uint8Array | undefined {
  // The schedule accepted only whole base64 ID3 tags.
  if (typeof settings.id3 === "string") return new Uint8Array(Buffer.from(settings.id3, "base64"));
  if (typeof settings.tag === "string") return txxxTag(segment ? resolveTagVariables(settings.tag, segment) : settings.tag);
  return undefined;
}
