// The output timeline of one pipeline: what the encoder receives, whatever happens
// upstream. Live access units of the active source are rebased onto one continuous
// 90 kHz timeline; while the source is lost (or before it ever arrived) fill pictures
// and silent audio are generated on the same timeline, paced by the wall clock, so the
// encoder never starves and the HLS output never stalls.
//
// Pure: units and the current time in, units out. No timers; the worker calls tick().
//
// Loss sequence (MediaLive `inputLossBehavior`):
//   0 … repeatFrameMs                repeat the last live keyframe picture
//   … + blackFrameMs                 black
//   after that                       the loss image (colour or slate)
// A value of 1_000_000 ms means "forever" (MediaLive's convention).
//
// Pause (the schedule's pauseStateSettings): hold() shows one picture and silence on the same
// clock whatever the input does; after resume() the input comes back at its next keyframe.
//
// Rebasing: when a live source (re)starts, the first unit taken is a video keyframe;
// offset = max(output clock now − its DTS, last DTS + one frame − its DTS,
// last PTS + one frame − its PTS), so timestamps never go backwards and the gap is no
// larger than the loss itself. A jump of the source's own clock by more than
// `relockJump90k` (encoder restart, PCR wrap handled upstream) relocks at the next keyframe.

import { epoch90k, eraBase90k } from "./epoch-clock.ts";

export const FOREVER_MS = 1_000_000;

export type ProgramTrack = "video" | number;

export interface ProgramUnit {
  /** "video", or the index of the output audio track. */
  readonly track: ProgramTrack;
  readonly pts90k: number;
  readonly dts90k: number;
  readonly keyframe: boolean;
  readonly data: Uint8Array;
}

export interface FillPictures {
  /** One all-intra picture (with its parameter sets) per phase. */
  readonly black: Uint8Array;
  readonly image: Uint8Array;
  /** One silent audio frame per output audio track, and its duration. */
  readonly silence: readonly { readonly frame: Uint8Array; readonly frameTicks90k: number }[];
}

export interface ProgramTimelineOptions {
  readonly startMs: number;
  readonly videoFrameTicks90k: number;
  readonly fill: FillPictures;
  /** No live video for this long = input loss. */
  readonly inputLossThresholdMs: number;
  readonly repeatFrameMs: number;
  readonly blackFrameMs: number;
  /** A live audio track that has been silent this long is filled with silence. */
  readonly audioLossThresholdMs?: number;
  readonly relockJump90k?: number;
  /**
   * Output locking: the output clock is the wall clock in epoch 90 kHz ticks (less whole 2^33
   * periods: epoch-clock.ts), never re-anchored on live units, and each encoder run starts at
   * the frame outputFrom() names.
   */
  readonly epochLocked?: boolean;
}

export const FillPhases = { LIVE: "LIVE", REPEAT: "REPEAT", BLACK: "BLACK", IMAGE: "IMAGE", PAUSED: "PAUSED" } as const;
export type FillPhase = (typeof FillPhases)[keyof typeof FillPhases];

/** Timestamps start 10 s in, so B-frame PTS/DTS offsets never go below zero. */
const TIMELINE_ORIGIN_90K = 900_000;

export class ProgramTimeline {
  #options: ProgramTimelineOptions;
  readonly #audioLossMs: number;
  readonly #relockJump90k: number;
  /** Output clock anchor: `anchorDts` was the output DTS at wall time `anchorMs`. */
  #anchorMs: number;
  #anchorDts: number;
  #lastVideoDts: number | undefined;
  #lastVideoPts: number | undefined;
  readonly #lastAudioDts: (number | undefined)[] = [];
  readonly #lastLiveAudioMs: (number | undefined)[] = [];
  #offset90k: number | undefined;
  #lastLiveVideoMs: number | undefined;
  #lossStartedMs: number;
  #lastKeyframe: Uint8Array | undefined;
  #phase: FillPhase = FillPhases.BLACK;
  #fillDelay90k = 0;
  /** The picture shown while paused; undefined when not paused. */
  #held: Uint8Array | undefined;
  /** When resume() was called while paused: the hold ends at the input's next keyframe. */
  #resumedAtMs: number | undefined;
  /** Epoch-locked: the 90 kHz ticks of the whole 2^33 periods taken off the epoch clock. */
  readonly #eraBase90k: number = 0;
  /** Epoch-locked: the output clock's instant of a new encoder run's first frame, until it is sent. */
  #startDts: number | undefined;
  /** The first frame of the last encoder run outputFrom() started. */
  #runStartUnit: ProgramUnit | undefined;

  constructor(options: ProgramTimelineOptions) {
    this.#options = options;
    this.#audioLossMs = options.audioLossThresholdMs ?? 500;
    this.#relockJump90k = options.relockJump90k ?? 2 * 90_000;
    this.#anchorMs = options.startMs;
    this.#anchorDts = TIMELINE_ORIGIN_90K;
    if (options.epochLocked) {
      this.#eraBase90k = eraBase90k(options.startMs);
      this.#anchorDts = epoch90k(options.startMs) - this.#eraBase90k;
    }
    this.#lossStartedMs = options.startMs;
  }

