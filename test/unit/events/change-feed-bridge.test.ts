import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ChangeFeed } from "../../../src/domain/change-feed.ts";
import { bridgeChangeFeed } from "../../../src/events/change-feed-bridge.ts";
import { ChannelStateTracker } from "../../../src/events/channel-state-tracker.ts";
import type { ChannelEvent } from "../../../src/events/medialive-event.ts";

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("ChannelStateTracker", () => {
  it("reports a state only when it differs from the last one, and forgets deleted channels", () => {
    const tracker = new ChannelStateTracker();
    assert.equal(tracker.update("1", "STARTING"), true);
    assert.equal(tracker.update("1", "STARTING"), false);
    assert.equal(tracker.update("1", "RUNNING"), true);
    assert.equal(tracker.update("2", "RUNNING"), true);
    assert.equal(tracker.update("1", "DELETED"), true);
    assert.equal(tracker.update("1", undefined), false);
    assert.equal(tracker.update("1", "IDLE"), true);
  });
});

describe("bridgeChangeFeed", () => {
  function setup() {
    const changes = new ChangeFeed();
    const states = new Map<string, string>();
    const published: ChannelEvent[] = [];
    let ids = 0;
    const stop = bridgeChangeFeed({
      changes,
      repository: { getChannel: async (id) => (states.has(id) ? ({ id, state: states.get(id) } as never) : undefined) },
      pipelinesRunningCount: () => 2,
      scope: { region: "us-east-1", accountId: "000000000000" },
      publish: (event) => published.push(event),
      nowMs: () => 0,
      newId: () => `e${++ids}`,
      onError: (error) => assert.fail(error as Error),
    });
    return { changes, states, published, stop };
  }

  it("announces channel states as stored, once per change", async () => {
    const { changes, states, published } = setup();
    states.set("7", "STARTING");
    changes.emit("channelChanged", { channelId: "7" });
    changes.emit("channelChanged", { channelId: "7" });
    await flush();
    states.set("7", "RUNNING");
    changes.emit("channelChanged", { channelId: "7" });
    changes.emit("channelChanged", { channelId: "7" });
    await flush();
    assert.deepEqual(published.map((p) => [p.channelId, p.event["detail-type"], (p.event.detail as { state: string }).state]), [
      ["7", "MediaLive Channel State Change", "STARTING"],
      ["7", "MediaLive Channel State Change", "RUNNING"],
    ]);
    assert.equal((published[1]!.event.detail as { pipelines_running_count: number }).pipelines_running_count, 2);
  });

  it("passes alerts and input changes through, and stops when told", async () => {
    const { changes, states, published, stop } = setup();
    changes.emit("alertChanged", { channelId: "7", alert: { id: "a", alertType: "Video Not Detected", message: "m", pipelineId: "0", state: "SET", setAtMs: 0 } });
    changes.emit("activeInputChanged", { channelId: "7", pipelineId: "0", activeInputAttachmentName: "main", atMs: 0 });
    assert.deepEqual(published.map((p) => p.event["detail-type"]), ["MediaLive Channel Alert", "MediaLive Channel Input Change"]);
    states.set("7", "RUNNING");
    changes.emit("channelChanged", { channelId: "7" });
    stop();
    await flush();
    changes.emit("alertChanged", { channelId: "7", alert: { id: "a", alertType: "Video Not Detected", message: "m", pipelineId: "0", state: "CLEARED", setAtMs: 0, clearedAtMs: 1 } });
    assert.equal(published.length, 2);
  });
});
