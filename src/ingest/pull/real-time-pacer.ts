// Spreads HLS segments over their playback time so the pipeline receives MPEG-TS at real
// time: a segment of EXTINF d seconds goes out in 188-byte-aligned slices over d seconds,
// never as a burst of everything downloaded (a buffer of 3 segments would otherwise arrive
// as 18 s of media at once). When the buffer runs dry the clock stops and restarts with the
// next segment, so a late segment is never "caught up" in a burst either. Only when more
// than `catchUpAboveMs` of media is queued (the origin's clock runs a little fast, or a
// stall ended) does it play 5 % faster until back under. Pure: time is an argument.

import { TS_PACKET_SIZE } from "../../media/mpegts/constants.ts";

export interface RealTimePacerOptions {
  /** Play faster while more than this much media is queued. Default: never. */
  readonly catchUpAboveMs?: number;
  /** An event-loop stall longer than this is not made up for. Default 1000 ms. */
  readonly maxStepMs?: number;
}

const CATCH_UP_RATE = 1.05;

interface QueuedSegment<T> {
  readonly bytes: Uint8Array;
  /** Handed out with the segment's first slice (the cues of the segment, for the HLS client). */
  readonly tag: T | undefined;
  readonly durationMs: number;
  /** Media time already played out of this segment. */
  positionMs: number;
  /** Bytes already handed out. */
  offset: number;
}

/** A slice of a segment; `tag` is set on the first slice of a segment enqueued with one. */
export interface PacedSlice<T> {
  readonly bytes: Uint8Array;
  readonly tag?: T;
}

export class RealTimePacer<T = never> {
  readonly #queue: QueuedSegment<T>[] = [];
  #catchUpAboveMs: number;
  readonly #maxStepMs: number;
  #lastTakeMs: number | undefined;

  constructor(options: RealTimePacerOptions = {}) {
    this.#catchUpAboveMs = options.catchUpAboveMs ?? Number.POSITIVE_INFINITY;
    this.#maxStepMs = options.maxStepMs ?? 1000;
  }

  /** The HLS client learns the target duration only from the first playlist. */
  setCatchUpAboveMs(catchUpAboveMs: number): void {
    this.#catchUpAboveMs = catchUpAboveMs;
  }

  enqueue(bytes: Uint8Array, durationMs: number, tag?: T): void {
    if (bytes.length === 0) return;
    this.#queue.push({ bytes, tag, durationMs: Math.max(1, durationMs), positionMs: 0, offset: 0 });
  }

  /** Media not yet played, in ms. */
  get queuedMs(): number {
    return this.#queue.reduce((sum, segment) => sum + segment.durationMs - segment.positionMs, 0);
  }

  /** Segments not completely handed out. */
  get queuedSegments(): number {
    return this.#queue.length;
  }

  clear(): void {
    this.#queue.length = 0;
    this.#lastTakeMs = undefined;
  }

  /** The bytes due by nowMs, in order (possibly none). */
  take(nowMs: number): Uint8Array[] {
    return this.takeSlices(nowMs).map((slice) => slice.bytes);
  }

  /** The slices due by nowMs, in order, each segment's tag on its first slice. */
  takeSlices(nowMs: number): PacedSlice<T>[] {
    if (this.#queue.length === 0) {
      this.#lastTakeMs = undefined;
      return [];
    }
    const previousMs = this.#lastTakeMs ?? nowMs;
    this.#lastTakeMs = nowMs;
    const rate = this.queuedMs > this.#catchUpAboveMs ? CATCH_UP_RATE : 1;
    let budgetMs = Math.min(Math.max(0, nowMs - previousMs), this.#maxStepMs) * rate;
    const out: PacedSlice<T>[] = [];
    while (budgetMs > 0 && this.#queue.length > 0) {
      const segment = this.#queue[0]!;
      const stepMs = Math.min(budgetMs, segment.durationMs - segment.positionMs);
      segment.positionMs += stepMs;
      budgetMs -= stepMs;
      const end = segment.positionMs >= segment.durationMs ? segment.bytes.length : packetAligned((segment.bytes.length * segment.positionMs) / segment.durationMs);
      if (end > segment.offset) {
        const slice = segment.bytes.subarray(segment.offset, end);
        out.push(segment.offset === 0 && segment.tag !== undefined ? { bytes: slice, tag: segment.tag } : { bytes: slice });
        segment.offset = end;
      }
      if (segment.positionMs >= segment.durationMs) this.#queue.shift();
    }
    if (this.#queue.length === 0) this.#lastTakeMs = undefined;
    return out;
  }
}

function packetAligned(byteCount: number): number {
  return Math.floor(byteCount / TS_PACKET_SIZE) * TS_PACKET_SIZE;
}
