// When the pipeline writes the ID3 timed metadata of each fed timed-metadata stream
// (output/encoder/timed-metadata-feeds.ts): the first tag with the first picture the encoder
// is fed, then one every period of the program clock, each stamped with the UTC time of the
// picture it accompanies (the time the picture was fed, carried forward on the program
// clock). Pure: pictures' timestamps and the wall clock come in, tags go out.

import { timestampTag } from "../../media/id3/timestamp-tags.ts";
import { StreamTypes } from "../../media/mpegts/constants.ts";
import type { TsMuxerStream } from "../../media/mpegts/ts-muxer.ts";
import type { TimedMetadataFeed } from "../../output/encoder/timed-metadata-feeds.ts";

const TICKS_PER_SEC = 90_000;
const ID3 = [0x49, 0x44, 0x33, 0x20];

/**
 * The PMT entry of a timed-metadata stream ("Timed Metadata for HTTP Live Streaming" §2):
 * stream_type 0x15 with a metadata_descriptor (ISO/IEC 13818-1 §2.6.60: application format
 * 0xFFFF 'ID3 ', format 0xFF 'ID3 ', service 0, no decoder config). A registration
 * descriptor 'ID3 ' (§2.6.8) comes first: ffmpeg 5.1's demuxer recognises the stream by it.
 */
export function timedMetadataStream(pid: number): TsMuxerStream {
  const registration = [0x05, 4, ...ID3];
  const metadata = [0x26, 15, 0xff, 0xff, ...ID3, 0xff, ...ID3, 0x00, 0x0f];
  return { pid, streamType: StreamTypes.METADATA_PES, descriptors: new Uint8Array([...registration, ...metadata]), streamId: 0xbd };
}

/**
 * ffmpeg 5.1's MPEG-TS demuxer drops the first 5 bytes of every stream_type 0x15 PES payload,
 * taking them for the metadata access unit cell header of §2.12.4 whatever the stream_id; a
 * cell header (service 0, one complete cell, random access) is written before the tag so
 * that the tag reaches the encoder's outputs whole.
 */
export function fedTimedMetadataPayload(tag: Uint8Array): Uint8Array {
  const payload = new Uint8Array(5 + tag.length);
  payload.set([0x00, 0x00, 0xdf, (tag.length >> 8) & 0xff, tag.length & 0xff], 0);
  payload.set(tag, 5);
  return payload;
}

export interface TimedMetadataUnit {
  readonly pid: number;
  readonly pts90k: number;
  /** The PES payload fed (fedTimedMetadataPayload). */
  readonly data: Uint8Array;
  /** The ID3 tag itself. */
  readonly tag: Uint8Array;
}

export class TimedMetadataClock {
  readonly #feeds: readonly TimedMetadataFeed[];
  #anchor: { pts90k: number; utcMs: number } | undefined;
  readonly #next90k: (number | undefined)[];

  constructor(feeds: readonly TimedMetadataFeed[]) {
    this.#feeds = feeds;
    this.#next90k = feeds.map(() => undefined);
  }

  get empty(): boolean {
    return this.#feeds.length === 0;
  }

  /** A new encoder starts: its first picture gets the first tags again, as MediaLive restarts insertion. */
  restart(): void {
    this.#anchor = undefined;
    this.#next90k.fill(undefined);
  }

  /** The tags due with a picture at `pts90k` fed at `nowMs` (wall clock, ms since the epoch). */
  picture(pts90k: number, nowMs: number): TimedMetadataUnit[] {
    if (this.#feeds.length === 0) return [];
    // The program clock never runs backwards; a jump back (a new timeline) re-anchors.
    if (!this.#anchor || pts90k < this.#anchor.pts90k) this.#anchor = { pts90k, utcMs: nowMs };
    const utcMs = this.#anchor.utcMs + (pts90k - this.#anchor.pts90k) / 90;
    const units: TimedMetadataUnit[] = [];
    this.#feeds.forEach((feed, i) => {
      if (feed.frame === undefined || feed.periodSec === undefined) return;
      const next = this.#next90k[i];
      if (next !== undefined && pts90k < next && next - pts90k <= feed.periodSec * TICKS_PER_SEC) return;
      const tag = timestampTag(feed.frame, utcMs);
      units.push({ pid: feed.pid, pts90k, data: fedTimedMetadataPayload(tag), tag });
      // Periods count from the previous tag, or from this picture after a gap longer than a period.
      this.#next90k[i] = next !== undefined && pts90k - next < feed.periodSec * TICKS_PER_SEC ? next + feed.periodSec * TICKS_PER_SEC : pts90k + feed.periodSec * TICKS_PER_SEC;
    });
    return units;
  }
}
