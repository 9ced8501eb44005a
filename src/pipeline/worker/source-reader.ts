// One input attachment as seen by one pipeline: the ingest edge of this pipeline's source
// (openInputEdge: its push endpoint, or its pull source), the SourceMonitor that observes,
// probes and checks what arrives, and the access units the program timeline takes, with the
// GOP and parameter sets a switch to this input needs.

import type { InputAttachment } from "../../model/generated/medialive-types.ts";
import { attachmentNameOf } from "../../domain/channels/channel-config.ts";
import type { InputRecord } from "../../domain/records.ts";
import { AllowList } from "../../ingest/allow-list.ts";
import { toAccessUnit, type InputEdge, type InputEdgeEvent } from "../../ingest/input-edge.ts";
import { SourceMonitor, type SourceSnapshot } from "../../ingest/monitor/source-monitor.ts";
import type { CaptionSelectorKind } from "../../ingest/monitor/source-checks.ts";
import { openInputEdge } from "../../ingest/open-input-edge.ts";
import type { PullState } from "../../ingest/pull/pull-source.ts";
import type { RtmpPushLogger } from "../../ingest/rtmp-push/rtmp-push-endpoint.ts";
import type { AccessUnit } from "../../media/types.ts";
import { GopBuffer } from "../switching/gop-buffer.ts";
import { selectAudioTrack, type SourceAudioTrack } from "./audio-selection.ts";
import { ParameterSets } from "../switching/parameter-sets.ts";
import type { SourceStats, WorkerAlert } from "./messages.ts";

export interface SourceReaderOptions {
  readonly attachment: InputAttachment;
  readonly input: InputRecord;
  readonly pipelineIndex: 0 | 1;
  readonly cidrs: readonly string[];
  readonly resolveSecret: (name: string) => string | undefined;
  readonly onUnit: (reader: SourceReader, unit: AccessUnit, nowMs: number) => void;
  readonly onAlert: (alert: WorkerAlert) => void;
  /** TS sources: an SCTE-35 splice_info_section on the PID `inputSettings.scte35Pid` names (any SCTE-35 PID when it names none). */
  readonly onScte35?: (reader: SourceReader, section: Uint8Array, nowMs: number) => void;
  /** Pull inputs: the source's state (ENDED: a file played to its end with sourceEndBehavior CONTINUE). */
  readonly onPullState?: (reader: SourceReader, state: PullState) => void;
  /** Pull inputs: the source URL to read instead of the input's (dynamic inputs, $urlPath$ substituted). */
  readonly url?: string;
  /** File inputs: play only this part (a switch's inputClippingSettings, in ms from the file's start). */
  readonly clipping?: { readonly startMs?: number; readonly stopMs?: number };
  /** Push edges log the peers they refuse or close (RTMP). */
  readonly logger?: RtmpPushLogger;
  /** Folders file:// sources must lie in (checked again here: a link may have changed since the input was created). */
  readonly inputRoots: readonly string[];
}

/** Video counts as arriving for the `receiving` figure when its last picture is this recent. */
const RECEIVING_FRESH_MS = 2_000;
let nextReaderId = 1;

export class SourceReader {
  readonly options: SourceReaderOptions;
  readonly monitor: SourceMonitor;
  readonly allowList: AllowList;
  /** Audio track ids in the order they were first seen (PID order for TS). */
  readonly audioTracks: number[] = [];
  /** The last GOP, for a switch to this input while it is on standby. */
  readonly gop = new GopBuffer();
  /** The video's latest parameter sets, for the first keyframe after a switch to this input. */
  readonly parameterSets = new ParameterSets();
  /** The video track the program takes from this source: the first one that showed a keyframe. */
  videoTrackId: number | undefined;
  /** Distinguishes readers of one attachment over the worker's life (metrics fold each one's counters). */
  readonly readerId = nextReaderId++;
  /** Audio streams of the last PMT, in PMT order with their languages (TS sources). */
  #programAudio: SourceAudioTrack[] | undefined;
  #videoFrames = 0;
  #audioFrames = 0;
  readonly #edge: InputEdge;
  #closed = false;

