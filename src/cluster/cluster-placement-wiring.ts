// What a serving node runs of the cluster. A single node (or a shared store without a
// cluster) keeps its local runtime as it is. A cluster node (a PostgreSQL store, and a role
// other than all or a zone) answers the API through ClusterChannelRuntime (StartChannel and
// StopChannel record and remove wanted pipelines; DescribeChannel and ListAlerts read the
// holders' reports), and a worker (role worker, or all with a zone) also syncs the zones from
// the cluster config, registers, answers its zone peers' failsafe probe and runs the pipelines
// it claims on the local runtime.

import { existsSync } from "node:fs";
import type { Logger } from "pino";
import type { ChangeFeed } from "../domain/change-feed.ts";
import type { ChannelRecord } from "../domain/channels/channel-record.ts";
import type { ChannelRuntimePort } from "../domain/channels/channel-runtime-port.ts";
import type { ClusterInventoryPort } from "../domain/cluster-inventory-port.ts";
import type { Repository } from "../domain/repository.ts";
import type { ValidationProblem } from "../shared/errors.ts";
import { ClusterChangeRelay } from "./change-relay.ts";
import { ClusterChannelRuntime } from "./cluster-channel-runtime.ts";
import { readClusterConfig } from "./cluster-config.ts";
import { AddressTakeover } from "./address/address-takeover.ts";
import { addressHoldingHost } from "./address/address-holding-host.ts";
import { ClusterEndpoints } from "./cluster-endpoints.ts";
import { StoreClusterInventory } from "./cluster-inventory.ts";
import { ClusterPlacement } from "./cluster-placement.ts";
import { ClusterStore } from "./cluster-store.ts";
import { NODE_ROLES, type NodeRole } from "./cluster-types.ts";
import { ClusterWorker, type PipelineHost } from "./cluster-worker.ts";
import { runtimePipelineHost, type PipelineRuntime } from "./runtime-pipeline-host.ts";
import { thumbnailPublishingHost, type ThumbnailSource } from "./thumbnail-publishing-host.ts";
import { DEFAULT_WORKER_TIMINGS } from "./worker-loop.ts";

export interface ClusterNodeConfig {
  readonly store: string;
  readonly role: NodeRole;
  readonly zone: string;
  readonly nodeId: string;
  readonly capacityUnits: number;
  readonly clusterConfig: string;
  readonly clusterProbeHost: string;
  readonly clusterProbePort: number;
}

export interface ClusterWiring {
  /** The runtime the API talks to. */
  readonly runtime: ChannelRuntimePort;
  /** Whether this node runs stored channels itself (resume on start): a single node only. */
  readonly runsChannelsLocally: boolean;
  /** Starts the worker side, if this node is a worker (once the API listens). */
  startWorker(): Promise<void>;
  /** The cluster's zones and workers for MediaLive Anywhere's read operations; absent on a single node. */
  readonly inventory?: ClusterInventoryPort;
  /** The cluster's store on a cluster node (openlive's origin checks publishing epochs against it); absent on a single node. */
  readonly store?: ClusterStore;
  /** Releases held pipelines (zone peers take them at once), stops probing and closes the database pool. Idempotent. */
  close(): Promise<void>;
}

/** A pipeline that cannot start goes back to its zone (WorkerLoop); the reason is logged here. */
function loggedFailures(host: PipelineHost, logger: Logger): PipelineHost {
  return {
    start: (pipeline, onReport) =>
      host.start(pipeline, onReport).catch((error: unknown) => {
        logger.error({ err: error, channelId: pipeline.channelId, pipeline: pipeline.pipeline, epoch: pipeline.epoch }, "cluster: claimed pipeline could not start; released");
        throw error;
      }),
    stop: (pipeline, reason) => host.stop(pipeline, reason),
  };
}

export function isClusterNode(config: { store: string; role: NodeRole; zone: string }): boolean {
  return config.store !== "" && (config.role !== NODE_ROLES.ALL || config.zone !== "");
}

