// DescribeChannel polled on a timer: every change of one pipeline's ActiveInputAttachmentName /
// ActiveInputSwitchActionName, with the time it was first seen. The real-time failover and
// schedule tests (and bench/failover-gap.ts) time switches with it and check what was on air
// in between.

import { DescribeChannelCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { until } from "./until.ts";

export interface ActiveObservation {
  readonly atMs: number;
  readonly attachment: string | undefined;
  readonly action: string | undefined;
}

export interface ActiveWatchOptions {
  /** The pipeline whose PipelineDetails entry is watched. Default "0". */
  readonly pipelineId?: string;
  /** DescribeChannel poll interval. Default 100 ms. */
  readonly pollMs?: number;
}

export interface WaitForOptions {
  /** Also require this ActiveInputSwitchActionName; any action if not given. */
  readonly action?: string | undefined;
  /** Only a change seen at or after this time counts, or the state that already held at it. */
  readonly sinceMs: number;
  /** Default 10 000 ms. */
  readonly timeoutMs?: number;
}

export class ActiveWatch {
  readonly changes: ActiveObservation[] = [];
  readonly pipelineId: string;
  readonly #client: MediaLiveClient;
  readonly #channelId: string;
  readonly #timer: NodeJS.Timeout;
  #busy = false;

  constructor(client: MediaLiveClient, channelId: string, options: ActiveWatchOptions = {}) {
    this.#client = client;
    this.#channelId = channelId;
    this.pipelineId = options.pipelineId ?? "0";
    this.#timer = setInterval(() => void this.#poll(), options.pollMs ?? 100);
  }

  async #poll(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      const described = await this.#client.send(new DescribeChannelCommand({ ChannelId: this.#channelId }));
      const detail = described.PipelineDetails?.find((p) => p.PipelineId === this.pipelineId);
      const attachment = detail?.ActiveInputAttachmentName;
      const action = detail?.ActiveInputSwitchActionName;
      const last = this.changes.at(-1);
      if (!last || last.attachment !== attachment || last.action !== action) this.changes.push({ atMs: Date.now(), attachment, action });
    } catch {
      // a poll that failed is simply not counted
    } finally {
      this.#busy = false;
    }
  }

  /** The latest observation. */
  get current(): ActiveObservation | undefined {
    return this.changes.at(-1);
  }

  /** The first time (≥ sinceMs) `attachment` (by `action`, if given) was seen active: sinceMs itself if it already was. */
  waitFor(attachment: string, options: WaitForOptions): Promise<number> {
    const { action, sinceMs, timeoutMs = 10_000 } = options;
    const matches = (o: ActiveObservation | undefined): boolean => o?.attachment === attachment && (action === undefined || o.action === action);
    return until(
      `pipeline ${this.pipelineId}: ${attachment}${action ? ` by ${action}` : ""} active (seen: ${JSON.stringify(this.changes.slice(-4))})`,
      () => {
        const holding = [...this.changes].reverse().find((c) => c.atMs <= sinceMs);
        if (matches(holding)) return sinceMs;
        return this.changes.find((c) => c.atMs >= sinceMs && matches(c))?.atMs;
      },
      timeoutMs,
    );
  }

  /** What was seen active at any time in [fromMs, toMs]: the observation holding at fromMs, then every change up to toMs. */
  seenBetween(fromMs: number, toMs: number): ActiveObservation[] {
    const holding = [...this.changes].reverse().find((c) => c.atMs <= fromMs);
    return [...(holding ? [holding] : []), ...this.changes.filter((c) => c.atMs > fromMs && c.atMs <= toMs)];
  }

  /** The attachments of seenBetween(fromMs, toMs). */
  attachmentsBetween(fromMs: number, toMs: number): (string | undefined)[] {
    return this.seenBetween(fromMs, toMs).map((o) => o.attachment);
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
