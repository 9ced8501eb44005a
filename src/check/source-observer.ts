// What the check learns about one source while it arrives. The service's SourceMonitor
// does the demuxing, probing and checks (the same code a running channel uses); this
// observer only adds what a one-off check needs on top: keyframe spacing, the measured
// frame rate, the arrival time of every picture (for the offset of two sources), and what
// the edge reported (bare UDP, source addresses, alerts). Pure: bytes and time in.

import type { SupportedInputType } from "../domain/records.ts";
import { FrameRateTracker } from "../ingest/monitor/frame-rate-tracker.ts";
import { SourceMonitor } from "../ingest/monitor/source-monitor.ts";
import type { AccessUnit } from "../media/types.ts";
import { isKeyframe } from "../media/keyframes.ts";
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
  #mediaBytes = 0;
  #bareUdp = false;

  constructor(inputType: SupportedInputType) {
    this.#monitor = new SourceMonitor({
      inputType,
      onPes: (pes, nowMs) => {
        if (pes.kind !== "video") return;
        const keyframe = pes.codec === "UNKNOWN" ? pes.randomAccess : isKeyframe(pes.codec, pes.data);
        this.#picture(pes.pid, keyframe, pes.pts90k, pes.dts90k, nowMs);
      },
    });
  }

  /** MPEG-TS (RTP, SRT, pulls). */
  pushTs(bytes: Uint8Array, nowMs: number): void {
    this.#mediaBytes += bytes.length;
    this.#monitor.push(bytes, nowMs);
  }

  /** An access unit (RTMP push). */
  pushAccessUnit(unit: AccessUnit, nowMs: number): void {
    this.#mediaBytes += unit.data.length;
    this.#monitor.pushAccessUnit(unit, nowMs);
    if (unit.kind === "video") this.#picture(unit.trackId, unit.keyframe, unit.pts90k, unit.dts90k, nowMs);
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

  get mediaBytes(): number {
    return this.#mediaBytes;
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
      bytesIn: context.bytesIn ?? this.#mediaBytes,
      mediaBytes: this.#mediaBytes,
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
