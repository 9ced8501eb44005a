// The worker side of a cluster node: the failsafe probe server, the WorkerLoop that claims and
// renews the pipelines of the node's zone, and the reports of what it holds. What a claimed
// pipeline is (a local process, or a fake in tests) is the PipelineHost's business.

import os from "node:os";
import type { ClusterStore } from "./cluster-store.ts";
import type { ClaimedPipeline, HeldPipeline, NodeRegistration, PipelineReport } from "./cluster-types.ts";
import { PipelineReports } from "./pipeline-reports.ts";
import { DEFAULT_WORKER_TIMINGS, WorkerLoop, type StopReason, type WorkerLoopEvent, type WorkerTimings } from "./worker-loop.ts";
import { probeZonePeers, startZoneProbeServer, type ZoneProbeServer } from "./zone-probe-http.ts";

/** Runs the pipelines this node holds leases on. */
export interface PipelineHost {
  /** Starts this one pipeline under the claim's epoch; `onReport` takes each new report of it. */
  start(pipeline: ClaimedPipeline, onReport: (report: PipelineReport) => void): Promise<void>;
  /** Stops it; resolves when its outputs are closed. */
  stop(pipeline: HeldPipeline, reason: StopReason): Promise<void>;
}

export interface ClusterWorkerOptions {
  readonly store: ClusterStore;
  readonly node: Omit<NodeRegistration, "controlUrl"> & { readonly zone: string };
  readonly host: PipelineHost;
  /** Where the failsafe probe server listens (port 0: any free port). */
  readonly probe: { readonly host: string; readonly port: number };
  readonly timings?: Partial<WorkerTimings>;
  readonly onEvent?: (event: WorkerLoopEvent) => void;
}

/** A wildcard bind address is no address for a peer: the host name stands in. */
function reachableUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === "0.0.0.0" || parsed.hostname === "[::]") parsed.hostname = os.hostname();
  return parsed.origin;
}

export class ClusterWorker {
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly loop: WorkerLoop,
    private readonly reports: PipelineReports,
    private readonly probeServer: ZoneProbeServer,
  ) {}

  /** Starts the probe server, registers the node (with the probe's URL) and starts claiming. */
  static async start(options: ClusterWorkerOptions): Promise<ClusterWorker> {
    const timings = { ...DEFAULT_WORKER_TIMINGS, ...options.timings };
    let loop: WorkerLoop | undefined;
    // Reports start with the first claim, after the loop exists; a renewal would find a loss too.
    const reports = new PipelineReports(options.store, options.node.nodeId, (pipeline) => loop?.lost(pipeline), timings.heartbeatMs);
    const probeServer = await startZoneProbeServer({
      host: options.probe.host,
      port: options.probe.port,
      nodeId: options.node.nodeId,
      // Before the loop runs this node has not seen the database for any time: it could take over only after a full lease.
      takeOverInMs: async () => (loop ? loop.takeOverInMs() : timings.leaseMs),
    });
    try {
      loop = await WorkerLoop.start({
        store: options.store,
        node: { ...options.node, controlUrl: reachableUrl(probeServer.url) },
        timings,
        probe: probeZonePeers,
        callbacks: {
          start: (pipeline) => options.host.start(pipeline, (report) => reports.update(pipeline, report)),
          stop: async (pipeline, reason) => {
            reports.forget(pipeline);
            await options.host.stop(pipeline, reason);
          },
        },
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      });
    } catch (error) {
      reports.close();
      await probeServer.close();
      throw error;
    }
    return new ClusterWorker(loop, reports, probeServer);
  }

  held(): ClaimedPipeline[] {
    return this.loop.heldPipelines();
  }

  /** Stops every pipeline and releases its lease (a zone peer claims it at its next poll), then stops answering probes. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.loop.close();
      this.reports.close();
      await this.probeServer.close();
    })();
    return this.closing;
  }
}
