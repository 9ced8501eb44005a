// The "video black" and "audio silence" failover conditions of one input (docs/failover.md),
// measured on its decoded media by a low-rate analysis child (src/pipeline/analysis/): only
// video keyframes are decoded, audio of the condition's selector is decoded in full. Loss is
// not measured here (frame arrival, in the reader). Audio that stops arriving counts as
// silence (MediaLive: "audio loss or quieter than -50 dBFS").

import type { Logger } from "pino";
import type { AccessUnit, Codec } from "../../media/types.ts";
import { isFedAudioCodec, isFedVideoCodec } from "../program/program-layout.ts";
import { MediaAnalyser } from "../analysis/media-analyser.ts";
import { SILENCE_DBFS } from "../analysis/picture-level.ts";
import type { SourceReader } from "./source-reader.ts";

/** No audio unit on the selector for this long = silent since the last one. */
const AUDIO_ABSENT_MS = 500;
/** No analysed picture for this long: the black measurement is stale (loss is reported instead). */
const PICTURE_STALE_MS = 12_000;

export interface ConditionWatchOptions {
  readonly reader: SourceReader;
  readonly blackDetectThreshold?: number;
  /** The audio selector of audioSilenceSettings. */
  readonly silenceSelectorName?: string;
  readonly logger: Logger;
}

export class ConditionWatch {
  readonly #options: ConditionWatchOptions;
  readonly #startMs = Date.now();
  #analyser: MediaAnalyser | undefined;
  #codecs = "";
  /** Codecs of the units fed so far (the video track's keyframes, the selector's audio). */
  #videoCodec: Codec | undefined;
  #audioCodec: Codec | undefined;
  #blackSinceMs: number | undefined;
  #lastPictureMs: number | undefined;
  #quietSinceMs: number | undefined;
  #lastAudioMs: number | undefined;
  #closed = false;

  constructor(options: ConditionWatchOptions) {
    this.#options = options;
  }

  push(unit: AccessUnit, nowMs: number): void {
    if (this.#closed) return;
    const reader = this.#options.reader;
    const audioTrack = this.#options.silenceSelectorName !== undefined ? reader.audioTrackFor(this.#options.silenceSelectorName) : undefined;
    if (unit.kind === "video" && unit.trackId !== reader.videoTrackId) return;
    if (unit.kind === "audio") {
      if (unit.trackId !== audioTrack) return;
      this.#lastAudioMs = nowMs;
    }
    if (unit.kind === "video" && !unit.keyframe) return;
    if (unit.kind === "video") this.#videoCodec = unit.codec;
    else this.#audioCodec = unit.codec;
    this.#ensureAnalyser()?.push(unit);
  }

  /** Start of the current black stretch, when every picture analysed since then was black. */
  blackSinceMs(nowMs: number): number | undefined {
    if (this.#options.blackDetectThreshold === undefined || this.#lastPictureMs === undefined || nowMs - this.#lastPictureMs > PICTURE_STALE_MS) return undefined;
    return this.#blackSinceMs;
  }

  /** Start of the current silent stretch: quieter than -50 dBFS, or no audio on the selector. */
  silentSinceMs(nowMs: number): number | undefined {
    if (this.#options.silenceSelectorName === undefined) return undefined;
    const absentSinceMs = this.#lastAudioMs ?? this.#startMs;
    if (nowMs - absentSinceMs >= AUDIO_ABSENT_MS) return Math.min(absentSinceMs, this.#quietSinceMs ?? absentSinceMs);
    return this.#quietSinceMs;
  }

  /** The analysis child, (re)started when the codecs it is fed change. */
  #ensureAnalyser(): MediaAnalyser | undefined {
    const videoCodec = this.#videoCodec;
    // Codecs the pipeline cannot decode count as loss (the reader's Unsupported Codec alert), not here.
    if (videoCodec === undefined || !isFedVideoCodec(videoCodec)) return undefined;
    const audioCodec = this.#options.silenceSelectorName !== undefined && this.#audioCodec !== undefined && isFedAudioCodec(this.#audioCodec) ? this.#audioCodec : undefined;
    const codecs = `${videoCodec}/${audioCodec ?? ""}`;
    if (this.#analyser && codecs === this.#codecs) return this.#analyser;
    void this.#analyser?.close();
    this.#codecs = codecs;
    this.#analyser = new MediaAnalyser({
      videoCodec,
      ...(audioCodec !== undefined ? { audioCodec } : {}),
      blackDetectThreshold: this.#options.blackDetectThreshold ?? 0.1,
      onPicture: (black, atMs) => {
        this.#lastPictureMs = atMs;
        if (!black) this.#blackSinceMs = undefined;
        else this.#blackSinceMs ??= atMs;
      },
      onAudio: (peakDbfs, atMs) => {
        if (peakDbfs > SILENCE_DBFS) this.#quietSinceMs = undefined;
        else this.#quietSinceMs ??= atMs;
      },
      logger: this.#options.logger,
    });
    return this.#analyser;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#analyser?.close();
  }
}
