// The monitor of one input source, fed with MPEG-TS (RTP and SRT endpoints, TS files) or
// with access units (RTMP): demuxes, probes, keeps the last frame's wall time per elementary stream (video and
// audio separately: input loss is "no frame for N ms"), counts continuity errors, and
// checks what arrives against the input type and the channel's caption selectors.
// Pure: bytes and time in; the endpoint that owns the socket calls it.

import { TsDemuxer, type TsPesUnit } from "../../media/mpegts/ts-demuxer.ts";
import { StreamProbe } from "../../media/probe/stream-probe.ts";
import type { AccessUnit, StreamInfo } from "../../media/types.ts";
import type { SupportedInputType } from "../../domain/records.ts";
import { AlertCatalogue } from "../../shared/alerts.ts";
import { AlertTracker, type AlertState } from "./alert-tracker.ts";
import { FrameRateTracker } from "./frame-rate-tracker.ts";
import { checkCaptions, checkCodecs, checkOrientation, type CaptionSelectorKind, type SourceFinding } from "./source-checks.ts";

export interface SourceMonitorOptions {
  readonly inputType: SupportedInputType;
  readonly captionSelectors?: readonly { readonly name: string; readonly kind: CaptionSelectorKind }[];
  /** Every whole PES (video picture or audio frames) for the pipeline. */
  readonly onPes?: (pes: TsPesUnit, nowMs: number) => void;
}

export interface SourceSnapshot {
  readonly streamInfo: StreamInfo;
  readonly lastVideoMs?: number;
  readonly lastAudioMs?: number;
  readonly continuityErrors: number;
  readonly bytesIn: number;
  /** Problems with what arrives; an unsupported codec makes the source count as lost. */
  readonly findings: readonly SourceFinding[];
  readonly usable: boolean;
}

export class SourceMonitor {
  readonly #options: SourceMonitorOptions;
  readonly #demuxer = new TsDemuxer();
  readonly #probe = new StreamProbe();
  readonly #alerts = new AlertTracker();
  readonly #frameRates = new Map<number, FrameRateTracker>();
  #lastVideoMs: number | undefined;
  #lastAudioMs: number | undefined;
  #bytesIn = 0;

  constructor(options: SourceMonitorOptions) {
    this.#options = options;
  }

  /** MPEG-TS bytes (whole packets or not). */
  push(bytes: Uint8Array, nowMs: number): void {
    this.#bytesIn += bytes.length;
    this.#probe.bytes(bytes.length, nowMs);
    for (const event of this.#demuxer.push(bytes, nowMs)) {
      if (event.type === "program") this.#probe.program(event.program);
      else if (event.type === "pes") {
        const pes = event.pes;
        if (pes.kind === "video") {
          this.#lastVideoMs = nowMs;
          if (pes.dts90k !== null) this.#frameRate(pes.pid).push(pes.dts90k);
        }
        else if (pes.kind === "audio") this.#lastAudioMs = nowMs;
        this.#probe.unit({ trackId: pes.pid, kind: pes.kind, codec: pes.codec, data: pes.data });
        this.#options.onPes?.(pes, nowMs);
      }
    }
  }

  /** An access unit from a source that is not MPEG-TS (RTMP). */
  pushAccessUnit(unit: AccessUnit, nowMs: number): void {
    this.#bytesIn += unit.data.length;
    this.#probe.bytes(unit.data.length, nowMs);
    if (unit.kind === "video") {
      this.#lastVideoMs = nowMs;
      this.#frameRate(unit.trackId).push(unit.dts90k);
    } else this.#lastAudioMs = nowMs;
    this.#probe.unit(unit);
  }

  #frameRate(trackId: number): FrameRateTracker {
    let tracker = this.#frameRates.get(trackId);
    if (!tracker) this.#frameRates.set(trackId, (tracker = new FrameRateTracker()));
    return tracker;
  }

  snapshot(nowMs: number): SourceSnapshot {
    const streamInfo = this.#probe.streamInfo(nowMs);
    const hasMedia = streamInfo.video.length + streamInfo.audio.length > 0;
    const codecFindings = hasMedia ? checkCodecs(this.#options.inputType, streamInfo) : [];
    const variableFrameRate: SourceFinding[] = [...this.#frameRates.values()].some((tracker) => tracker.variable)
      ? [{ type: AlertCatalogue.VARIABLE_FRAME_RATE.alertType, message: "the video frame rate is not constant; MediaLive takes constant-frame-rate sources only" }]
      : [];
    const findings = hasMedia ? [...codecFindings, ...checkCaptions(this.#options.captionSelectors ?? [], streamInfo), ...checkOrientation(streamInfo), ...variableFrameRate] : [];
    return {
      streamInfo,
      ...(this.#lastVideoMs !== undefined ? { lastVideoMs: this.#lastVideoMs } : {}),
      ...(this.#lastAudioMs !== undefined ? { lastAudioMs: this.#lastAudioMs } : {}),
      continuityErrors: this.#demuxer.stats().continuityErrors,
      bytesIn: this.#bytesIn,
      findings,
      usable: hasMedia && codecFindings.length === 0,
    };
  }

  /** Runs the checks and returns alerts that set or cleared since the last call. */
  checkAlerts(nowMs: number): AlertState[] {
    return this.#alerts.update(this.snapshot(nowMs).findings, nowMs);
  }
}
