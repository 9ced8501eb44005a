// One pipeline of a running channel, inside its own OS process: the ingest edges of this
// pipeline's sources, the program timeline (rebase + input-loss fill) and the TS muxer,
// whose bytes go to the channel's outputs (output/channel-outputs.ts: the encoder and what
// runs beside it). The encoder never starves: while the active source is silent the
// timeline fills, so the HLS output keeps growing.

import { isOutputLocked } from "../../output/encoder/output-locking.ts";
import { mkdirSync } from "node:fs";
import type { Logger } from "pino";
import { fileSecretResolver } from "../../config/secrets.ts";
import { fileObjectStoreResolver, s3ConfigFile, type ObjectStoreResolver } from "../../config/object-stores.ts";
import { TsMuxer } from "../../media/mpegts/ts-muxer.ts";
import type { AccessUnit } from "../../media/types.ts";
import { AlertCatalogue } from "../../shared/alerts.ts";
import { ChannelOutputs } from "../../output/channel-outputs.ts";
import { BurnInCaptionsFeed } from "../../output/captions/burnin-captions-feed.ts";
import { WebvttCaptions } from "../../output/captions/webvtt-captions.ts";
import { timedMetadataFeeds } from "../../output/encoder/timed-metadata-feeds.ts";
import { makeFillPictures } from "../program/fill-pictures.ts";
import { FIRST_AUDIO_PID, isFedAudioCodec, isFedVideoCodec, muxerStreams, VIDEO_PID, type ProgramLayout } from "../program/program-layout.ts";
import { FillPhases, ProgramTimeline, type FillPictures, type ProgramUnit } from "../program/program-timeline.ts";
import { TimedMetadataClock, timedMetadataStream } from "../program/timed-metadata-clock.ts";
import { ScheduleId3 } from "../program/schedule-id3.ts";
import { Id3PictureMarks } from "../program/id3-marks.ts";
import { id3MarkCarriages } from "../../output/encoder/timed-metadata-feeds.ts";
import { insertId3Marks } from "../../media/id3/id3-mark-sei.ts";
import { canMarkSplices } from "../../media/scte35/splice-mark-sei.ts";
import type { ScheduledAction } from "../switching/schedule-executor.ts";
import { PauseControl } from "./pause-control.ts";
import { OverlayControl } from "./overlay-control.ts";
import { overlaysStillOn } from "../program/overlay-history.ts";
import { MotionGraphicsControl } from "../motion-graphics/motion-graphics-control.ts";
import { AudioSelectorAlerts } from "./audio-selection.ts";
import { fedLayout, fedSelectorKeys, fedStreamLayout } from "./fed-layout.ts";
import { loadSlate, type ImageControlOptions } from "./slate.ts";
import type { StoredScheduleAction } from "../../domain/records.ts";
import { failoverPairOf } from "../switching/failover-pair.ts";
import { InputSwitcher } from "./input-switcher.ts";
import type { FromWorker, PipelineSpec, PipelineStats, SourceStats, WorkerAlert } from "./messages.ts";
import type { SourceReader } from "./source-reader.ts";
import { SpliceMarkLog } from "../../output/hls/splice-mark-log.ts";
import { channelPassesScte35 } from "../../output/scte35/scte35-passthrough.ts";
import { AvailFeed, availFeedSettings, channelBlanks, channelWritesAdMarkers } from "../scte35/avail-feed.ts";
import { BlankingControl } from "./blanking-control.ts";
import { Scte35Schedule } from "../scte35/scte35-schedule.ts";
import { Scte35Source } from "../scte35/scte35-source.ts";

/** The counters before the outputs have started. */
const NO_OUTPUTS_YET = { encoderFrames: 0, encoderExits: 0, segmentsPublished: 0, uploadFailures: 0 } as const;
/** How long a starting pipeline waits for its source's first keyframe to learn its layout. */
export const INITIAL_PROBE_MS = 2_500;
const TICK_MS = 40;
const DETECTED_FRESH_MS = 2_000;
const MONITOR_INTERVAL_MS = 1_000;
/** MediaLive's defaults for inputLossBehavior. */
const DEFAULT_REPEAT_FRAME_MS = 1_000;
const DEFAULT_BLACK_FRAME_MS = 10_000;
const DEFAULT_INPUT_LOSS_MS = 1_000;

