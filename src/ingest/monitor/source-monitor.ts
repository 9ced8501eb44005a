// The monitor of one input source: observes what the source's edge hands on (media bytes,
// the TS program, elementary-stream units, continuity counts; input-edge.ts), probes it,
// keeps the last frame's wall time per elementary stream (video and audio separately: input
// loss is "no frame for N ms"), and checks what arrives against the input type and the
// channel's caption selectors. It does not demux: the edge did.
// Pure: events and time in.

import { StreamProbe } from "../../media/probe/stream-probe.ts";
import type { StreamInfo } from "../../media/types.ts";
import type { SupportedInputType } from "../../domain/records.ts";
import { AlertCatalogue } from "../../shared/alerts.ts";
import type { InputEdgeEvent } from "../input-edge.ts";
import { AlertTracker, type AlertState } from "./alert-tracker.ts";
import { FrameRateTracker } from "./frame-rate-tracker.ts";
import { checkCaptions, checkCodecs, checkOrientation, type CaptionSelectorKind, type SourceFinding } from "./source-checks.ts";

export interface SourceMonitorOptions {
  readonly inputType: SupportedInputType;
  readonly captionSelectors?: readonly { readonly name: string; readonly kind: CaptionSelectorKind }[];
}

export interface SourceSnapshot {
  readonly streamInfo: StreamInfo;
  readonly lastVideoMs?: number;
  readonly lastAudioMs?: number;
  readonly continuityErrors: number;
  /** Problems with what arrives; an unsupported codec makes the source count as lost. */
  readonly findings: readonly SourceFinding[];
  readonly usable: boolean;
}

export class SourceMonitor {
  readonly #options: SourceMonitorOptions;
  readonly #probe = new StreamProbe();
  readonly #alerts = new AlertTracker();
  readonly #frameRates = new Map<number, FrameRateTracker>();
  /** Arrival of the last video unit, per track. */
  readonly #lastVideoMsByTrack = new Map<number, number>();
  #lastVideoMs: number | undefined;
  #lastAudioMs: number | undefined;
  #continuityErrors = 0;

  constructor(options: SourceMonitorOptions) {
    this.#options = options;
  }

  /** One event of the source's edge, in arrival order. */
  observe(event: InputEdgeEvent, nowMs: number): void {
    switch (event.type) {
      case "media":
        this.#probe.bytes(event.bytes, nowMs);
        break;
      case "program":
        this.#probe.program(event.program);
        break;
      case "continuity":
        this.#continuityErrors = event.continuityErrors;
        break;
      case "unit": {
        const unit = event.unit;
        if (unit.kind === "video") {
          this.#lastVideoMs = nowMs;
          this.#lastVideoMsByTrack.set(unit.trackId, nowMs);
          if (unit.dts90k !== null) this.#frameRate(unit.trackId).push(unit.dts90k);
        } else if (unit.kind === "audio") this.#lastAudioMs = nowMs;
        this.#probe.unit(unit);
        break;
      }
      default:
        break;
    }
  }

  /** Arrival of the last video unit of `trackId` (input loss of the program's video is measured on it). */
  lastVideoMsOf(trackId: number | undefined): number | undefined {
    return trackId === undefined ? undefined : this.#lastVideoMsByTrack.get(trackId);
  }

  /** Arrival of the last audio unit of any track. */
  get lastAudioMs(): number | undefined {
    return this.#lastAudioMs;
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
      continuityErrors: this.#continuityErrors,
      findings,
      usable: hasMedia && codecFindings.length === 0,
    };
  }

  /** Runs the checks and returns alerts that set or cleared since the last call. */
  checkAlerts(nowMs: number): AlertState[] {
    return this.#alerts.update(this.snapshot(nowMs).findings, nowMs);
  }
}
