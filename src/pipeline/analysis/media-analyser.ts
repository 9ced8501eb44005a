// Measures the media of one input for the failover conditions "video black" and "audio
// silence" (docs/failover.md) with a low-cost ffmpeg child (analysis-args.ts).
//
// Cost: only video keyframes go to the child. Each decodes on its own, so the child
// decodes one picture per GOP instead of every frame, scales it to 64×36 gray and hands it
// back; the audio is decoded in full but resampled to 8 kHz mono. The units are muxed with
// our TsMuxer (PIDs and stream types as the encoder's feed, program-layout.ts).
//
// Streams are declared lazily: ffmpeg gives up on a declared stream that never carries
// data, so a child's PMT holds only the kinds seen (within RECENT_MS) when it starts; a
// kind that shows up later restarts the child with the wider program (the last keyframe is
// fed again). A stream that stops after the start is fine: ffmpeg keeps decoding the other.
//
// Results arrive as `onPicture(black, atMs)` per analysed picture and `onAudio(peakDbfs,
// atMs)` per 100 ms of audio, timed by `nowMs()` when the child delivers them. The child is
// tied to this process (shared/process/child-run.ts), restarted with a
// backoff when it dies, and never throws into the caller. A child that does not drain its
// stdin makes us drop units (no unbounded buffering).

import type { Readable, Writable } from "node:stream";
import type { Logger } from "pino";
import { TsMuxer } from "../../media/mpegts/ts-muxer.ts";
import type { AccessUnit } from "../../media/types.ts";
import { ChildRun, type ChildExit } from "../../shared/process/child-run.ts";
import { FIRST_AUDIO_PID, muxerStreams, VIDEO_PID, type FedAudioCodec, type FedVideoCodec } from "../program/program-layout.ts";
import { Backoff, type BackoffOptions } from "../../shared/backoff.ts";
import { analysisArgs, ANALYSIS_AUDIO_RATE_HZ, ANALYSIS_PICTURE_HEIGHT, ANALYSIS_PICTURE_WIDTH, AUDIO_FD, PICTURE_FD } from "./analysis-args.ts";
import { audioPeakDbfs, isBlackPicture } from "./picture-level.ts";

/** Audio is reported per block of this length. */
export const AUDIO_BLOCK_MS = 100;
/** Default cap of bytes waiting in the child's stdin before units are dropped. */
const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;
/** Units arriving within this time after the first one decide the first child's program. */
const GATHER_MS = 100;
/** A kind seen within this time is declared in a restarted child's program. */
const RECENT_MS = 5_000;
const STDERR_TAIL_CHARS = 2_000;

/**
 * Appended to each keyframe, and sent again as a PES of its own right after it. ffmpeg's TS
 * demuxer completes an unbounded (video) PES only when the next one starts, and its video
 * parsers end a picture only at the next access unit's first NAL / start code; without
 * both, every picture would come out one GOP late. H.264 and H.265 use an access unit
 * delimiter (ignored by the decoder), MPEG-2 a sequence_end_code (which also makes the
 * decoder output the picture it holds for reordering). Measured with Debian's ffmpeg 5.1
 * on H.264, a decoded picture still reaches the output only when the next keyframe has been
 * decoded: results lag the media by one GOP (docs/failover-analysis.md).
 */
const END_OF_PICTURE: Readonly<Record<FedVideoCodec, Uint8Array>> = {
  H264: new Uint8Array([0, 0, 0, 1, 0x09, 0xf0]), // nal_unit_type 9, primary_pic_type 7
  H265: new Uint8Array([0, 0, 0, 1, 0x46, 0x01, 0x50]), // nal_unit_type 35, TemporalId 0, pic_type 2
  MPEG2_VIDEO: new Uint8Array([0, 0, 1, 0xb7]),
};

export interface MediaAnalyserOptions {
  readonly videoCodec: FedVideoCodec;
  /** Codec of the audio selector's track; no audio analysis when absent. */
  readonly audioCodec?: FedAudioCodec;
  /** Fraction of white, 0–1 (picture-level.ts). */
  readonly blackDetectThreshold: number;
  /** One per analysed picture (≈ one per GOP). */
  readonly onPicture: (black: boolean, atMs: number) => void;
  /** One per AUDIO_BLOCK_MS of decoded audio; −Infinity for digital silence. */
  readonly onAudio: (peakDbfs: number, atMs: number) => void;
  /** Clock of the results. Default Date.now. */
  readonly nowMs?: () => number;
  readonly logger?: Pick<Logger, "warn" | "debug">;
  /** Default "ffmpeg". */
  readonly ffmpegPath?: string;
  /** Restart delays. Default 250 ms doubling to 8 s (PROCESS_BACKOFF in shared/backoff.ts). */
  readonly backoff?: BackoffOptions;
  /** Bytes allowed in the child's stdin before units are dropped. Default 1 MiB. */
  readonly maxBufferedBytes?: number;
}

