import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EventHub } from "../../../src/events/event-hub.ts";
import { stateChangeEvent } from "../../../src/events/event-mapper.ts";

const entry = (id: string, channelId = "1") => stateChangeEvent({ region: "us-east-1", accountId: "000000000000" }, id, 0, { channelId, state: "RUNNING", pipelinesRunningCount: 1 });

describe("EventHub", () => {
  it("hands each event to every subscriber, even when one throws", () => {
    const errors: unknown[] = [];
    const hub = new EventHub({ onSubscriberError: (error) => errors.push(error) });
    const seen: string[] = [];
    hub.subscribe(() => {
      throw new Error("boom");
    });
    const off = hub.subscribe((e) => seen.push(e.event.id));
    hub.publish(entry("a"));
    off();
    hub.publish(entry("b"));
    assert.deepEqual(seen, ["a"]);
    assert.equal(errors.length, 2);
  });

  it("replays what followed a known id, everything held for an unknown one, within its capacity", () => {
    const hub = new EventHub({ capacity: 3 });
    for (const id of ["a", "b", "c", "d"]) hub.publish(entry(id));
    assert.deepEqual(hub.since("c").map((e) => e.event.id), ["d"]);
    assert.deepEqual(hub.since("d").map((e) => e.event.id), []);
    assert.deepEqual(hub.since("a").map((e) => e.event.id), ["b", "c", "d"]);
  });
});