export function wireCluster(
  config: ClusterNodeConfig,
  local: {
    runtime: ChannelRuntimePort & PipelineRuntime & ThumbnailSource & { keepWarmPipelineProcess(): void };
    repository: Repository;
    changes: ChangeFeed;
    logger: Logger;
    nowMs: () => number;
    checkOutputPlaces: (config: ChannelRecord["config"]) => ValidationProblem[];
    /** Re-read what running pipelines act on (schedules, allow-lists): another node's changes may have been missed. */
    resync: () => void;
  },
): ClusterWiring {
  if (!isClusterNode(config)) return { runtime: local.runtime, runsChannelsLocally: true, startWorker: async () => undefined, close: async () => undefined };
  const { logger } = local;
  const onIdleError = (error: Error): void => logger.warn({ err: error }, "cluster: an idle database connection failed");
  const store = ClusterStore.open(config.store, { onIdleError });
  const endpoints = ClusterEndpoints.open(config.store, onIdleError);
  const leaseMs = DEFAULT_WORKER_TIMINGS.leaseMs;
  const runtime = new ClusterChannelRuntime({ store, placement: new ClusterPlacement(store, leaseMs, endpoints), repository: local.repository, changes: local.changes, leaseMs, nowMs: local.nowMs, checkOutputPlaces: local.checkOutputPlaces });
  // Schedule and security-group changes made through any node reach the pipelines this node runs.
  const changeRelay = ClusterChangeRelay.start({ url: config.store, nodeId: config.nodeId, changes: local.changes, logger, onResync: local.resync });
  let worker: ClusterWorker | undefined;
  let addresses: AddressTakeover | undefined;
  let closing: Promise<void> | undefined;
  return {
    runtime,
    store,
    inventory: new StoreClusterInventory(store, leaseMs),
    runsChannelsLocally: false,
    async startWorker() {
      if (config.role === NODE_ROLES.API || config.zone === "" || closing) return;
      const zones = existsSync(config.clusterConfig) ? readClusterConfig(config.clusterConfig) : undefined;
      if (zones) await store.syncZones(zones);
      else logger.info({ clusterConfig: config.clusterConfig }, "cluster: no cluster config file here; using the zones already in the database");
      // The zone's address settings (interface, hook) come from this node's cluster config; without them no address moves.
      const zone = zones?.find((entry) => entry.name === config.zone) ?? { name: config.zone, pushAddresses: [] };
      addresses = AddressTakeover.forZone(zone, config.nodeId, {
        logger,
        // Not tied to one pipeline's report: logged on the worker (ListAlerts does not show it yet).
        onAlert: (alert) => (alert.state === "SET" ? logger.warn({ alert }, "cluster: endpoint address takeover failed") : logger.info({ alert }, "cluster: endpoint addresses in place again")),
      });
      // A pipeline taken over starts in a process started ahead of need (Node's start and imports cost seconds under load).
      local.runtime.keepWarmPipelineProcess();
      worker = await ClusterWorker.start({
        store,
        node: { nodeId: config.nodeId, role: config.role, zone: config.zone, capacityUnits: config.capacityUnits },
        host: loggedFailures(thumbnailPublishingHost(addressHoldingHost(runtimePipelineHost(local.runtime, local.nowMs), addresses, local.repository), local.runtime, store, config.nodeId), logger),
        probe: { host: config.clusterProbeHost, port: config.clusterProbePort },
        onEvent: (event) => {
          switch (event.kind) {
            case "claimed":
              return logger.info({ channelId: event.pipeline.channelId, pipeline: event.pipeline.pipeline, epoch: event.pipeline.epoch, zone: event.pipeline.zone }, "cluster: pipeline claimed");
            case "stopped":
              return logger.info({ channelId: event.pipeline.channelId, pipeline: event.pipeline.pipeline, epoch: event.pipeline.epoch, reason: event.reason }, "cluster: pipeline stopped");
            case "stop-failed":
              return logger.error({ err: event.error, channelId: event.pipeline.channelId, pipeline: event.pipeline.pipeline, epoch: event.pipeline.epoch, reason: event.reason }, "cluster: stopping a pipeline failed; its lease is given up all the same");
            case "kept-failsafe":
              return logger.warn({ channelId: event.pipeline.channelId, pipeline: event.pipeline.pipeline }, "cluster: database unreachable for every zone peer too; keeping the pipeline on air");
            case "database-unreachable":
              return logger.warn({ err: event.error }, "cluster: database unreachable");
            case "database-reachable":
              return logger.info("cluster: database reachable again");
          }
        },
      });
      logger.info({ nodeId: config.nodeId, zone: config.zone, capacityUnits: config.capacityUnits }, "cluster: worker registered");
    },
    close() {
      closing ??= (async () => {
        await worker?.close();
        await changeRelay.close();
        await addresses?.close();
        await endpoints.close();
        await store.close();
      })();
      return closing;
    },
  };
}