export class PipelineWorker {
  readonly #spec: PipelineSpec;
  readonly #send: (message: FromWorker) => void;
  readonly #logger: Logger;
  #inputs: InputSwitcher | undefined;
  #layout: ProgramLayout | undefined;
  #timeline: ProgramTimeline | undefined;
  #muxer: TsMuxer | undefined;
  /** ID3 timed metadata the HLS groups ask for (timedMetadataId3Frame), fed beside the pictures. */
  readonly #timedMetadata: TimedMetadataClock;
  /** The schedule's ID3 actions, on the same streams. */
  readonly #scheduleId3: ScheduleId3;
  /** The ID3 of the fMP4 outputs, as marks in the fed pictures. */
  readonly #id3Marks: Id3PictureMarks;
  readonly #pause: PauseControl;
  readonly #overlays: OverlayControl;
  readonly #motionGraphics: MotionGraphicsControl;
  /** The S3 configuration: s3:// outputs and images. */
  readonly #objectStores: ObjectStoreResolver;
  #outputs: ChannelOutputs | undefined;
  /** Ad avails (SCTE-35 of the source and of the schedule) marked on the fed pictures; absent when no output writes ad markers. */
  readonly #avails: AvailFeed | undefined;
  readonly #spliceMarks = new SpliceMarkLog();
  readonly #scte35Schedule = new Scte35Schedule();
  /** Which input's SCTE-35 is read (scte35InputSettings). */
  readonly #scte35Source = new Scte35Source();
  /** availBlanking / blackoutSlate: the slate shown instead of the program (absent when neither is enabled). */
  readonly #blanking: BlankingControl | undefined;
  /** WebVTT subtitle renditions decoded from the fed video's CEA-608 captions (none when no output names one). */
  #captions: WebvttCaptions | undefined;
  /** Caption text files drawn into the picture (none when no output burns captions in). */
  #burnIn: BurnInCaptionsFeed | undefined;
  #slateFile: string | undefined;
  #relayouting = false;
  readonly #secrets: (name: string) => string | undefined;
  #tickTimer: NodeJS.Timeout | undefined;
  #monitorTimer: NodeJS.Timeout | undefined;
  #pauseOnLoss = false;
  #lastPhase: string | undefined;
  #probeAlertSet = false;
  #closing: Promise<void> | undefined;
  // Counters for /metrics (the "stats" message), cumulative since this worker started.
  readonly #startedAtMs = Date.now();
  readonly #selectorAlerts: AudioSelectorAlerts;
  #inputLossMs = 0;
  #lastTickMs: number | undefined;

