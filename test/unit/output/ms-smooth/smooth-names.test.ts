import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { smoothEventId, smoothStreamName, smoothStreamUrl } from "../../../../src/output/ms-smooth/smooth-names.ts";

describe("Microsoft Smooth names", () => {
  const out = (nameModifier?: string) => ({ outputSettings: { msSmoothOutputSettings: nameModifier === undefined ? {} : { nameModifier } } });

  it("names a stream after the destination's file name (its .isml dropped) and the nameModifier", () => {
    assert.equal(smoothStreamName("http://origin/live/channel.isml", out("_720p"), 0, 2), "channel_720p");
    assert.equal(smoothStreamName("http://10.0.0.5/channel1/channel1", out(), 0, 1), "channel1");
    assert.equal(smoothStreamName("http://10.0.0.5/channel1/channel1", out(), 1, 2), "channel1_2");
    assert.equal(smoothStreamName("http://localhost:8000/path", out("tf-acc-test-1"), 0, 1), "pathtf-acc-test-1");
    assert.equal(smoothStreamName("http://origin:8080/", out(), 0, 1), "stream1");
    assert.equal(smoothStreamName("http://origin/pub.isml", out("../x y"), 0, 1), "pub___x_y");
  });

  it("POSTs to Streams() under the publishing point, after Events() when there is an event id", () => {
    assert.equal(smoothStreamUrl("http://origin/live/channel.isml", undefined, "channel_720p"), "http://origin/live/channel.isml/Streams(channel_720p)");
    assert.equal(smoothStreamUrl("http://origin/live/channel.isml/", "game 7", "channel"), "http://origin/live/channel.isml/Events(game%207)/Streams(channel)");
  });

  it("takes the event id from eventIdMode", () => {
    const startedAtMs = Date.UTC(2026, 11, 7, 2, 30, 5, 123);
    assert.equal(smoothEventId({}, startedAtMs), undefined);
    assert.equal(smoothEventId({ eventIdMode: "NO_EVENT_ID", eventId: "x" }, startedAtMs), undefined);
    assert.equal(smoothEventId({ eventIdMode: "USE_CONFIGURED", eventId: "final" }, startedAtMs), "final");
    assert.equal(smoothEventId({ eventIdMode: "USE_TIMESTAMP" }, startedAtMs), "20261207T023005Z");
  });
});