  constructor(options: SourceReaderOptions) {
    this.options = options;
    this.allowList = new AllowList(options.cidrs);
    this.monitor = new SourceMonitor({ inputType: options.input.type, captionSelectors: captionSelectorsOf(options.attachment) });
    const networkSettings = options.attachment.inputSettings?.networkInputSettings;
    const sourceEndBehavior = options.attachment.inputSettings?.sourceEndBehavior;
    this.#edge = openInputEdge({
      input: options.input,
      pipelineIndex: options.pipelineIndex,
      allowList: this.allowList,
      resolveSecret: options.resolveSecret,
      onEvent: (event, nowMs) => this.#onEvent(event, nowMs),
      ...(options.url !== undefined ? { url: options.url } : {}),
      ...(options.clipping !== undefined ? { clipping: options.clipping } : {}),
      ...(networkSettings?.hlsInputSettings ? { hlsInputSettings: networkSettings.hlsInputSettings } : {}),
      ...(sourceEndBehavior ? { sourceEndBehavior } : {}),
      inputRoots: options.inputRoots,
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  /** Arrival of the last picture of the program's video track (input loss is measured on it). */
  get lastVideoMs(): number | undefined {
    return this.monitor.lastVideoMsOf(this.videoTrackId);
  }

  /** Arrival of the last audio unit of any track. */
  get lastAudioMs(): number | undefined {
    return this.monitor.lastAudioMs;
  }

  get attachmentName(): string {
    return attachmentNameOf(this.options.attachment);
  }

  /** Opens the edge: binds the push endpoint or starts pulling. */
  async start(): Promise<void> {
    await this.#edge.start();
  }

  #onEvent(event: InputEdgeEvent, nowMs: number): void {
    this.monitor.observe(event, nowMs);
    if (event.type === "unit") {
      const unit = toAccessUnit(event.unit);
      if (unit) this.#unit(unit, nowMs);
    } else if (event.type === "alert") this.options.onAlert({ ...event.alert, inputId: this.options.input.id });
    else if (event.type === "pull-state") this.options.onPullState?.(this, event.state);
    else if (event.type === "scte35") {
      const pid = this.options.attachment.inputSettings?.scte35Pid;
      // scte35Pid picks among TS PIDs; a cue read outside the TS (pid null) has no PID to pick.
      if (pid === undefined || event.pid === null || pid === event.pid) this.options.onScte35?.(this, event.section, nowMs);
    }
    else if (event.type === "program") {
      this.#programAudio = event.program.streams.filter((stream) => stream.kind === "audio").map((stream) => ({ trackId: stream.pid, ...(stream.languageCode ? { languageCode: stream.languageCode } : {}) }));
    }
  }

  updateAllowList(cidrs: readonly string[]): void {
    this.#edge.updateAllowList(cidrs);
  }

  /** The reader's counters for /metrics, with the monitor's snapshot taken at `nowMs`. */
  stats(snapshot: SourceSnapshot, nowMs: number): SourceStats {
    const edge = this.#edge.stats();
    const bitrateBps = snapshot.streamInfo.bitrateBps;
    return {
      readerId: this.readerId,
      attachmentName: this.attachmentName,
      inputId: this.options.input.id,
      inputType: this.options.input.type,
      bytesIn: edge.mediaBytes,
      packetsIn: edge.packetsIn,
      videoFrames: this.#videoFrames,
      audioFrames: this.#audioFrames,
      continuityErrors: snapshot.continuityErrors,
      disallowed: edge.refused,
      ...(bitrateBps !== undefined ? { bitrateBps } : {}),
      receiving: snapshot.lastVideoMs !== undefined && nowMs - snapshot.lastVideoMs < RECEIVING_FRESH_MS,
      ...(edge.rtp ? { rtp: edge.rtp } : {}),
    };
  }

  #unit(unit: AccessUnit, nowMs: number): void {
    if (this.#closed) return;
    if (unit.kind === "video") this.#videoFrames += 1;
    else this.#audioFrames += 1;
    if (unit.kind === "audio") {
      if (!this.audioTracks.includes(unit.trackId)) {
        this.audioTracks.push(unit.trackId);
        this.audioTracks.sort((a, b) => a - b);
      }
    } else {
      if (this.videoTrackId === undefined && unit.keyframe) this.videoTrackId = unit.trackId;
      if (unit.trackId === this.videoTrackId && unit.keyframe) this.parameterSets.observe(unit.codec, unit.data);
    }
    this.gop.push(unit, nowMs, this.videoTrackId);
    this.options.onUnit(this, unit, nowMs);
  }

  /** The source's audio tracks: the PMT's audio streams in PMT order, else the tracks seen (RTMP). */
  get sourceAudioTracks(): readonly SourceAudioTrack[] {
    return this.#programAudio ?? this.audioTracks.map((trackId) => ({ trackId }));
  }

  /** The source track that feeds an audio selector ("" = the default track); see selectAudioTrack. */
  audioTrackFor(selectorKey: string): number | undefined {
    return selectAudioTrack(this.options.attachment.inputSettings?.audioSelectors, selectorKey, this.sourceAudioTracks).trackId;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#edge.close();
  }
}

function captionSelectorsOf(attachment: InputAttachment): { name: string; kind: CaptionSelectorKind }[] {
  const kinds: CaptionSelectorKind[] = ["embeddedSourceSettings", "dvbSubSourceSettings", "teletextSourceSettings", "scte27SourceSettings"];
  return (attachment.inputSettings?.captionSelectors ?? []).flatMap((selector) => {
    const settings = selector.selectorSettings as Record<string, unknown> | undefined;
    const kind = kinds.find((k) => settings?.[k] !== undefined);
    return kind && selector.name ? [{ name: selector.name, kind }] : [];
  });
}
