// A worker's side of the cluster: register, heartbeat and renew its leases, claim wanted
// pipelines of its zone, and start or stop them through callbacks as the leases come and go.
// What to do with each held lease when renewals fail is decided by lease-state.ts; this file
// owns the timers and the database round trips.

import type { ClusterStore } from "./cluster-store.ts";
import type { ClaimedPipeline, HeldPipeline, NodeRegistration } from "./cluster-types.ts";
import { promptClaimDelayMs } from "./claim-timing.ts";
import { afterRenew, LEASE_VERDICTS, leaseClaimed, leaseVerdict, type LeaseState, type LeaseTimings, type ZoneProbe } from "./lease-state.ts";

export interface WorkerTimings extends LeaseTimings {
  readonly heartbeatMs: number;
  readonly pollMs: number;
  /** How often held leases are checked against the clock (no database work). */
  readonly checkMs: number;
  readonly probeTimeoutMs: number;
  /**
   * How long this worker's own answer to a peer's probe may take (its database round trip
   * included); less than probeTimeoutMs, or a peer asking while the database hangs would count
   * it as not answering and stop pipelines nobody can take over.
   */
  readonly probeAnswerMs: number;
}

/**
 * Lease 6 s, heartbeat 2 s (three renewals per lease), claim poll 1 s, self-fence 1 s before
 * expiry. The probe timeout covers a peer's own database check (the store's statement timeout,
 * 1.5 s by default) so that "I cannot reach it either" arrives before the trust window ends.
 */
export const DEFAULT_WORKER_TIMINGS: WorkerTimings = { leaseMs: 6000, heartbeatMs: 2000, pollMs: 1000, marginMs: 1000, checkMs: 100, probeTimeoutMs: 2000, probeAnswerMs: 1000 };

export const STOP_REASONS = { ...LEASE_VERDICTS, RELEASED: "RELEASED", REPLACED_NODE: "REPLACED_NODE" } as const;
export type StopReason = (typeof STOP_REASONS)[Exclude<keyof typeof STOP_REASONS, "HOLD" | "KEEP_FAILSAFE">];

export interface PipelineCallbacks {
  /** Start the pipeline under this epoch (add its addresses, spawn it). */
  start(pipeline: ClaimedPipeline): void | Promise<void>;
  /** Stop it (outputs closed, addresses dropped) before this returns. */
  stop(pipeline: HeldPipeline, reason: StopReason): void | Promise<void>;
}

export type WorkerLoopEvent =
  | { readonly kind: "claimed"; readonly pipeline: ClaimedPipeline }
  | { readonly kind: "stopped"; readonly pipeline: HeldPipeline; readonly reason: StopReason }
  /** The stop callback threw: the lease is given up all the same (the epoch fences what still runs). */
  | { readonly kind: "stop-failed"; readonly pipeline: HeldPipeline; readonly reason: StopReason; readonly error: Error }
  | { readonly kind: "kept-failsafe"; readonly pipeline: HeldPipeline }
  | { readonly kind: "database-unreachable"; readonly error: Error }
  | { readonly kind: "database-reachable" };

export interface WorkerLoopOptions {
  readonly store: ClusterStore;
  readonly node: NodeRegistration & { readonly zone: string };
  readonly callbacks: PipelineCallbacks;
  readonly timings?: Partial<WorkerTimings>;
  /** Most pipelines taken per poll, so that the zone's other workers get their share. */
  readonly maxClaimsPerPoll?: number;
  /** Asks zone peers whether they reach the database; absent: no failsafe (always self-fence). */
  readonly probe?: (peers: readonly { nodeId: string; controlUrl: string }[], timeoutMs: number, atMs: number) => Promise<ZoneProbe>;
  /** Monotonic milliseconds. */
  readonly nowMs?: () => number;
  readonly onEvent?: (event: WorkerLoopEvent) => void;
}

interface Lease {
  readonly pipeline: ClaimedPipeline;
  state: LeaseState;
  keptReported: boolean;
}

const keyOf = (pipeline: { channelId: string; pipeline: number }): string => `${pipeline.channelId}/${pipeline.pipeline}`;
const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

export class WorkerLoop {
  private readonly timings: WorkerTimings;
  private readonly nowMs: () => number;
  private readonly leases = new Map<string, Lease>();
  private readonly timers: NodeJS.Timeout[] = [];
  /** A claim attempt at the instant a peer's lease expires (between regular polls). */
  private promptClaim: NodeJS.Timeout | undefined;
  private peers: readonly { nodeId: string; controlUrl: string }[] = [];
  /** Since when (monotonic) every database round trip has succeeded; undefined while it fails. */
  private reachableSinceMs: number | undefined;
  private lastProbe: ZoneProbe | undefined;
  private busy = { heartbeat: false, poll: false, check: false, probe: false };
  private closing: Promise<void> | undefined;
  /** Another process registered this node id: this one holds nothing and claims nothing more. */
  private replaced = false;

