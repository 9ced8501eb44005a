import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runBatch } from "../../../src/api/routes/batch.ts";
import { ApiError } from "../../../src/shared/errors.ts";

const scope = { region: "us-east-1", accountId: "000000000000" };

describe("runBatch", () => {
  it("acts on each ID in target order, listing successes with their state and ApiErrors as failures", async () => {
    const acted: string[] = [];
    const result = await runBatch({ channelIds: ["1", "2"], inputIds: ["3"] }, scope, [
      { type: "channel", member: "channelIds", act: async (id) => (acted.push(id), id === "2" ? Promise.reject(new ApiError("OL_CHANNEL_NOT_FOUND", { id })) : "DELETING") },
      { type: "input", member: "inputIds", act: async (id) => (acted.push(id), "DELETED") },
    ]);
    assert.deepEqual(acted, ["1", "2", "3"]);
    assert.deepEqual(result.successful, [
      { arn: "arn:aws:medialive:us-east-1:000000000000:channel:1", id: "1", state: "DELETING" },
      { arn: "arn:aws:medialive:us-east-1:000000000000:input:3", id: "3", state: "DELETED" },
    ]);
    assert.equal(result.failed.length, 1);
    assert.equal(result.failed[0]!.id, "2");
    assert.equal(result.failed[0]!.code, "NotFoundException");
  });

  it("refuses multiplexes and lets errors that are not ApiErrors fail the call", async () => {
    await assert.rejects(runBatch({ multiplexIds: ["m"] }, scope, []), /multiplexIds: openlive has no multiplexes/);
    await assert.rejects(runBatch({ channelIds: ["1"] }, scope, [{ type: "channel", member: "channelIds", act: async () => Promise.reject(new Error("disk")) }]), /disk/);
  });
});