  /** What the output shows now. */
  get phase(): FillPhase {
    return this.#phase;
  }

  /**
   * New fill pictures (the encoder was restarted for a source with other codecs); the
   * last live keyframe is of the old codec, so it is not repeated any more.
   */
  replaceFill(fill: FillPictures, videoFrameTicks90k: number): void {
    this.#options = { ...this.#options, fill, videoFrameTicks90k };
    this.#lastKeyframe = undefined;
    this.#offset90k = undefined;
  }

  /** The output clock at `nowMs`, in 90 kHz ticks. */
  clock90k(nowMs: number): number {
    return this.#anchorDts + Math.max(0, nowMs - this.#anchorMs) * 90;
  }

  /**
   * How much later than its own arrival (ms) a keyframe that arrived at `arrivalMs` would be
   * placed if the timeline locked on it now: zero when nothing after that moment has been
   * output yet (a switch right at the loss declaration), otherwise the stretch it must wait
   * behind so timestamps never go backwards. A switch replays a buffered keyframe only when
   * this is small; the output would otherwise run that far ahead of the wall clock.
   */
  lagIfLockedAt(arrivalMs: number): number {
    if (this.#lastVideoDts === undefined) return 0;
    const arrivalClock90k = this.#anchorDts + (arrivalMs - this.#anchorMs) * 90;
    return Math.max(0, this.#lastVideoDts + this.#options.videoFrameTicks90k - arrivalClock90k) / 90;
  }

  /**
   * The next live unit of another source (a switch) or of the same source after a break
   * must start on a keyframe and is rebased afresh.
   */
  relock(): void {
    this.#offset90k = undefined;
  }

  /**
   * Epoch-locked: a new encoder run starts with a frame at exactly `firstFrame90k` (epoch ticks):
   * nothing goes out before it, then the last live keyframe (or black) is sent at that instant and
   * the input follows from its next keyframe.
   */
  outputFrom(firstFrame90k: number): void {
    this.#startDts = firstFrame90k - this.#eraBase90k;
    this.#offset90k = undefined;
  }

  /** Whether `unit` is the first frame of an epoch-locked run: it goes to the encoder even while the output is paused on loss. */
  startsRun(unit: ProgramUnit): boolean {
    return unit === this.#runStartUnit;
  }

  /** Pauses the output on `picture` (an all-intra picture; default the last live keyframe) with silence. */
  hold(picture?: Uint8Array): void {
    this.#held = picture ?? this.#held ?? this.#lastKeyframe ?? this.#options.fill.black;
    this.#resumedAtMs = undefined;
  }

  get held(): boolean {
    return this.#held !== undefined;
  }

  /** Ends a pause: the input is shown again from its next keyframe (or input-loss fill if none comes in time). */
  resume(nowMs: number): void {
    if (this.#held !== undefined) this.#resumedAtMs ??= nowMs;
  }

  #release(): void {
    this.#held = undefined;
    this.#resumedAtMs = undefined;
  }

  /** One access unit of the active source, timestamps in its own clock. */
  live(unit: ProgramUnit, nowMs: number): ProgramUnit[] {
    if (this.#startDts !== undefined) return [];
    if (this.#held !== undefined) {
      if (this.#resumedAtMs === undefined || unit.track !== "video" || !unit.keyframe) return [];
      this.#release();
    }
    if (unit.track === "video") {
      if (this.#offset90k !== undefined && Math.abs(unit.dts90k + this.#offset90k - this.clock90k(nowMs)) > this.#relockJump90k) this.#offset90k = undefined;
      if (this.#offset90k === undefined) {
        if (!unit.keyframe) return [];
        this.#offset90k = this.#lockOffset(unit, nowMs);
      }
      const out = this.#shift(unit, this.#offset90k);
      if (this.#lastVideoDts !== undefined && out.dts90k <= this.#lastVideoDts) return [];
      this.#lastVideoDts = out.dts90k;
      this.#lastVideoPts = Math.max(this.#lastVideoPts ?? out.pts90k, out.pts90k);
      if (!this.#options.epochLocked) {
        this.#anchorMs = nowMs;
        this.#anchorDts = out.dts90k;
      }
      this.#lastLiveVideoMs = nowMs;
      if (unit.keyframe) this.#lastKeyframe = unit.data;
      this.#phase = FillPhases.LIVE;
      return [out];
    }
    // Audio follows the video's lock; before it (or after a switch) it waits.
    if (this.#offset90k === undefined) return [];
    const out = this.#shift(unit, this.#offset90k);
    const last = this.#lastAudioDts[unit.track];
    // Audio that arrives counts as live even while it is behind silence already sent (a
    // source's audio lags its video by the muxer's interleaving): the fill stops and the
    // live audio takes over once it passes the fill, with no gap.
    this.#lastLiveAudioMs[unit.track] = nowMs;
    if (last !== undefined && out.dts90k <= last) return [];
    this.#lastAudioDts[unit.track] = out.dts90k;
    return [out];
  }

  /** Fill for whatever is missing up to now: pictures while the input is lost, silence on quiet audio tracks. */
  tick(nowMs: number): ProgramUnit[] {
    const out: ProgramUnit[] = [];
    if (this.#startDts !== undefined) {
      if (this.clock90k(nowMs) < this.#startDts) return out;
      this.#runStartUnit = this.#runStart(this.#startDts);
      out.push(this.#runStartUnit);
      this.#startDts = undefined;
    }
    if (this.#resumedAtMs !== undefined && nowMs - this.#resumedAtMs >= this.#options.inputLossThresholdMs) this.#release();
    const held = this.#held;
    const lost = held !== undefined || this.#lastLiveVideoMs === undefined || nowMs - this.#lastLiveVideoMs >= this.#options.inputLossThresholdMs;
    if (lost) {
      if (this.#phase === FillPhases.LIVE) {
        // Loss is declared now; the pictures that catch up to the clock are repeats
        // (the phases count from the declaration). The next live unit relocks.
        this.#lossStartedMs = nowMs;
        this.#offset90k = undefined;
        this.#fillDelay90k = Math.max(0, (this.#lastVideoPts ?? 0) - (this.#lastVideoDts ?? 0));
      }
      this.#phase = held !== undefined ? FillPhases.PAUSED : this.#fillPhase(nowMs);
      const picture = held !== undefined ? held : this.#phase === FillPhases.REPEAT ? this.#lastKeyframe! : this.#phase === FillPhases.BLACK ? this.#options.fill.black : this.#options.fill.image;
      const until = this.clock90k(nowMs);
      const frame = this.#options.videoFrameTicks90k;
      let next = this.#lastVideoDts === undefined ? until : this.#lastVideoDts + frame;
      while (next <= until) {
        const pts = Math.max(next + this.#fillDelay90k, (this.#lastVideoPts ?? 0) + frame);
        this.#fillDelay90k = pts - next;
        out.push({ track: "video", pts90k: pts, dts90k: next, keyframe: true, data: picture });
        this.#lastVideoDts = next;
        this.#lastVideoPts = pts;
        next += frame;
      }
      if (this.#lastVideoDts !== undefined && !this.#options.epochLocked) {
        this.#anchorDts = this.#lastVideoDts;
        this.#anchorMs = nowMs - Math.max(0, until - this.#lastVideoDts) / 90;
      }
    }
    this.#options.fill.silence.forEach((silence, track) => {
      const lastLive = this.#lastLiveAudioMs[track];
      if (!lost && lastLive !== undefined && nowMs - lastLive < this.#audioLossMs) return;
      const until = this.clock90k(nowMs);
      let next = this.#lastAudioDts[track] === undefined ? until - silence.frameTicks90k : this.#lastAudioDts[track]! + silence.frameTicks90k;
      while (next <= until) {
        out.push({ track, pts90k: next, dts90k: next, keyframe: true, data: silence.frame });
        this.#lastAudioDts[track] = next;
        next += silence.frameTicks90k;
      }
    });
    return out;
  }

  /** The first frame of an epoch-locked encoder run: an all-intra picture at `dts`, timestamps starting over from it. */
  #runStart(dts: number): ProgramUnit {
    const picture = this.#held ?? this.#lastKeyframe ?? this.#options.fill.black;
    this.#lastVideoDts = dts;
    this.#lastVideoPts = dts;
    this.#fillDelay90k = 0;
    for (let track = 0; track < this.#lastAudioDts.length; track++) this.#lastAudioDts[track] = undefined;
    return { track: "video", pts90k: dts, dts90k: dts, keyframe: true, data: picture };
  }

  #fillPhase(nowMs: number): FillPhase {
    const lostForMs = nowMs - this.#lossStartedMs;
    const repeatMs = this.#lastKeyframe ? this.#options.repeatFrameMs : 0;
    if (repeatMs >= FOREVER_MS || lostForMs < repeatMs) return FillPhases.REPEAT;
    if (this.#options.blackFrameMs >= FOREVER_MS || lostForMs < repeatMs + this.#options.blackFrameMs) return FillPhases.BLACK;
    return FillPhases.IMAGE;
  }

  #lockOffset(unit: ProgramUnit, nowMs: number): number {
    const frame = this.#options.videoFrameTicks90k;
    let offset = this.clock90k(nowMs) - unit.dts90k;
    if (this.#lastVideoDts !== undefined) offset = Math.max(offset, this.#lastVideoDts + frame - unit.dts90k);
    if (this.#lastVideoPts !== undefined) offset = Math.max(offset, this.#lastVideoPts + frame - unit.pts90k);
    return offset;
  }

  #shift(unit: ProgramUnit, offset: number): ProgramUnit {
    return { track: unit.track, pts90k: unit.pts90k + offset, dts90k: unit.dts90k + offset, keyframe: unit.keyframe, data: unit.data };
  }
}
