import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SegmentSender } from "../../../../src/output/fmp4/segment-sender.ts";
import { until } from "../../../helpers/until.ts";
import { box } from "./fmp4-boxes.ts";
import { startReceiver } from "./http-receiver.ts";

const header = Buffer.concat([box("ftyp", "cmfc"), box("moov", "v")]);
const fragment = (n: number): Buffer => Buffer.concat([box("moof", String(n)), box("mdat", `segment ${n}`)]);

describe("SegmentSender", () => {
  it("POSTs the header then each segment; refused, it retries, resends the header first, and says when the peer fails and recovers", async () => {
    const receiver = await startReceiver((index) => (index < 2 ? 503 : 200));
    const events: string[] = [];
    const sender = new SegmentSender({
      target: { url: `${receiver.url}/in/Streams(640.cmfv)`, username: "enc", password: "s3cret" },
      contentType: "video/mp4",
      retry: { retryIntervalMs: 20, numRetries: 5, restartDelayMs: 1000 },
      maxQueuedSegments: 10,
      onFailing: (message) => events.push(`failing: ${message}`),
      onRecovered: () => events.push("recovered"),
    });
    try {
      sender.streamStarted();
      // Cut mid-box: the sender must wait for whole fragments.
      const stream = Buffer.concat([header, fragment(1), fragment(2)]);
      sender.data(stream.subarray(0, 25));
      sender.data(stream.subarray(25));
      await until("five requests", () => (receiver.requests.length >= 5 ? true : undefined), 5000);
      const bodies = receiver.requests.map((request) => request.body);
      // 0: header (503), 1: header again (503), 2: header (200), 3: segment 1, 4: segment 2.
      assert.ok(bodies[0]!.equals(header) && bodies[1]!.equals(header) && bodies[2]!.equals(header));
      assert.ok(bodies[3]!.equals(fragment(1)));
      assert.ok(bodies[4]!.equals(fragment(2)));
      assert.deepEqual(new Set(receiver.requests.map((request) => `${request.method} ${request.url}`)), new Set(["POST /in/Streams(640.cmfv)"]));
      assert.equal(receiver.requests[0]!.authorization, `Basic ${Buffer.from("enc:s3cret").toString("base64")}`);
      assert.equal(events.length, 2);
      assert.match(events[0]!, /^failing: .*Streams\(640\.cmfv\): answered HTTP 503$/);
      assert.equal(events[1], "recovered");
      assert.deepEqual(sender.delivered(), { sent: 2, dropped: 0 });
    } finally {
      sender.close();
      await receiver.close();
    }
  });

  it("resends the header before the next segment after a segment was refused", async () => {
    const receiver = await startReceiver((index) => (index === 2 ? 500 : 200));
    const sender = new SegmentSender({
      target: { url: `${receiver.url}/Streams(a.cmfa)` },
      contentType: "audio/mp4",
      retry: { retryIntervalMs: 10, numRetries: 3, restartDelayMs: 1000 },
      maxQueuedSegments: 10,
      onFailing: () => undefined,
      onRecovered: () => undefined,
    });
    try {
      sender.streamStarted();
      sender.data(Buffer.concat([header, fragment(1), fragment(2)]));
      await until("five requests", () => (receiver.requests.length >= 5 ? true : undefined), 5000);
      const kinds = receiver.requests.map((request) => (request.body.equals(header) ? "H" : request.body.equals(fragment(1)) ? "1" : "2"));
      assert.deepEqual(kinds, ["H", "1", "2", "H", "2"]);
    } finally {
      sender.close();
      await receiver.close();
    }
  });

  it("headerInEachPost (a Smooth sparse stream): the header alone first, then each fragment after the header in its own POST, a refused one again whole", async () => {
    const receiver = await startReceiver((index) => (index === 2 ? 503 : 200));
    const sender = new SegmentSender({
      target: { url: `${receiver.url}/live.isml/Streams(out_scte35)` },
      contentType: "video/mp4",
      retry: { retryIntervalMs: 10, numRetries: 3, restartDelayMs: 1000 },
      maxQueuedSegments: 10,
      headerInEachPost: true,
      onFailing: () => undefined,
      onRecovered: () => undefined,
    });
    try {
      sender.streamStarted();
      sender.data(Buffer.concat([header, fragment(1), fragment(2)]));
      await until("four requests", () => (receiver.requests.length >= 4 ? true : undefined), 5000);
      const kinds = receiver.requests.map((request) => (request.body.equals(header) ? "H" : request.body.equals(Buffer.concat([header, fragment(1)])) ? "H1" : request.body.equals(Buffer.concat([header, fragment(2)])) ? "H2" : "?"));
      // 0: header, 1: header + 1, 2: header + 2 (503), 3: header + 2 again.
      assert.deepEqual(kinds, ["H", "H1", "H2", "H2"]);
      assert.deepEqual(sender.delivered(), { sent: 2, dropped: 0 });
    } finally {
      sender.close();
      await receiver.close();
    }
  });

  it("raises the alert when a run is not fragmented MP4, and clears it once a later run is taken", async () => {
    const receiver = await startReceiver(() => 200);
    const events: string[] = [];
    const sender = new SegmentSender({
      target: { url: `${receiver.url}/Streams(v.cmfv)` },
      contentType: "video/mp4",
      retry: { retryIntervalMs: 10, numRetries: 3, restartDelayMs: 1000 },
      maxQueuedSegments: 10,
      onFailing: (message) => events.push(`failing: ${message}`),
      onRecovered: () => events.push("recovered"),
    });
    try {
      sender.streamStarted();
      sender.data(Buffer.from([0x47, 0x40, 0x00, 0x10, 0, 0, 0, 0])); // an MPEG-TS packet, not a box
      sender.data(Buffer.concat([header, fragment(1)])); // ignored: the run is broken
      sender.streamEnded();
      assert.deepEqual(events, ["failing: the encoder's output is not fragmented MP4: not a stream of ISO BMFF boxes: a box of 1195376656 bytes"]);
      sender.streamStarted();
      sender.data(Buffer.concat([header, fragment(2)]));
      await until("the new run's objects", () => (receiver.requests.length >= 2 ? true : undefined), 5000);
      assert.ok(receiver.requests[1]!.body.equals(fragment(2)));
      assert.equal(events[1], "recovered");
    } finally {
      sender.close();
      await receiver.close();
    }
  });

  it("drops the oldest segments while the peer cannot be reached, never more than it may keep", async () => {
    const receiver = await startReceiver(() => 200);
    const url = `${receiver.url}/Streams(v.cmfv)`;
    await receiver.close(); // nothing listens there now: connection refused
    const sender = new SegmentSender({
      target: { url },
      contentType: "video/mp4",
      retry: { retryIntervalMs: 60_000, numRetries: 3, restartDelayMs: 60_000 },
      maxQueuedSegments: 2,
      onFailing: () => undefined,
      onRecovered: () => undefined,
    });
    try {
      sender.streamStarted();
      sender.data(header);
      for (let n = 1; n <= 5; n++) sender.data(fragment(n));
      assert.deepEqual(sender.delivered(), { sent: 0, dropped: 3 });
    } finally {
      sender.close();
    }
  });
});
