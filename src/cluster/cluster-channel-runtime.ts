// The channel-runtime port on a cluster node: no pipeline runs in this process for the API.
// StartChannel stores STARTING and records the wanted pipelines (the placement port); workers
// of their zones claim and run them; DescribeChannel and ListAlerts read what the holders
// report (cluster-run-view.ts), so every API node answers the same. StopChannel removes the
// wanted pipelines (each holder learns it at its next renewal and stops) and stores IDLE.

import type { ChangeFeed } from "../domain/change-feed.ts";
import type { ChannelRecord } from "../domain/channels/channel-record.ts";
import type { ChannelAlert, ChannelRunView, ChannelRuntimePort, DetectedInputProperties, Thumbnail } from "../domain/channels/channel-runtime-port.ts";
import { CHANNEL_TRANSITIONS, checkMayStart, checkMayStopIdle, wrongState } from "../domain/channels/channel-states.ts";
import type { PipelinePlacementPort } from "../domain/channels/pipeline-placement-port.ts";
import type { Repository } from "../domain/repository.ts";
import { ApiError, summarizeProblems, type ValidationProblem } from "../shared/errors.ts";
import { clusterAlerts, clusterRunView } from "./cluster-run-view.ts";
import type { ClusterStore } from "./cluster-store.ts";

export interface ClusterChannelRuntimeOptions {
  readonly store: ClusterStore;
  readonly placement: PipelinePlacementPort;
  readonly repository: Repository;
  readonly changes: ChangeFeed;
  /** A pipeline unheld for longer than this raises Pipeline Has No Worker. */
  readonly leaseMs: number;
  /** Wall-clock milliseconds (alert times). */
  readonly nowMs: () => number;
  /**
   * Problems with where a channel publishes (the nodes share one configuration of output
   * roots): refused here, as on a single node, rather than by every worker that claims it.
   */
  readonly checkOutputPlaces?: (config: ChannelRecord["config"]) => ValidationProblem[];
}

export class ClusterChannelRuntime implements ChannelRuntimePort {
  constructor(private readonly options: ClusterChannelRuntimeOptions) {}

  async start(record: ChannelRecord): Promise<ChannelRecord> {
    checkMayStart(record, false);
    const problems = this.options.checkOutputPlaces?.(record.config) ?? [];
    if (problems.length) throw new ApiError("OL_CHANNEL_OUTPUT_REFUSED", { id: record.id, problems: summarizeProblems(problems) });
    const { repository, placement } = this.options;
    const starting = (await repository.setChannelState(record.id, CHANNEL_TRANSITIONS.started)) ?? record;
    try {
      await placement.desire(starting);
    } catch (error) {
      await repository.setChannelState(record.id, CHANNEL_TRANSITIONS.stopped);
      throw error;
    }
    this.changed(record.id);
    return starting;
  }

  /**
   * The rows go at once, so the holders' next renewal (within a heartbeat) matches nothing and
   * they stop; nothing is held any more, so the channel is IDLE as soon as they are deleted.
   */
  async stop(record: ChannelRecord): Promise<ChannelRecord> {
    const { repository, placement, store } = this.options;
    if ((await store.readPipelines(record.id)).length === 0) checkMayStopIdle(record);
    const stopping = (await repository.setChannelState(record.id, CHANNEL_TRANSITIONS.stopping)) ?? record;
    await placement.undesire(record.id);
    await repository.setChannelState(record.id, CHANNEL_TRANSITIONS.stopped);
    this.changed(record.id);
    return stopping;
  }

  /**
   * The holders restart the named pipelines: the request reaches them through the change relay
   * (a holder cut off from the database at that moment misses it, as it misses any change).
   */
  async restartPipelines(record: ChannelRecord, pipelineIndices: readonly number[]): Promise<void> {
    if ((await this.options.store.readPipelines(record.id)).length === 0) throw wrongState("restart the pipelines of", record);
    this.options.changes.emit("pipelinesRestartRequested", { channelId: record.id, pipelineIndices: [...pipelineIndices] });
  }

  /**
   * Derived from the holders' reports. The stored state follows (RUNNING once every pipeline
   * ran, RECOVERING while one is down after that), so that a later read knows the channel ran
   * and ListChannels and channel events see the same state.
   */
  async view(channelId: string): Promise<ChannelRunView | undefined> {
    const { store, repository } = this.options;
    const [views, record] = await Promise.all([store.readPipelines(channelId), repository.getChannel(channelId)]);
    if (!record) return undefined;
    const view = clusterRunView(views, record.state);
    if (view?.state !== undefined && view.state !== record.state) {
      await repository.setChannelState(channelId, view.state);
      // A StopChannel between the read and the write deleted the rows and stored IDLE: keep IDLE.
      if ((await store.readPipelines(channelId)).length === 0) await repository.setChannelState(channelId, CHANNEL_TRANSITIONS.stopped);
      this.changed(channelId);
    }
    return view;
  }

  async alerts(channelId: string): Promise<readonly ChannelAlert[]> {
    const views = await this.options.store.readPipelines(channelId);
    return clusterAlerts(views, { channelId, leaseMs: this.options.leaseMs, nowMs: this.options.nowMs() });
  }

  /** The holder's latest picture, as it published it to the cluster's store (thumbnail-publishing-host.ts). */
  async thumbnail(channelId: string, pipelineIndex: number): Promise<Thumbnail | undefined> {
    if (pipelineIndex !== 0 && pipelineIndex !== 1) return undefined;
    return this.options.store.readThumbnail(channelId, pipelineIndex);
  }

  /** What the holders report detecting in the input, one entry per pipeline reading it under a live lease. */
  async detectedProperties(inputId: string): Promise<readonly DetectedInputProperties[]> {
    const views = await this.options.store.readPipelines();
    return views.flatMap((view) => {
      const detection = view.leaseLive ? view.report?.detectedInputs?.[inputId] : undefined;
      return detection ? [{ pipelineIndex: view.pipeline, streamInfo: detection.streamInfo, atMs: detection.sinceMs }] : [];
    }).sort((a, b) => a.pipelineIndex - b.pipelineIndex);
  }

  private changed(channelId: string): void {
    this.options.changes.emit("channelChanged", { channelId });
  }
}
