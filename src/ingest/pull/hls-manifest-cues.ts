// SCTE-35 of a pulled HLS stream read from its media playlist (`hlsInputSettings.scte35Source`
// MANIFEST): the cue tags of each segment taken (media/scte35/hls-cue-tags.ts) become
// splice_info_sections (ANSI/SCTE 35 2023 §9.6) whose splice lands on the first picture of that
// segment, on the segments' own clock — what a SCTE-35 PID inside the segments would have
// carried, so the pipeline reads them the same way.
//
// As the MediaLive User Guide describes it (SCTE 35 source: segments or manifest): each
// EXT-X-CUE-OUT becomes a splice_insert out of the network, splice_event_id counting from 1,
// with its duration as break_duration (auto_return: the EXT-X-CUE-IN is optional); EXT-X-CUE-IN
// a splice_insert back into the network for the running event. A tag that carries the message
// itself (EXT-OATCLS-SCTE35 before EXT-X-CUE-OUT, EXT-X-DATERANGE SCTE35-OUT/IN/CMD per RFC 8216
// §4.3.2.7.1, EXT-X-SCTE35) passes that message, its splice time moved onto the segment's first
// picture with pts_adjustment. A continuation tag (EXT-X-CUE-OUT-CONT) only matters when the
// client joined in the middle of a break: it starts the break for what remains of it. Pure:
// signals, durations and PTS in, sections out.

import type { ManifestSignal } from "../../media/scte35/hls-cue-tags.ts";
import { readManifestSignals } from "../../media/scte35/hls-cue-tags.ts";
import { TsDemuxer } from "../../media/mpegts/ts-demuxer.ts";
import { rebaseSpliceSection } from "../../media/scte35/splice-rebase.ts";
import { wrap33 } from "../../media/scte35/splice-pts.ts";
import { writeSpliceInfoSection } from "../../media/scte35/splice-writer.ts";
import { programSpliceInsertSection, SpliceEventIds } from "../../media/scte35/program-splice-insert.ts";

const TICKS_PER_SECOND = 90_000;
/** Bytes of a segment searched for its first picture (a few hundred packets hold the first PES). */
const FIRST_PICTURE_SCAN_BYTES = 512 * 1024;

/** The signals of a playlist by the media sequence number of the segment they precede. */
export function manifestSignalsBySequence(playlistText: string): Map<number, ManifestSignal[]> {
  const bySequence = new Map<number, ManifestSignal[]>();
  for (const signal of readManifestSignals(playlistText)) {
    const list = bySequence.get(signal.mediaSequence) ?? [];
    list.push(signal);
    bySequence.set(signal.mediaSequence, list);
  }
  return bySequence;
}

/** The PTS of a segment's first video picture (of its first PES when it has no video); null when none is found. */
export function firstPicturePts90k(segment: Uint8Array): number | null {
  const demuxer = new TsDemuxer();
  let firstAny: number | null = null;
  const scan = segment.subarray(0, Math.min(segment.length, FIRST_PICTURE_SCAN_BYTES));
  for (let offset = 0; offset < scan.length; offset += 188 * 64) {
    for (const event of demuxer.push(scan.subarray(offset, offset + 188 * 64), 0)) {
      if (event.type !== "pes" || event.pes.pts90k === null) continue;
      if (event.pes.kind === "video") return wrap33(event.pes.pts90k);
      firstAny ??= wrap33(event.pes.pts90k);
    }
  }
  return firstAny;
}

function ticks(seconds: number | null): number | null {
  return seconds === null || seconds <= 0 ? null : Math.round(seconds * TICKS_PER_SECOND);
}

interface OpenBreak {
  readonly eventId: number;
  /** Media seconds (of the segments taken) at which its declared duration runs out; null: none declared. */
  readonly endsAtSeconds: number | null;
}

export class ManifestCues {
  readonly #eventIds = new SpliceEventIds();
  #open: OpenBreak | null = null;
  /** Media seconds of the segments taken so far. */
  #playedSeconds = 0;

  /**
   * The sections a segment's tags announce, its splice on its first picture (`firstPts90k`;
   * null when unknown: the splice is immediate). Call once per segment taken, in order.
   */
  segment(signals: readonly ManifestSignal[], durationSeconds: number, firstPts90k: number | null): Uint8Array[] {
    const startSeconds = this.#playedSeconds;
    this.#playedSeconds += Math.max(0, durationSeconds);
    if (this.#open?.endsAtSeconds != null && startSeconds >= this.#open.endsAtSeconds) this.#open = null;
    const sections: Uint8Array[] = [];
    for (const signal of signals) {
      const section = this.#signal(signal, startSeconds, firstPts90k);
      if (section) sections.push(section);
    }
    return sections;
  }

  #signal(signal: ManifestSignal, startSeconds: number, firstPts90k: number | null): Uint8Array | null {
    const continuation = signal.elapsedSeconds !== null || signal.tag === "#EXT-X-CUE-OUT-CONT";
    // A continuation of a break already running says nothing new.
    if (continuation && this.#open) return null;
    if (signal.section) return this.#carried(signal, startSeconds, firstPts90k);
    if (signal.kind === "in") return this.#end(firstPts90k);
    if (signal.kind !== "out") return null;
    const remaining = signal.durationSeconds === null ? null : signal.durationSeconds - (signal.elapsedSeconds ?? 0);
    if (remaining !== null && remaining <= 0) return null;
    const eventId = this.#eventIds.take();
    this.#open = { eventId, endsAtSeconds: remaining === null ? null : startSeconds + remaining };
    return programSpliceInsertSection(eventId, true, firstPts90k, ticks(remaining));
  }

  /** A message the tag carries: passed as it is, its splice moved onto the segment's first picture. */
  #carried(signal: ManifestSignal, startSeconds: number, firstPts90k: number | null): Uint8Array | null {
    const section = signal.section!;
    if (section.encryptedPacket) return null;
    const bytes = writeSpliceInfoSection(section);
    if (signal.kind === "out") this.#open = { eventId: -1, endsAtSeconds: signal.durationSeconds === null ? null : startSeconds + signal.durationSeconds };
    else if (signal.kind === "in") this.#open = null;
    return firstPts90k === null ? bytes : rebaseSpliceSection(bytes, firstPts90k);
  }

  #end(firstPts90k: number | null): Uint8Array {
    // A return naming no running break still ends the latest one (the pipeline ends the latest avail).
    const eventId = this.#open && this.#open.eventId >= 0 ? this.#open.eventId : this.#eventIds.last;
    this.#open = null;
    return programSpliceInsertSection(eventId, false, firstPts90k, null);
  }
}