export interface MediaAnalyserStats {
  /** TS bytes written to children's stdin. */
  bytesWritten: number;
  /** Units dropped: stdin not draining, no child running, or a codec other than configured. */
  unitsDropped: number;
  picturesAnalysed: number;
  audioBlocksAnalysed: number;
  /** Children started, in total. */
  spawns: number;
  /** Restarts after a child died (not counting restarts for a wider program). */
  restarts: number;
}

interface Kinds {
  readonly video: boolean;
  readonly audio: boolean;
}

interface RunningChild {
  readonly run: ChildRun;
  readonly stdin: Writable;
  readonly kinds: Kinds;
  readonly muxer: TsMuxer;
}

export class MediaAnalyser {
  readonly #options: MediaAnalyserOptions;
  readonly #nowMs: () => number;
  readonly #backoff: Backoff;
  readonly #maxBufferedBytes: number;
  readonly #pictureBytes = ANALYSIS_PICTURE_WIDTH * ANALYSIS_PICTURE_HEIGHT;
  readonly #audioBlockBytes = ((ANALYSIS_AUDIO_RATE_HZ * AUDIO_BLOCK_MS) / 1000) * 2;
  readonly #stats: MediaAnalyserStats = { bytesWritten: 0, unitsDropped: 0, picturesAnalysed: 0, audioBlocksAnalysed: 0, spawns: 0, restarts: 0 };
  #child: RunningChild | undefined;
  /** Units held while the first child's program is gathered. */
  #pending: AccessUnit[] | undefined;
  #pendingBytes = 0;
  #timer: NodeJS.Timeout | undefined;
  #lastVideoMs: number | undefined;
  #lastAudioMs: number | undefined;
  #lastKeyframe: AccessUnit | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: MediaAnalyserOptions) {
    this.#options = options;
    this.#nowMs = options.nowMs ?? Date.now;
    this.#backoff = new Backoff(options.backoff);
    this.#maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  }

  /** Pid of the running child (ffmpeg itself: setpriv execs it), for cost measurement. */
  get pid(): number | undefined {
    return this.#child?.run.pid;
  }

