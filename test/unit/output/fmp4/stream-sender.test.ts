import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StreamSender } from "../../../../src/output/fmp4/stream-sender.ts";
import { until } from "../../../helpers/until.ts";
import { box } from "./fmp4-boxes.ts";
import { startReceiver } from "./http-receiver.ts";

const header = Buffer.concat([box("uuid", "<smil/>"), box("ftyp", "isml"), box("moov", "av")]);
const fragment = (n: number): Buffer => Buffer.concat([box("moof", String(n)), box("mdat", `fragment ${n}`)]);
const eos = box("mfra");

describe("StreamSender", () => {
  it("streams the feed in one chunked POST; refused, it opens a new POST with the header again, and ends it with the end-of-stream box", async () => {
    const receiver = await startReceiver((index) => (index === 0 ? 503 : 200), (index) => index === 0);
    const events: string[] = [];
    let connects = 0;
    const sender = new StreamSender({
      target: { url: `${receiver.url}/live/channel.isml/Streams(channel_720p)` },
      contentType: "video/mp4",
      retry: { retryIntervalMs: 20, numRetries: 5, restartDelayMs: 1000 },
      maxCachedFragments: 10,
      sendEndOfStream: true,
      onFailing: (message) => events.push(`failing: ${message}`),
      onRecovered: () => events.push("recovered"),
      onConnect: () => void (connects += 1),
    });
    try {
      sender.streamStarted();
      sender.data(Buffer.concat([header, fragment(1)]));
      await until("a second POST", () => (connects >= 2 ? true : undefined), 5000);
      sender.data(Buffer.concat([fragment(2), fragment(3)]));
      await until("recovery", () => (events.includes("recovered") ? true : undefined), 5000);
      sender.data(eos);
      sender.streamEnded();
      await until("the second POST's body", () => (receiver.requests.length >= 1 ? true : undefined), 5000);
      const [post] = receiver.requests;
      assert.equal(post!.method, "POST");
      assert.equal(post!.url, "/live/channel.isml/Streams(channel_720p)");
      assert.ok(post!.body.equals(Buffer.concat([header, fragment(2), fragment(3), eos])), "header, then the fragments, then the end of stream");
      assert.deepEqual(events, [`failing: ${receiver.url}/live/channel.isml/Streams(channel_720p): answered HTTP 503`, "recovered"]);
    } finally {
      sender.close();
      await receiver.close();
    }
  });

  it("keeps only the newest fragments while no POST is open", () => {
    const sender = new StreamSender({
      target: { url: "http://127.0.0.1:9/Streams(x)" },
      contentType: "video/mp4",
      retry: { retryIntervalMs: 60_000, numRetries: 0, restartDelayMs: 60_000 },
      maxCachedFragments: 2,
      sendEndOfStream: false,
      onFailing: () => undefined,
      onRecovered: () => undefined,
    });
    try {
      sender.streamStarted();
      // No header yet: nothing to open a POST with, so fragments are cached.
      for (let n = 1; n <= 4; n++) sender.data(fragment(n));
      assert.deepEqual(sender.delivered(), { sent: 0, dropped: 2 });
    } finally {
      sender.close();
    }
  });
});
