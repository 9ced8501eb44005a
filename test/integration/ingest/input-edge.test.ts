// openInputEdge from an input record: one shape for every edge. An RTP edge on a real socket
// hands on demuxed units and one stats shape, follows allow-list edits and closes twice
// safely; an SRT listener whose passphrase secret is unknown raises the alert at start.

import assert from "node:assert/strict";
import dgram from "node:dgram";
import { describe, it } from "node:test";
import type { InputRecord } from "../../../src/domain/records.ts";
import { AllowList } from "../../../src/ingest/allow-list.ts";
import type { InputEdgeEvent } from "../../../src/ingest/input-edge.ts";
import { openInputEdge } from "../../../src/ingest/open-input-edge.ts";
import { serializeRtpPacket } from "../../../src/protocols/rtp/rtp-header.ts";
import { inputRecord as storedInput } from "../../helpers/input-record.ts";
import { freeUdpPort, waitUntil } from "../../helpers/media-fixtures.ts";
import { concatBytes, muxUnits, syntheticUnits } from "../../unit/media/mpegts/helpers.ts";

function inputRecord(type: InputRecord["type"], port: number, extra: Partial<InputRecord> = {}): InputRecord {
  return storedInput({ id: "1234567", name: "edge", type, endpoints: [{ pipeline: 0, address: "127.0.0.1", port }], ...extra });
}

describe("openInputEdge", { timeout: 30_000 }, () => {
  it("RTP_PUSH: units and one stats shape; allow-list edits apply; close is idempotent", async () => {
    const port = await freeUdpPort();
    const events: InputEdgeEvent[] = [];
    const edge = openInputEdge({ input: inputRecord("RTP_PUSH", port), pipelineIndex: 0, allowList: new AllowList(["127.0.0.1/32"]), resolveSecret: () => undefined, onEvent: (event) => events.push(event) });
    await edge.start();
    const sender = dgram.createSocket("udp4");
    try {
      const ts = concatBytes(muxUnits(syntheticUnits(30)));
      const datagrams = Math.floor(ts.length / 1316);
      const send = async (first: number, count: number): Promise<void> => {
        for (let i = first; i < first + count; i += 1) {
          const datagram = serializeRtpPacket({ payloadType: 33, sequenceNumber: i, timestamp: i * 3600, ssrc: 1, payload: ts.subarray(i * 1316, (i + 1) * 1316) });
          await new Promise<void>((resolve) => sender.send(datagram, port, "127.0.0.1", () => resolve()));
        }
      };
      await send(0, datagrams - 10);
      await waitUntil(() => edge.stats().datagrams === datagrams - 10 && edge.stats().mediaBytes === (datagrams - 10) * 1316, "the datagrams and their TS", 5_000);
      const stats = edge.stats();
      assert.equal(stats.packetsIn, datagrams - 10);
      assert.equal(stats.refused, 0);
      assert.equal(stats.rtp?.received, datagrams - 10);
      assert.ok(events.some((e) => e.type === "program"));
      assert.ok(events.some((e) => e.type === "unit" && e.unit.kind === "video"));

      edge.updateAllowList(["192.0.2.0/24"]);
      await send(datagrams - 10, 10);
      await waitUntil(() => edge.stats().refused === 10, "the refused datagrams", 5_000);
      assert.equal(edge.stats().mediaBytes, (datagrams - 10) * 1316);
    } finally {
      sender.close();
      await edge.close();
      await edge.close();
    }
  });

  it("SRT_LISTENER with an unknown passphrase secret: start raises the access alert, nothing listens", async () => {
    const events: InputEdgeEvent[] = [];
    const input = inputRecord("SRT_LISTENER", 9, { srtListener: { minimumLatency: 120, decryption: { algorithm: "AES128", passphraseSecretArn: "missing" } } });
    const edge = openInputEdge({ input, pipelineIndex: 0, allowList: new AllowList([]), resolveSecret: () => undefined, onEvent: (event) => events.push(event) });
    await edge.start();
    await edge.close();
    assert.deepEqual(
      events.map((e) => (e.type === "alert" ? `${e.alert.state} ${e.alert.alertType}: ${e.alert.message}` : e.type)),
      ["SET Unable to Access Input Resource: the SRT passphrase secret of input 1234567 cannot be resolved"],
    );
    assert.deepEqual(edge.stats(), { bytesIn: 0, mediaBytes: 0, packetsIn: 0, refused: 0, continuityErrors: 0 });
  });

  it("a pull input with a file outside the input roots is refused at start", async () => {
    const input = inputRecord("TS_FILE", 0, { endpoints: [], sources: [{ url: "file:///etc/hostname" }] });
    const edge = openInputEdge({ input, pipelineIndex: 0, allowList: new AllowList([]), resolveSecret: () => undefined, inputRoots: ["/nonexistent-root"], onEvent: () => {} });
    await assert.rejects(edge.start(), /the file source file:\/\/\/etc\/hostname is refused/);
    await edge.close();
  });
});
