// What each splice mark in the encoded video stands for (media/scte35/splice-mark-sei.ts): the
// pipeline puts a mark on the picture where an avail starts or ends and records it here; the
// HLS outputs find the mark in a segment and look it up to write the ad markers. Both run in
// the pipeline's process, so this is a plain shared object. Old marks are forgotten: a
// playlist window never reaches back further than a few thousand splices.

export interface SpliceMarkRecord {
  readonly markId: number;
  readonly action: "start" | "end";
  /** splice_event_id / segmentation_event_id. */
  readonly eventId: number;
  /** The duration the message declares, in seconds; null when none. */
  readonly durationSec: number | null;
  /** The splice_info_section, for ELEMENTAL_SCTE35. */
  readonly section: Uint8Array;
  readonly upid: Uint8Array | null;
}

const KEPT_MARKS = 4_096;

export class SpliceMarkLog {
  readonly #records = new Map<number, SpliceMarkRecord>();
  #nextId = 1;

  /** Records a mark and returns its id. */
  add(record: Omit<SpliceMarkRecord, "markId">): number {
    const markId = this.#nextId;
    this.#nextId = this.#nextId >= 0xffff_ffff ? 1 : this.#nextId + 1;
    this.#records.set(markId, { ...record, markId });
    if (this.#records.size > KEPT_MARKS) this.#records.delete(this.#records.keys().next().value as number);
    return markId;
  }

  get(markId: number): SpliceMarkRecord | undefined {
    return this.#records.get(markId);
  }
}