  constructor(spec: PipelineSpec, send: (message: FromWorker) => void, logger: Logger) {
    this.#spec = spec;
    this.#selectorAlerts = new AudioSelectorAlerts(fedSelectorKeys(spec.config));
    this.#send = send;
    this.#logger = logger;
    this.#secrets = fileSecretResolver(spec.dataDir);
    this.#timedMetadata = new TimedMetadataClock(timedMetadataFeeds(spec.config));
    this.#scheduleId3 = new ScheduleId3(timedMetadataFeeds(spec.config));
    this.#id3Marks = new Id3PictureMarks(id3MarkCarriages(spec.config));
    this.#pause = new PauseControl({ pipelineIndex: spec.pipelineIndex, workDir: spec.workDir, logger });
    this.#objectStores = fileObjectStoreResolver(spec.s3ConfigFile ?? s3ConfigFile("", spec.dataDir));
    const images: ImageControlOptions = { config: spec.config, workDir: spec.workDir, inputRoots: spec.inputRoots, resolveSecret: this.#secrets, objectStores: this.#objectStores, logger, alert: (alert) => this.#alert(alert) };
    this.#blanking = BlankingControl.create(images);
    this.#overlays = new OverlayControl(images);
    this.#motionGraphics = new MotionGraphicsControl({
      canvas: this.#overlays,
      resolveSecret: this.#secrets,
      logger,
      alert: (alert) => this.#alert(alert),
      startRenderer: async (options) => (await import("../motion-graphics/html-renderer.ts")).HtmlRenderer.start(options),
      onActive: (active) => this.#send({ type: "motion-graphics", ...(active ? { actionName: active.actionName, url: active.url } : {}) }),
    });
    this.#avails = channelWritesAdMarkers(spec.config) || channelPassesScte35(spec.config) || channelBlanks(spec.config) ? new AvailFeed(availFeedSettings(spec.config), this.#spliceMarks) : undefined;
  }

  async start(): Promise<void> {
    const spec = this.#spec;
    mkdirSync(spec.workDir, { recursive: true });
    this.#burnIn = BurnInCaptionsFeed.create(spec.config, spec.workDir);
    this.#inputs = new InputSwitcher({
      spec,
      logger: this.#logger,
      resolveSecret: this.#secrets,
      send: this.#send,
      alert: (alert) => this.#alert(alert),
      onAirUnit: (reader, unit, arrivalMs) => this.#onAirUnit(reader, unit, arrivalMs),
      onSwitch: () => {
        this.#timeline?.relock();
        this.#avails?.sourceSwitched();
      },
      onAirScte35: (reader, section, onAir) => {
        if (!this.#scte35Source.reads(reader.attachmentName, onAir)) return;
        // Off air, the splice is placed by how far ahead of that input's latest picture it lies.
        const offAirPts90k = onAir ? undefined : [...reader.gop.units()].reverse().find((buffered) => buffered.unit.kind === "video")?.unit.pts90k;
        if (!onAir && offAirPts90k === undefined) return;
        const ignored = this.#avails?.sourceSection(section, offAirPts90k);
        if (ignored) this.#logger.warn({ input: reader.attachmentName, reason: ignored }, "SCTE-35 message ignored");
      },
      lagIfLockedAt: (arrivalMs) => this.#timeline?.lagIfLockedAt(arrivalMs) ?? 0,
      framesPerSecond: () => (this.#layout ? this.#layout.frameRate.num / this.#layout.frameRate.den : 30),
      onScheduledActions: (actions, nowMs) => this.#scheduled(actions, nowMs),
    });
    await this.#inputs.start();
    this.#scte35Schedule.setSchedule(spec.schedule, Date.now());
    // The image overlays and motion graphics the schedule had on before this pipeline started (the executor does not replay them).
    this.#scheduled(overlaysStillOn(spec.schedule, Date.now()), Date.now());
    this.#monitorTimer = setInterval(() => this.#monitor(), MONITOR_INTERVAL_MS);

    const layout = await this.#probeLayout();
    if (this.#closing) return;
    const fill = await this.#fillFor(layout);
    if (this.#closing) return;
    const loss = spec.config.encoderSettings?.globalConfiguration?.inputLossBehavior;
    // Loss fill starts when the failover pair would fail over (its switch, run first on the same tick, wins).
    const failoverLossMs = failoverPairOf(spec.config)?.policy.inputLossThresholdMs;
    this.#timeline = new ProgramTimeline({
      startMs: Date.now(),
      videoFrameTicks90k: frameTicks(layout),
      fill,
      inputLossThresholdMs: failoverLossMs ?? DEFAULT_INPUT_LOSS_MS,
      repeatFrameMs: loss?.repeatFrameMsec ?? DEFAULT_REPEAT_FRAME_MS,
      blackFrameMs: loss?.blackFrameMsec ?? DEFAULT_BLACK_FRAME_MS,
      epochLocked: isOutputLocked(spec.config),
    });
    const outputs = await ChannelOutputs.open({
      config: spec.config,
      pipelineIndex: spec.pipelineIndex,
      workDir: spec.workDir,
      outputRoots: spec.outputRoots,
      ...(spec.pushAddresses ? { listenAddress: spec.pushAddresses[spec.pipelineIndex] } : {}),
      mediaPackage: spec.mediaPackage,
      spliceMarks: this.#spliceMarks,
      // A cluster claim: what the outputs publish to openlive's origin carries its epoch (a replaced holder is refused).
      ...(spec.clusterEpoch !== undefined ? { clusterClaim: { channelId: spec.channelId, epoch: spec.clusterEpoch } } : {}),
      resolveSecret: this.#secrets,
      objectStores: this.#objectStores,
      logger: this.#logger,
      alert: (alert) => this.#alert(alert),
      onEncoderStarting: (lockedFirstFrame90k) => {
        if (lockedFirstFrame90k !== undefined) this.#timeline?.outputFrom(lockedFirstFrame90k);
        const metadataStreams = timedMetadataFeeds(spec.config).map((feed) => timedMetadataStream(feed.pid));
        if (this.#layout) this.#muxer = new TsMuxer({ streams: [...muxerStreams(this.#layout), ...metadataStreams] });
        this.#timedMetadata.restart();
        this.#scheduleId3.restart();
        this.#id3Marks.restart();
        this.#captions?.encoderStarting();
      },
      onEncoderRunning: (running, detail) => this.#send({ type: "encoder", running, ...(detail !== undefined ? { detail } : {}) }),
    });
    this.#outputs = outputs;
    if (this.#closing) {
      await outputs.close();
      return;
    }
    await this.#applyLayout(layout);
    await outputs.startEncoder({ layout: this.#layout });
    if (this.#closing) return;
    this.#tickTimer = setInterval(() => this.#tick(), TICK_MS);
  }

  /** Fill pictures in the layout's codecs, with the configured loss image (colour or slate). */
  async #fillFor(layout: ProgramLayout): Promise<FillPictures> {
    const loss = this.#spec.config.encoderSettings?.globalConfiguration?.inputLossBehavior;
    if (loss?.inputLossImageType === "SLATE" && loss.inputLossImageSlate && this.#slateFile === undefined) {
      this.#slateFile = await loadSlate(loss.inputLossImageSlate, this.#spec.workDir, this.#secrets, this.#spec.inputRoots, "slate", this.#objectStores).catch((error: Error) => {
        this.#alert({ alertType: AlertCatalogue.SLATE_MISSING.alertType, message: `the input-loss slate cannot be read: ${error.message}`, state: "SET", atMs: Date.now() });
        return "";
      });
    }
    return makeFillPictures({ layout, ...(loss?.inputLossImageColor ? { imageColor: loss.inputLossImageColor } : {}), ...(this.#slateFile ? { slateFile: this.#slateFile } : {}) });
  }

  /** The encoder plan and master playlists for a layout. */
  async #applyLayout(layout: ProgramLayout): Promise<void> {
    this.#layout = layout;
    void this.#blanking?.prepare(layout);
    const plan = await this.#outputs!.plan(fedStreamLayout(layout));
    this.#overlays.usePlan(plan.overlays);
    this.#motionGraphics.planReady();
    this.#captions ??= WebvttCaptions.create({ config: this.#spec.config, plan, videoCodec: layout.videoCodec, logger: this.#logger });
    this.#captions?.useVideoCodec(layout.videoCodec);
    this.#burnIn?.useVideoCodec(layout.videoCodec);
    // Only when every output group is an HLS group asking PAUSE_OUTPUT: groups of other kinds (UDP …) are not in plan.groups and keep sending.
    const allGroups = this.#spec.config.encoderSettings?.outputGroups?.length ?? 0;
    this.#pauseOnLoss = plan.groups.length === allGroups && plan.groups.length > 0 && plan.groups.every((group) => group.inputLossAction === "PAUSE_OUTPUT");
  }

  /**
   * The active source now carries other codecs (an upstream re-configured from H.264 to
   * HEVC, AAC to AC-3): the encoder is restarted for the new layout — the TS it reads
   * cannot change codecs on a PID — and the HLS output continues with a discontinuity.
   */
  async #relayout(): Promise<void> {
    if (this.#relayouting || this.#closing || !this.#timeline) return;
    this.#relayouting = true;
    try {
      const active = this.#inputs?.active;
      const info = active?.monitor.snapshot(Date.now()).streamInfo;
      const layout = fedLayout(this.#spec.config, info, active);
      this.#logger.info({ from: this.#layout, to: layout }, "the source's codecs changed; restarting the encoder");
      const fill = await this.#fillFor(layout);
      await this.#outputs?.stopEncoder();
      if (this.#closing || !this.#outputs) return;
      this.#timeline.replaceFill(fill, frameTicks(layout));
      await this.#applyLayout(layout);
      await this.#outputs.startEncoder({ layout: this.#layout });
    } catch (error) {
      this.#logger.error({ err: error }, "re-layout failed");
    } finally {
      this.#relayouting = false;
    }
  }

  updateAllowList(inputId: string, cidrs: readonly string[]): void {
    this.#inputs?.updateAllowList(inputId, cidrs);
  }

  /** A new schedule (BatchUpdateSchedule / DeleteSchedule) while the channel runs. */
  setSchedule(actions: readonly StoredScheduleAction[]): void {
    this.#inputs?.setSchedule(actions);
    this.#scte35Schedule.setSchedule(actions, Date.now());
  }

  /** Waits for the active source's first keyframe (its layout), at most INITIAL_PROBE_MS. */
  async #probeLayout(): Promise<ProgramLayout> {
    // The source's layout matters only where the channel follows the source (size, frame
    // rate, pass-through audio); otherwise the encoder starts at once and a source that turns
    // out to carry other codecs re-plans it (#relayout).
    const waitMs = followsSource(this.#spec.config) ? INITIAL_PROBE_MS : 0;
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline && !this.#closing) {
      if (this.#inputs?.active?.videoTrackId !== undefined) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const probeAlert = (): void => {
      if (this.#inputs?.active?.videoTrackId !== undefined || this.#closing) return;
      this.#probeAlertSet = true;
      this.#alert({ alertType: AlertCatalogue.INITIAL_PROBE_SLOW.alertType, message: `no video arrived on ${this.#inputs?.active?.attachmentName ?? "the input"} within ${INITIAL_PROBE_MS} ms; publishing input-loss fill until it does`, state: "SET", atMs: Date.now() });
    };
    if (waitMs > 0) probeAlert();
    else setTimeout(probeAlert, INITIAL_PROBE_MS).unref();
    const active = this.#inputs?.active;
    const info = active?.monitor.snapshot(Date.now()).streamInfo;
    return fedLayout(this.#spec.config, info, active);
  }

  /** A unit of the input on air (live, or replayed from its GOP with its arrival time). */
  #onAirUnit(reader: SourceReader, unit: AccessUnit, nowMs: number): void {
    if (unit.kind === "video") {
      if (reader.videoTrackId === undefined || unit.trackId !== reader.videoTrackId) return;
      if (this.#layout && unit.codec !== this.#layout.videoCodec) {
        if (unit.keyframe && isFedVideoCodec(unit.codec)) void this.#relayout();
        return;
      }
      const fed = this.#timeline?.live({ track: "video", pts90k: unit.pts90k, dts90k: unit.dts90k, keyframe: unit.keyframe, data: unit.data }, nowMs);
      const picture = fed?.find((out) => out.track === "video" && out.data === unit.data);
      if (picture) this.#avails?.sourcePicture(unit.pts90k, picture.pts90k);
      this.#feed(fed);
      return;
    }
    const layout = this.#layout;
    if (!layout) return;
    layout.audio.forEach((track, index) => {
      if (reader.audioTrackFor(track.selectorName) !== unit.trackId) return;
      if (unit.codec !== track.codec) {
        if (isFedAudioCodec(unit.codec)) void this.#relayout();
        return;
      }
      this.#feed(this.#timeline?.live({ track: index, pts90k: unit.pts90k, dts90k: unit.dts90k, keyframe: true, data: unit.data }, nowMs));
    });
  }

  #tick(): void {
    const timeline = this.#timeline;
    if (!timeline) return;
    const nowMs = Date.now();
    // Failover and schedule first: a switch at the loss declaration replays the new input
    // before the timeline would fill the gap.
    this.#inputs?.tick(nowMs);
    for (const due of this.#scte35Schedule.due(nowMs, (name) => this.#inputs?.inputEndedAtMs(name))) {
      if (due.settings.scte35InputSettings) this.#scte35Source.select(due.settings.scte35InputSettings);
      else this.#avails?.scheduled(due.settings);
    }
    // Input-loss time: the phase shown since the last tick applies to the time in between.
    if (this.#lastTickMs !== undefined && this.#lastPhase !== undefined && this.#lastPhase !== FillPhases.LIVE && this.#lastPhase !== FillPhases.PAUSED) this.#inputLossMs += Math.max(0, nowMs - this.#lastTickMs);
    this.#lastTickMs = nowMs;
    const units = timeline.tick(nowMs);
    const phase = timeline.phase;
    if (phase !== this.#lastPhase) this.#phaseChanged(phase);
    this.#captions?.tick(nowMs);
    // An output-locked run's first frame (on its segment boundary) goes out even then: the run's numbering starts there.
    if (this.#pauseOnLoss && phase !== FillPhases.LIVE && phase !== FillPhases.PAUSED) return this.#feed(units.filter((unit) => timeline.startsRun(unit)));
    this.#feed(units);
  }

  #phaseChanged(phase: string): void {
    const wasLive = this.#lastPhase === FillPhases.LIVE;
    this.#lastPhase = phase;
    const name = this.#inputs?.active?.attachmentName ?? "the input";
    this.#inputs?.setOnAirLive(phase === FillPhases.LIVE);
    if (phase === FillPhases.LIVE) {
      this.#alert({ alertType: AlertCatalogue.VIDEO_NOT_DETECTED.alertType, message: `video arrives on ${name}`, state: "CLEARED", atMs: Date.now() });
      if (this.#probeAlertSet) {
        this.#probeAlertSet = false;
        this.#alert({ alertType: AlertCatalogue.INITIAL_PROBE_SLOW.alertType, message: `video arrives on ${name}`, state: "CLEARED", atMs: Date.now() });
      }
    } else if (phase !== FillPhases.PAUSED && (wasLive || this.#lastPhase === undefined || phase === FillPhases.BLACK)) {
      this.#alert({ alertType: AlertCatalogue.VIDEO_NOT_DETECTED.alertType, message: `no video on ${name}: the output shows input-loss fill (${phase.toLowerCase()})`, state: "SET", atMs: Date.now() });
    }
  }

  #feed(units: readonly ProgramUnit[] | undefined): void {
    const muxer = this.#muxer;
    const outputs = this.#outputs;
    if (!units?.length || !muxer || !outputs?.accepting) return;
    const packets: Uint8Array[] = [];
    for (const original of units) {
      // The splices landing on a picture decide the slate shown from it on; their marks go into what is fed there.
      const markIds = original.track === "video" ? (this.#avails?.land(original.pts90k) ?? []) : [];
      const shown = this.#blanking?.unit(original, this.#avails?.slate ?? null) ?? original;
      const spliced = markIds.length > 0 && this.#avails && this.#layout ? { ...shown, data: this.#avails.mark(this.#layout.videoCodec, shown.data, markIds) } : shown;
      const unit = this.#withId3Marks(spliced);
      const pid = unit.track === "video" ? VIDEO_PID : FIRST_AUDIO_PID + unit.track;
      if (unit.track === "video") {
        this.#captions?.video(unit.pts90k, unit.data);
        this.#burnIn?.video(unit.pts90k, unit.data);
      }
      packets.push(...muxer.mux({ trackId: pid, pts90k: unit.pts90k, dts90k: unit.dts90k, keyframe: unit.keyframe, data: unit.data }));
      if (unit.track === "video") this.#pause.fed(unit.data, unit.keyframe);
      else {
        this.#scheduleId3.observe(unit.pts90k);
        this.#id3Marks.observe(unit.pts90k);
      }
      if (unit.track === "video" && !this.#timedMetadata.empty) {
        const tags = [...this.#timedMetadata.picture(unit.pts90k, Date.now()), ...this.#scheduleId3.picture(unit.pts90k, Date.now())];
        for (const tag of tags) packets.push(...muxer.mux({ trackId: tag.pid, pts90k: tag.pts90k, dts90k: tag.pts90k, keyframe: false, data: tag.data }));
      }
    }
    outputs.write(packets);
  }

  /** A video unit with the ID3 marks of its picture (none for codecs that cannot carry them); other units as they are. */
  #withId3Marks(unit: ProgramUnit): ProgramUnit {
    const codec = this.#layout?.videoCodec;
    if (unit.track !== "video" || this.#id3Marks.empty || !codec || !canMarkSplices(codec)) return unit;
    const marks = this.#id3Marks.picture(unit.pts90k, Date.now());
    return marks.length === 0 ? unit : { ...unit, data: insertId3Marks(codec, unit.data, marks) };
  }

  /** Schedule actions other than input switches and prepares (ID3 metadata, pause). */
  #scheduled(actions: readonly ScheduledAction[], nowMs: number): void {
    for (const action of actions) {
      if (ScheduleId3.handles(action)) {
        this.#scheduleId3.action(action);
        this.#id3Marks.action(action);
      }
      else if (PauseControl.handles(action)) this.#pause.apply(action, this.#timeline, this.#layout, nowMs);
      else if (OverlayControl.handles(action)) this.#overlays.apply(action);
      else if (MotionGraphicsControl.handles(action)) this.#motionGraphics.apply(action);
      else this.#logger.info({ actionName: action.actionName, type: action.type }, "schedule action with no effect in this pipeline");
    }
  }

  #monitor(): void {
    const nowMs = Date.now();
    const figures = this.#inputs?.figures(nowMs);
    if (figures) this.#send(figures);
    const active = this.#inputs?.active;
    const onAir = active ? { attachmentName: active.attachmentName, inputId: active.options.input.id, audioSelectors: active.options.attachment.inputSettings?.audioSelectors } : undefined;
    for (const alert of this.#selectorAlerts.update(onAir, nowMs)) this.#alert(alert);
    const sources: SourceStats[] = [];
    for (const reader of this.#inputs?.readers ?? []) {
      const inputId = reader.options.input.id;
      for (const alert of reader.monitor.checkAlerts(nowMs)) {
        this.#alert({ alertType: alert.alertType, message: alert.message, state: alert.state, atMs: alert.clearedAtMs ?? alert.setAtMs, inputId });
      }
      const snapshot = reader.monitor.snapshot(nowMs);
      sources.push(reader.stats(snapshot, nowMs));
      // Only a source that delivers now is reported: a lost one keeps its last report (and its age).
      if (snapshot.lastVideoMs !== undefined && nowMs - snapshot.lastVideoMs < DETECTED_FRESH_MS) this.#send({ type: "detected", inputId, streamInfo: snapshot.streamInfo, atMs: nowMs });
    }
    this.#send({ type: "stats", stats: this.#stats(nowMs, figures, sources) });
  }

  #stats(nowMs: number, figures: Extract<FromWorker, { type: "figures" }> | undefined, sources: readonly SourceStats[]): PipelineStats {
    return {
      startedAtMs: this.#startedAtMs,
      ...(this.#outputs?.stats(nowMs) ?? NO_OUTPUTS_YET),
      inputLossMs: this.#inputLossMs,
      failovers: figures?.failovers ?? 0,
      secondaryMs: figures?.secondaryMs ?? 0,
      switches: figures?.switches ?? 0,
      sources,
    };
  }

  #alert(alert: WorkerAlert): void {
    this.#send({ type: "alert", alert });
  }

  /** Stops ingest and the encoder (which finishes its segments); idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearInterval(this.#tickTimer);
      clearInterval(this.#monitorTimer);
      this.#outputs?.halt();
      this.#overlays.close();
      await this.#motionGraphics.close();
      await this.#inputs?.close();
      await this.#outputs?.close();
      this.#burnIn?.close();
    })();
    return this.#closing;
  }
}

function frameTicks(layout: ProgramLayout): number {
  return Math.round((90_000 * layout.frameRate.den) / layout.frameRate.num);
}

/** Whether the encoder's output depends on the source's layout: a size, frame rate or audio taken from it. */
function followsSource(config: PipelineSpec["config"]): boolean {
  const settings = config.encoderSettings;
  const video = (settings?.videoDescriptions ?? []).some((description) => {
    const h264 = description.codecSettings?.h264Settings;
    return description.width === undefined || description.height === undefined || (h264 !== undefined && h264.framerateControl !== "SPECIFIED");
  });
  return video || (settings?.audioDescriptions ?? []).some((description) => description.codecSettings?.passThroughSettings !== undefined);
}