  private constructor(
    private readonly options: WorkerLoopOptions,
    private readonly incarnation: string,
  ) {
    this.timings = { ...DEFAULT_WORKER_TIMINGS, ...options.timings };
    this.nowMs = options.nowMs ?? (() => performance.now());
    this.reachableSinceMs = this.nowMs();
  }

  /** Registers the node (letting go of what a previous process of the same node id held) and starts the timers. */
  static async start(options: WorkerLoopOptions): Promise<WorkerLoop> {
    const { incarnation } = await options.store.registerNode(options.node);
    const loop = new WorkerLoop(options, incarnation);
    const every = (ms: number, tick: () => Promise<void>) => loop.timers.push(setInterval(() => void tick(), ms));
    every(loop.timings.heartbeatMs, () => loop.heartbeatTick());
    every(loop.timings.pollMs, () => loop.pollTick());
    every(loop.timings.checkMs, () => loop.checkTick());
    void loop.pollTick();
    return loop;
  }

  /** Whether the last database round trip succeeded. */
  databaseReachable(): boolean {
    return this.reachableSinceMs !== undefined;
  }

  /**
   * The answer to a zone peer's failsafe probe: how long until this worker may take an
   * expired lease, after a round trip now. A failed round trip restarts the count (a full
   * lease of seeing the database), which is what makes the answer binding for that long.
   */
  async takeOverInMs(): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    // A round trip slower than the answer's deadline counts as failed: "cannot take over for a lease" is the safe answer.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no database answer within ${this.timings.probeAnswerMs} ms`)), this.timings.probeAnswerMs);
    });
    try {
      await Promise.race([this.options.store.ping(), deadline]);
    } catch (error) {
      this.markUnreachable(error);
    } finally {
      clearTimeout(timer);
    }
    if (this.reachableSinceMs === undefined) return this.timings.leaseMs;
    return Math.max(0, this.timings.leaseMs - (this.nowMs() - this.reachableSinceMs));
  }

  /**
   * A fenced write of this pipeline's holder (its report) matched nothing: another epoch holds
   * it, or the channel stopped. Stopped at once, as a renewal that matched nothing would.
   */
  lost(pipeline: HeldPipeline): void {
    this.applyRenew(pipeline, { kind: "lost" });
    void this.checkTick();
  }

  heldPipelines(): ClaimedPipeline[] {
    return [...this.leases.values()].map((lease) => lease.pipeline);
  }

  /** Graceful drain: stops every pipeline, releases the leases (peers claim at their next poll) and leaves. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const timer of this.timers) clearInterval(timer);
      clearTimeout(this.promptClaim);
      const held = this.heldPipelines();
      for (const pipeline of held) await this.stopPipeline(pipeline, STOP_REASONS.RELEASED, false);
      const { store, node } = this.options;
      // Once more on failure: a lost release costs the zone a full lease before a peer takes over.
      await store.release(node.nodeId, held).catch(() => store.release(node.nodeId, held)).catch(() => undefined);
      await store.leaveNode(node.nodeId, this.incarnation).catch(() => undefined);
    })();
    return this.closing;
  }

  private async heartbeatTick(): Promise<void> {
    if (this.closing || this.replaced || this.busy.heartbeat) return;
    this.busy.heartbeat = true;
    const { store, node } = this.options;
    const attemptStartMs = this.nowMs();
    try {
      if (!(await store.heartbeat(node.nodeId, this.incarnation))) {
        // Another process registered this node id: it owns the id now, this one holds nothing.
        this.replaced = true;
        // Released under their epochs: only what this process itself claimed is let go.
        for (const pipeline of this.heldPipelines()) await this.stopPipeline(pipeline, STOP_REASONS.REPLACED_NODE, true);
        return;
      }
      const held = this.heldPipelines();
      const result = await store.renew(node.nodeId, held, this.timings.leaseMs);
      this.peers = await store.zonePeers(node.nodeId, node.zone, this.timings.leaseMs);
      this.markReachable();
      for (const pipeline of result.renewed) this.applyRenew(pipeline, { kind: "renewed", attemptStartMs });
      for (const pipeline of result.lost) this.applyRenew(pipeline, { kind: "lost" });
      await this.checkTick();
    } catch (error) {
      this.markUnreachable(error);
      void this.probeTick();
    } finally {
      this.busy.heartbeat = false;
    }
  }

  private applyRenew(pipeline: HeldPipeline, outcome: Parameters<typeof afterRenew>[1]): void {
    const lease = this.leases.get(keyOf(pipeline));
    if (lease === undefined || lease.pipeline.epoch !== pipeline.epoch) return;
    lease.state = afterRenew(lease.state, outcome, this.timings);
    if (outcome.kind === "renewed") lease.keptReported = false;
  }

  private async pollTick(): Promise<void> {
    if (this.closing || this.replaced || this.busy.poll) return;
    if (this.reachableSinceMs === undefined) return void this.probeTick();
    this.busy.poll = true;
    const { store, node, callbacks } = this.options;
    const attemptStartMs = this.nowMs();
    try {
      const { claimed, nextExpiryInMs } = await store.claimOrNextExpiry(node.nodeId, {
        leaseMs: this.timings.leaseMs,
        maxClaims: this.options.maxClaimsPerPoll ?? 1,
        takeExpired: attemptStartMs - this.reachableSinceMs >= this.timings.leaseMs,
      });
      const promptMs = promptClaimDelayMs(nextExpiryInMs, this.timings.pollMs);
      if (promptMs !== undefined && !this.closing && !this.replaced) {
        clearTimeout(this.promptClaim);
        this.promptClaim = setTimeout(() => void this.pollTick(), promptMs);
      }
      if (this.closing || this.replaced) {
        // Replaced or closed while the claim ran: hand back what it brought.
        await store.release(node.nodeId, claimed).catch(() => undefined);
        return;
      }
      for (const pipeline of claimed) {
        // Only a lease this process no longer renews can come back to it; its old run is over.
        const earlier = this.leases.get(keyOf(pipeline));
        if (earlier !== undefined) await this.stopPipeline(earlier.pipeline, STOP_REASONS.LOST, false);
        this.leases.set(keyOf(pipeline), { pipeline, state: leaseClaimed(pipeline.epoch, attemptStartMs, this.timings), keptReported: false });
        this.options.onEvent?.({ kind: "claimed", pipeline });
        try {
          await callbacks.start(pipeline);
        } catch {
          // A pipeline that cannot start here goes back to the zone at once.
          await this.stopPipeline(pipeline, STOP_REASONS.RELEASED, true);
        }
      }
    } catch (error) {
      this.markUnreachable(error);
    } finally {
      this.busy.poll = false;
    }
  }

  private async checkTick(): Promise<void> {
    if (this.closing || this.busy.check) return;
    this.busy.check = true;
    try {
      const nowMs = this.nowMs();
      const probe = this.reachableSinceMs === undefined ? this.lastProbe : undefined;
      for (const lease of [...this.leases.values()]) {
        const verdict = leaseVerdict(lease.state, nowMs, probe, this.timings);
        if (verdict === LEASE_VERDICTS.LOST || verdict === LEASE_VERDICTS.FENCE) {
          await this.stopPipeline(lease.pipeline, verdict, verdict === LEASE_VERDICTS.FENCE);
        } else if (verdict === LEASE_VERDICTS.KEEP_FAILSAFE && !lease.keptReported) {
          lease.keptReported = true;
          this.options.onEvent?.({ kind: "kept-failsafe", pipeline: lease.pipeline });
        }
      }
    } finally {
      this.busy.check = false;
    }
  }

  private async probeTick(): Promise<void> {
    const probe = this.options.probe;
    if (probe === undefined || this.closing || this.busy.probe) return;
    this.busy.probe = true;
    try {
      const result = await probe(this.peers, this.timings.probeTimeoutMs, this.nowMs());
      if (this.reachableSinceMs === undefined) this.lastProbe = result;
    } finally {
      this.busy.probe = false;
    }
  }

  private async stopPipeline(pipeline: HeldPipeline, reason: StopReason, release: boolean): Promise<void> {
    if (!this.leases.delete(keyOf(pipeline))) return;
    try {
      await this.options.callbacks.stop(pipeline, reason);
    } catch (error) {
      // Thrown from a timer's tick it would end the process (an unhandled rejection); it is reported instead.
      this.options.onEvent?.({ kind: "stop-failed", pipeline, reason, error: asError(error) });
    } finally {
      this.options.onEvent?.({ kind: "stopped", pipeline, reason });
      // Once stopped, nothing is lost by handing it back early (the epoch guards the rest).
      if (release) await this.options.store.release(this.options.node.nodeId, [pipeline]).catch(() => undefined);
    }
  }

  private markReachable(): void {
    if (this.reachableSinceMs !== undefined) return;
    this.reachableSinceMs = this.nowMs();
    this.lastProbe = undefined;
    this.options.onEvent?.({ kind: "database-reachable" });
  }

  private markUnreachable(error: unknown): void {
    if (this.reachableSinceMs === undefined) return;
    this.reachableSinceMs = undefined;
    this.options.onEvent?.({ kind: "database-unreachable", error: asError(error) });
  }
}
