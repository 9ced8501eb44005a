// RestartChannelPipelines on a cluster node: the request is emitted on the change feed (the
// relay carries it to the holders) with the pipelines named; a channel with no wanted
// pipelines is refused as on a single node (ConflictException).

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ClusterChannelRuntime } from "../../../src/cluster/cluster-channel-runtime.ts";
import type { ClusterStore } from "../../../src/cluster/cluster-store.ts";
import type { PipelineView } from "../../../src/cluster/cluster-types.ts";
import { ChangeFeed } from "../../../src/domain/change-feed.ts";
import type { ChannelRecord } from "../../../src/domain/channels/channel-record.ts";
import type { PipelinePlacementPort } from "../../../src/domain/channels/pipeline-placement-port.ts";
import type { Repository } from "../../../src/domain/repository.ts";
import { ApiError } from "../../../src/shared/errors.ts";

function runtimeWith(views: PipelineView[], changes: ChangeFeed): ClusterChannelRuntime {
  const store = { readPipelines: async () => views } as unknown as ClusterStore;
  return new ClusterChannelRuntime({ store, placement: {} as PipelinePlacementPort, repository: {} as Repository, changes, leaseMs: 3000, nowMs: Date.now });
}

const record = { id: "4711001", state: "IDLE" } as ChannelRecord;
const held = (pipeline: 0 | 1): PipelineView => ({ channelId: "4711001", pipeline, zone: pipeline ? "b" : "a", costUnits: 1, holder: pipeline ? "b1" : "a1", epoch: 3, leaseLive: true });

describe("RestartChannelPipelines on a cluster node", () => {
  it("asks the holders to restart the named pipelines", async () => {
    const changes = new ChangeFeed();
    const requests: unknown[] = [];
    changes.on("pipelinesRestartRequested", (request) => requests.push(request));
    await runtimeWith([held(0), held(1)], changes).restartPipelines({ ...record, state: "RUNNING" }, [1]);
    assert.deepEqual(requests, [{ channelId: "4711001", pipelineIndices: [1] }]);
  });

  it("refuses a channel whose pipelines are not wanted (not started)", async () => {
    const changes = new ChangeFeed();
    let requests = 0;
    changes.on("pipelinesRestartRequested", () => requests++);
    await assert.rejects(runtimeWith([], changes).restartPipelines(record, [0, 1]), (error: unknown) => error instanceof ApiError && error.status === 409);
    assert.equal(requests, 0);
  });
});
