import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createCmafTrackSender } from "../../../../src/output/cmaf-ingest/cmaf-beside.ts";
import { FanOutSender } from "../../../../src/output/fmp4/fan-out-sender.ts";
import { until } from "../../../helpers/until.ts";
import { box } from "./fmp4-boxes.ts";
import { startReceiver } from "./http-receiver.ts";

describe("FanOutSender", () => {
  it("sends every track to each destination on its own: a refusing one does not hold back the other", async () => {
    const good = await startReceiver(() => 204);
    const bad = await startReceiver(() => 503);
    const failing: string[] = [];
    const track = { streamName: "aac.cmfa", contentType: "audio/mp4" } as const;
    const sender = new FanOutSender(
      [good, bad].map((receiver) => createCmafTrackSender({ destinationUrl: `${receiver.url}/in/`, track, segmentLengthSec: 1, onFailing: (message) => failing.push(message), onRecovered: () => undefined })),
    );
    try {
      sender.streamStarted();
      sender.data(Buffer.concat([box("ftyp"), box("moov"), box("moof", "1"), box("mdat", "a"), box("moof", "2"), box("mdat", "b")]));
      await until("three objects at the good receiver", () => (good.requests.length >= 3 ? true : undefined), 5000);
      assert.deepEqual(good.requests.map((request) => request.url), ["/in/Streams(aac.cmfa)", "/in/Streams(aac.cmfa)", "/in/Streams(aac.cmfa)"]);
      assert.equal(good.requests[0]!.body.toString("latin1", 4, 8), "ftyp");
      assert.deepEqual(sender.delivered(), { sent: 2, dropped: 0 });
      assert.equal(failing.length, 1);
      assert.match(failing[0]!, /Streams\(aac\.cmfa\): answered HTTP 503/);
    } finally {
      sender.close();
      await good.close();
      await bad.close();
    }
  });
});
