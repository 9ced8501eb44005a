// The ID3 of a channel's fMP4 outputs, as ID3 marks on the fed pictures (media/id3/id3-mark-sei.ts).
//
// Why marks: ffmpeg's mp4 muxer drops the timed-metadata stream the MPEG-TS outputs get their
// ID3 from (timed-metadata-clock.ts), and the encoder re-times what it is fed (its fps filter
// repeats and drops pictures, output-locked runs re-base the clock), so the time a tag was fed
// at is not known on the outputs' timeline. A mark in the picture's own access unit survives
// the encode on that picture (udu_sei), and the output reads the tag from the picture it lands
// in, at that picture's presentation time: exact whatever the encoder did in between.
//
// Each carriage (output/encoder/timed-metadata-feeds.ts, id3MarkCarriages) gets the same tags
// a timed-metadata stream of its kind would: the timestamps of its frame and period, the
// schedule's one-time and segment tags of its action family. A tag several carriages take is
// one mark naming them all. Pure: pictures' timestamps, the wall clock and actions in, marks out.

import type { Id3Mark } from "../../media/id3/id3-mark-sei.ts";
import { id3CarriageKey, type FeedKind } from "../../output/encoder/timed-metadata-feeds.ts";
import type { ScheduledAction } from "../switching/schedule-executor.ts";
import { ScheduleId3 } from "./schedule-id3.ts";
import { TimedMetadataClock } from "./timed-metadata-clock.ts";

export class Id3PictureMarks {
  readonly #keys: readonly string[];
  readonly #clock: TimedMetadataClock;
  readonly #schedule: ScheduleId3;
  #nextMarkId = 1;

  constructor(carriages: readonly FeedKind[]) {
    this.#keys = carriages.map(id3CarriageKey);
    // The clock and the schedule name a stream by its `pid`: here the carriage's index.
    const feeds = carriages.map((kind, index) => ({ ...kind, pid: index }));
    this.#clock = new TimedMetadataClock(feeds);
    this.#schedule = new ScheduleId3(feeds);
  }

  get empty(): boolean {
    return this.#keys.length === 0;
  }

  /** A new encoder starts: first tags and the segment grid again, as for the timed-metadata streams. */
  restart(): void {
    this.#clock.restart();
    this.#schedule.restart();
  }

  /** An ID3 action fell due. */
  action(action: ScheduledAction): void {
    this.#schedule.action(action);
  }

  /** A unit (audio or video) fed to the encoder. */
  observe(pts90k: number): void {
    this.#schedule.observe(pts90k);
  }

  /** The marks that go into the picture fed at `pts90k` at `nowMs` (wall clock): one per distinct tag. */
  picture(pts90k: number, nowMs: number): Id3Mark[] {
    if (this.#keys.length === 0) return [];
    const units = [...this.#clock.picture(pts90k, nowMs), ...this.#schedule.picture(pts90k, nowMs)];
    const byTag = new Map<string, { tag: Uint8Array; carriers: string[] }>();
    for (const unit of units) {
      const key = Buffer.from(unit.tag).toString("latin1");
      const entry = byTag.get(key) ?? { tag: unit.tag, carriers: [] };
      const carrier = this.#keys[unit.pid]!;
      if (!entry.carriers.includes(carrier)) entry.carriers.push(carrier);
      byTag.set(key, entry);
    }
    return [...byTag.values()].map(({ tag, carriers }) => {
      const markId = this.#nextMarkId;
      this.#nextMarkId = markId >= 0xffff_ffff ? 1 : markId + 1;
      return { markId, carriers, tag };
    });
  }
}
