// A worker's reports of the pipelines it holds, written to their rows fenced by epoch
// (ClusterStore.writeReport): on change, one write in flight per pipeline with the latest
// report winning, and a failed write tried again on the next retry tick. A write that matches
// nothing means another epoch holds the pipeline (or the channel stopped): the holder is told
// and stops it.

import type { ClusterStore } from "./cluster-store.ts";
import type { HeldPipeline, PipelineReport } from "./cluster-types.ts";

interface Entry {
  readonly pipeline: HeldPipeline;
  report: PipelineReport;
  /** The report has changed since the last successful write. */
  dirty: boolean;
  writing: boolean;
}

const keyOf = (pipeline: HeldPipeline): string => `${pipeline.channelId}/${pipeline.pipeline}/${pipeline.epoch}`;

export class PipelineReports {
  private readonly entries = new Map<string, Entry>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly store: Pick<ClusterStore, "writeReport">,
    private readonly nodeId: string,
    private readonly onLost: (pipeline: HeldPipeline) => void,
    retryMs: number,
  ) {
    this.timer = setInterval(() => {
      for (const entry of this.entries.values()) if (entry.dirty) void this.flush(entry);
    }, retryMs);
  }

  update(pipeline: HeldPipeline, report: PipelineReport): void {
    if (this.closed) return;
    const key = keyOf(pipeline);
    const entry = this.entries.get(key) ?? { pipeline, report, dirty: true, writing: false };
    this.entries.set(key, entry);
    if (JSON.stringify(entry.report) === JSON.stringify(report) && !entry.dirty) return;
    entry.report = report;
    entry.dirty = true;
    void this.flush(entry);
  }

  /** The pipeline stopped here: nothing more is written for it. */
  forget(pipeline: HeldPipeline): void {
    this.entries.delete(keyOf(pipeline));
  }

  /** Resolves when every write in flight has finished (tests). */
  async settled(): Promise<void> {
    while ([...this.entries.values()].some((entry) => entry.writing)) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.entries.clear();
  }

  private async flush(entry: Entry): Promise<void> {
    if (entry.writing) return;
    entry.writing = true;
    try {
      while (entry.dirty && this.entries.get(keyOf(entry.pipeline)) === entry) {
        entry.dirty = false;
        const report = entry.report;
        let written: boolean;
        try {
          written = await this.store.writeReport(this.nodeId, entry.pipeline, report);
        } catch {
          // The database is away: the retry tick writes the latest report when it is back.
          entry.dirty = true;
          return;
        }
        if (!written) {
          this.entries.delete(keyOf(entry.pipeline));
          this.onLost(entry.pipeline);
          return;
        }
      }
    } finally {
      entry.writing = false;
    }
  }
}
