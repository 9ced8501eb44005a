// What the check learns about one source while it arrives. The service's input edge
// demuxes and the SourceMonitor probes and checks (the same code a running channel uses);
// this observer only adds what a one-off check needs on top: keyframe spacing, the measured
// frame rate, the arrival time of every picture (for the offset of two sources), and what
// the edge reported (bare UDP, source addresses, alerts). Pure: edge events and time in.

import type { SupportedInputType } from "../domain/records.ts";
import { FrameRateTracker } from "../ingest/monitor/frame-rate-tracker.ts";
import type { InputEdgeEvent } from "../ingest/input-edge.ts";
import { SourceMonitor } from "../ingest/monitor/source-monitor.ts";
import type { PtsArrival, SourceObservation } from "./check-types.ts";
import { GopTracker } from "./gop-tracker.ts";

/** Picture arrivals kept: 60 s at 60 fps. */
const MAX_ARRIVALS = 3600;
const MAX_ALERTS = 20;

export interface ObservationContext {
  readonly url: string;
  readonly direction: "push" | "pull";
  readonly failure?: string;
  /** Bytes that reached the edge; the media bytes when not given. */
  readonly bytesIn?: number;
  /** TS bytes (RTMP: audio/video payload bytes) the edge handed on. */
  readonly mediaBytes: number;
  readonly addresses?: readonly string[];
}

export class SourceObserver {
  readonly #monitor: SourceMonitor;
  readonly #frameRate = new FrameRateTracker();
  readonly #gop = new GopTracker();
  readonly #arrivals: PtsArrival[] = [];
  readonly #alerts: string[] = [];
  readonly #unsupported: { kind: "audio" | "video"; name: string }[] = [];
  #videoTrack: number | undefined;
  #bareUdp = false;

  constructor(inputType: SupportedInputType) {
    this.#monitor = new SourceMonitor({ inputType });
  }

  /** One event of the edge under check, in arrival order. */
  observe(event: InputEdgeEvent, nowMs: number): void {
    this.#monitor.observe(event, nowMs);
    if (event.type !== "unit" || event.unit.kind !== "video") return;
    const unit = event.unit;
    // A codec openlive does not parse: the TS random_access_indicator is all there is.
    const keyframe = unit.codec === "UNKNOWN" ? unit.randomAccess : unit.keyframe;
    this.#picture(unit.trackId, keyframe, unit.pts90k, unit.dts90k, nowMs);
  }

  noteBareUdp(): void {
    this.#bareUdp = true;
  }

  noteUnsupportedCodec(kind: "audio" | "video", name: string): void {
    if (!this.#unsupported.some((entry) => entry.kind === kind && entry.name === name)) this.#unsupported.push({ kind, name });
  }

  noteAlert(message: string): void {
    if (this.#alerts.length < MAX_ALERTS && !this.#alerts.includes(message)) this.#alerts.push(message);
  }

  #picture(trackId: number, keyframe: boolean, pts90k: number | null, dts90k: number | null, nowMs: number): void {
    // The first video stream is the one measured (a source with two is rare and the probe lists both).
    this.#videoTrack ??= trackId;
    if (trackId !== this.#videoTrack) return;
    if (dts90k !== null) this.#frameRate.push(dts90k);
    this.#gop.picture(keyframe, pts90k);
    if (pts90k !== null && this.#arrivals.length < MAX_ARRIVALS) this.#arrivals.push([pts90k, nowMs]);
  }

  observation(context: ObservationContext, nowMs: number): SourceObservation {
    const snapshot = this.#monitor.snapshot(nowMs);
    const frameRate = this.#frameRate.frameRate;
    return {
      url: context.url,
      direction: context.direction,
      ...(context.failure !== undefined ? { failure: context.failure } : {}),
      bytesIn: context.bytesIn ?? context.mediaBytes,
      mediaBytes: context.mediaBytes,
      bareUdp: this.#bareUdp,
      streamInfo: snapshot.streamInfo,
      findings: snapshot.findings,
      unsupportedCodecs: [...this.#unsupported],
      ...(frameRate !== undefined ? { measuredFrameRate: frameRate } : {}),
      variableFrameRate: this.#frameRate.variable,
      gop: this.#gop.measurement(),
      addresses: [...(context.addresses ?? [])],
      alerts: [...this.#alerts],
      arrivals: [...this.#arrivals],
    };
  }
}