  get stats(): Readonly<MediaAnalyserStats> {
    return { ...this.#stats };
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * An access unit of the input. Video keyframes are analysed and other pictures ignored.
   * Every audio unit of the configured codec is analysed, so push only the units of the
   * audio selector's track (trackId is not looked at).
   */
  push(unit: AccessUnit): void {
    if (this.#closed) return;
    const now = this.#nowMs();
    if (unit.kind === "video") {
      if (!unit.keyframe) return;
      if (unit.codec !== this.#options.videoCodec) return void this.#stats.unitsDropped++;
      this.#lastVideoMs = now;
      this.#lastKeyframe = unit;
    } else {
      if (this.#options.audioCodec === undefined || unit.codec !== this.#options.audioCodec) return void this.#stats.unitsDropped++;
      this.#lastAudioMs = now;
    }
    if (this.#pending) {
      if (this.#pendingBytes + unit.data.length > this.#maxBufferedBytes) return void this.#stats.unitsDropped++;
      this.#pendingBytes += unit.data.length;
      this.#pending.push(unit);
      return;
    }
    const child = this.#child;
    if (!child) {
      if (this.#timer) return void this.#stats.unitsDropped++; // waiting out a restart delay
      this.#pending = [unit];
      this.#pendingBytes = unit.data.length;
      this.#timer = setTimeout(() => this.#startGathered(), GATHER_MS);
      return;
    }
    if (!child.kinds[unit.kind]) {
      // A kind the running child does not know: restart it with the wider program.
      this.#spawn({ video: child.kinds.video || unit.kind === "video", audio: child.kinds.audio || unit.kind === "audio" });
      if (unit.kind === "audio" && this.#lastKeyframe) this.#write(this.#lastKeyframe);
    }
    this.#write(unit);
  }

  /** Kills the child; nothing is analysed afterwards. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#pending = undefined;
      const child = this.#child;
      this.#child = undefined;
      if (child) await child.run.close(0);
    })();
    return this.#closing;
  }

  #startGathered(): void {
    this.#timer = undefined;
    const pending = this.#pending ?? [];
    this.#pending = undefined;
    if (this.#closed) return;
    this.#spawn({ video: pending.some((u) => u.kind === "video"), audio: pending.some((u) => u.kind === "audio") });
    for (const unit of pending) this.#write(unit);
  }

  #write(unit: AccessUnit): void {
    const child = this.#child;
    if (!child || !child.kinds[unit.kind] || child.stdin.writableLength > this.#maxBufferedBytes) return void this.#stats.unitsDropped++;
    let packets: Uint8Array[];
    if (unit.kind === "video") {
      const marker = END_OF_PICTURE[this.#options.videoCodec];
      const data = new Uint8Array(unit.data.length + marker.length);
      data.set(unit.data);
      data.set(marker, unit.data.length);
      packets = child.muxer.mux({ trackId: VIDEO_PID, pts90k: unit.pts90k, dts90k: unit.dts90k, keyframe: true, data });
      packets.push(...child.muxer.mux({ trackId: VIDEO_PID, pts90k: unit.pts90k + 1, dts90k: unit.dts90k + 1, keyframe: false, data: marker }));
    } else {
      packets = child.muxer.mux({ trackId: FIRST_AUDIO_PID, pts90k: unit.pts90k, dts90k: unit.dts90k, keyframe: true, data: unit.data });
    }
    const bytes = Buffer.concat(packets);
    this.#stats.bytesWritten += bytes.length;
    child.stdin.write(bytes);
  }

  /** Replaces the running child (if any) by one for `kinds`. */
  #spawn(kinds: Kinds): void {
    const previous = this.#child;
    this.#child = undefined;
    if (previous) void previous.run.close(0);
    if (!kinds.video && !kinds.audio) return;
    const { videoCodec, audioCodec } = this.#options;
    // muxerStreams reads only the codecs of a layout; the other fields do not matter here.
    const streams = muxerStreams({
      videoCodec,
      width: 0,
      height: 0,
      frameRate: { num: 0, den: 1 },
      audio: kinds.audio && audioCodec ? [{ selectorName: "analysis", codec: audioCodec, sampleRateHz: 0, channels: 0 }] : [],
    }).filter((stream) => kinds.video || stream.pid !== VIDEO_PID);
    const args = analysisArgs({ video: kinds.video, audio: kinds.audio });
    const extraFds = Math.max(PICTURE_FD, AUDIO_FD) - 2;
    const run = new ChildRun({ command: this.#options.ffmpegPath ?? "ffmpeg", args, stdin: "pipe", stdout: "ignore", extraFds, stderrTailBytes: STDERR_TAIL_CHARS }, this.#nowMs);
    const child: RunningChild = { run, stdin: run.stdin!, kinds, muxer: new TsMuxer({ streams }) };
    this.#child = child;
    this.#stats.spawns++;
    void run.exited.then((exit) => this.#childGone(child, exit));
    if (kinds.video) this.#readPictures(child, run.fd(PICTURE_FD)!);
    if (kinds.audio) this.#readAudio(child, run.fd(AUDIO_FD)!);
  }

  #readPictures(child: RunningChild, output: Readable): void {
    const picture = new Uint8Array(this.#pictureBytes);
    readBlocks(output, picture, () => {
      if (child !== this.#child) return false;
      this.#stats.picturesAnalysed++;
      this.#emit(() => this.#options.onPicture(isBlackPicture(picture, this.#options.blackDetectThreshold), this.#nowMs()));
      return true;
    });
  }

  #readAudio(child: RunningChild, output: Readable): void {
    // s16le read through Int16Array: the host is little-endian (x86-64, arm64 Linux).
    const block = new Int16Array(this.#audioBlockBytes / 2);
    readBlocks(output, new Uint8Array(block.buffer), () => {
      if (child !== this.#child) return false;
      this.#stats.audioBlocksAnalysed++;
      this.#emit(() => this.#options.onAudio(audioPeakDbfs(block), this.#nowMs()));
      return true;
    });
  }

  /** A throwing listener must not break the analysis. */
  #emit(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.#options.logger?.warn({ err: error }, "media analyser listener threw");
    }
  }

  #childGone(child: RunningChild, exit: ChildExit): void {
    if (child !== this.#child || this.#closed) return; // replaced or closed: we killed it
    this.#child = undefined;
    this.#stats.restarts++;
    const delayMs = this.#backoff.next(exit.ranForMs);
    const detail = exit.startError ?? `exit ${exit.code ?? exit.signal}`;
    this.#options.logger?.warn({ detail, delayMs, stderr: exit.stderrTail }, "media analyser child died; restarting");
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#closed) return;
      const now = this.#nowMs();
      const recent = (lastMs: number | undefined): boolean => lastMs !== undefined && now - lastMs <= RECENT_MS;
      // Nothing arrived lately: the next unit starts a child.
      this.#spawn({ video: recent(this.#lastVideoMs), audio: recent(this.#lastAudioMs) });
    }, delayMs);
  }
}

/**
 * Reads `output` in whole blocks of `block.length` bytes into `block` (the child writes raw pictures or
 * audio blocks back to back), calling `onBlock` after each; `onBlock` returns false to stop reading.
 */
function readBlocks(output: Readable, block: Uint8Array, onBlock: () => boolean): void {
  let filled = 0;
  output.on("error", () => {});
  output.on("data", (chunk: Buffer) => {
    for (let offset = 0; offset < chunk.length; ) {
      const taken = Math.min(block.length - filled, chunk.length - offset);
      block.set(chunk.subarray(offset, offset + taken), filled);
      filled += taken;
      offset += taken;
      if (filled < block.length) break;
      filled = 0;
      if (!onBlock()) return;
    }
  });
}
