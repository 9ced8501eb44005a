// BatchDelete, BatchStart and BatchStop: each named resource is acted on in turn, and the
// answer lists what succeeded (with the resource's new state) and what failed (with the
// error MediaLive would have answered for it alone).

import { ApiError } from "../../shared/errors.ts";
import { makeArn, type ArnResourceType, type ArnScope } from "../../shared/ids.ts";

export interface BatchTarget {
  readonly type: ArnResourceType;
  /** The request member that lists the IDs (channelIds, inputIds, …). */
  readonly member: string;
  /** Acts on one resource; resolves with its state afterwards. */
  readonly act: (id: string) => Promise<string>;
}

export interface BatchResult {
  readonly successful: { arn: string; id: string; state: string }[];
  readonly failed: { arn: string; id: string; code: string; message: string }[];
}

/** Runs the targets in order; an ApiError fails one ID, any other error the whole call. */
export async function runBatch(input: Record<string, unknown>, scope: ArnScope, targets: readonly BatchTarget[]): Promise<BatchResult> {
  if (idsOf(input.multiplexIds).length) throw new ApiError("OL_REQUEST_INVALID", { detail: "multiplexIds: openlive has no multiplexes" });
  const result: BatchResult = { successful: [], failed: [] };
  for (const target of targets) {
    for (const id of idsOf(input[target.member])) {
      const arn = makeArn(scope, target.type, id);
      try {
        result.successful.push({ arn, id, state: await target.act(id) });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        result.failed.push({ arn, id, code: error.shape, message: error.message });
      }
    }
  }
  return result;
}

function idsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
