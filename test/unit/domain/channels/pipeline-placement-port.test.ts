// withPlacement: StartChannel records the placement once the runtime recorded the start (and
// stops the channel again when placement is refused), StopChannel removes it, and every other
// member is the runtime's own.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChannelRecord } from "../../../../src/domain/channels/channel-record.ts";
import type { ChannelRuntimePort } from "../../../../src/domain/channels/channel-runtime-port.ts";
import { withPlacement, type PipelinePlacementPort } from "../../../../src/domain/channels/pipeline-placement-port.ts";

const record = (state: ChannelRecord["state"]) => ({ id: "1234567", state, tags: {}, config: { channelClass: "STANDARD" } }) as unknown as ChannelRecord;

function fakes(refuse?: Error) {
  const calls: string[] = [];
  const runtime: ChannelRuntimePort = {
    start: async (r) => (calls.push(`start ${r.id}`), record("STARTING")),
    stop: async (r) => (calls.push(`stop ${r.id}`), record("STOPPING")),
    restartPipelines: async (r, indices) => void calls.push(`restart ${r.id} ${indices.join(",")}`),
    view: async (id) => (calls.push(`view ${id}`), { pipelinesRunningCount: 2, pipelineDetails: [] }),
    alerts: async (id) => (calls.push(`alerts ${id}`), []),
    thumbnail: async (id, index) => void calls.push(`thumbnail ${id} ${index}`),
    detectedProperties: async (id) => (calls.push(`detected ${id}`), []),
  };
  const placement: PipelinePlacementPort = {
    desire: async (r) => {
      calls.push(`desire ${r.id} ${r.state}`);
      if (refuse) throw refuse;
    },
    undesire: async (id) => void calls.push(`undesire ${id}`),
  };
  return { calls, port: withPlacement(runtime, placement) };
}

describe("withPlacement", () => {
  it("records the placement after the start, and removes it after the stop", async () => {
    const { calls, port } = fakes();
    assert.equal((await port.start(record("IDLE"))).state, "STARTING");
    assert.equal((await port.stop(record("RUNNING"))).state, "STOPPING");
    assert.deepEqual(calls, ["start 1234567", "desire 1234567 STARTING", "stop 1234567", "undesire 1234567"]);
  });

  it("stops the channel again and answers with the refusal when the pipelines cannot be placed", async () => {
    const refusal = new Error("2 pipelines need 2 zones; 1 is configured");
    const { calls, port } = fakes(refusal);
    await assert.rejects(port.start(record("IDLE")), (error) => error === refusal);
    assert.deepEqual(calls, ["start 1234567", "desire 1234567 STARTING", "stop 1234567"]);
  });

  it("hands every other member to the runtime", async () => {
    const { calls, port } = fakes();
    assert.deepEqual(await port.view("c"), { pipelinesRunningCount: 2, pipelineDetails: [] });
    await port.alerts("c");
    await port.thumbnail("c", 1);
    await port.detectedProperties("i");
    await port.restartPipelines(record("RUNNING"), [0, 1]);
    assert.deepEqual(calls, ["view c", "alerts c", "thumbnail c 1", "detected i", "restart 1234567 0,1"]);
  });
});
