// RTMP_PUSH cue points over a real TCP connection: the project's own RTMP client (the one RTMP
// outputs publish with) publishes to the RTMP push edge and sends AMF0 data messages
// `onCuePoint` (ffmpeg cannot send them); the edge hands each on as an SCTE-35 section (pid
// null) whose splice is at the cue's time on the stream's clock (ms × 90).

import assert from "node:assert/strict";
import net from "node:net";
import { describe, it } from "node:test";
import { AllowList } from "../../../src/ingest/allow-list.ts";
import { rtmpPushEdge } from "../../../src/ingest/edges/rtmp-push-edge.ts";
import type { InputEdgeEvent } from "../../../src/ingest/input-edge.ts";
import { parseSpliceInfoSection } from "../../../src/media/scte35/splice-parser.ts";
import { spliceTimeOf } from "../../../src/media/scte35/splice-pts.ts";
import { encodeAmf0 } from "../../../src/protocols/rtmp/amf0.ts";
import { RtmpClientSession, RtmpMediaKinds } from "../../../src/protocols/rtmp/rtmp-client-session.ts";
import { freeTcpPort } from "../../helpers/media-fixtures.ts";
import { until } from "../../helpers/until.ts";

// ANSI/SCTE 35 2023 §14.2: a splice_insert out of the network, event 0x4800008f.
const SPLICE_INSERT_B64 = "/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=";

/** Publishes live/test and, once accepted, runs `whilePublishing` with the session; resolves when the socket is closed. */
async function publish(port: number, whilePublishing: (session: RtmpClientSession) => void): Promise<void> {
  const session = new RtmpClientSession({ app: "live", tcUrl: `rtmp://127.0.0.1:${port}/live`, streamName: "test", nowMs: Date.now() });
  const socket = net.connect(port, "127.0.0.1");
  const flush = (): void => {
    for (const bytes of session.takeOutput()) socket.write(bytes);
  };
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.once("connect", () => {
      session.start(Date.now());
      flush();
    });
    socket.on("data", (data) => {
      for (const event of session.receive(data, Date.now())) {
        if (event.type === "error") reject(new Error(event.reason));
        if (event.type === "publishing") {
          whilePublishing(session);
          flush();
          resolve();
        }
      }
      flush();
    });
  });
  return new Promise((resolve) => {
    socket.once("close", () => resolve());
    setTimeout(() => {
      session.unpublish();
      flush();
      socket.end();
    }, 200);
  });
}

describe("RTMP_PUSH onCuePoint → SCTE-35", { timeout: 20_000 }, () => {
  it("Adobe cue points and a cue carrying an SCTE-35 message arrive as sections at the cue's time", async () => {
    const port = await freeTcpPort();
    const events: InputEdgeEvent[] = [];
    const edge = rtmpPushEdge({ address: "127.0.0.1", port, streamName: "live/test", allowList: new AllowList(["127.0.0.1/32"]), onEvent: (event) => events.push(event) });
    await edge.start();
    try {
      await publish(port, (session) => {
        session.sendTag(RtmpMediaKinds.DATA, 1_000, encodeAmf0("onMetaData", { width: 320, height: 180 }));
        session.sendTag(RtmpMediaKinds.DATA, 4_000, encodeAmf0("onCuePoint", { name: "cue-out", time: 4.5, type: "event", parameters: { duration: 30 } }));
        session.sendTag(RtmpMediaKinds.DATA, 9_000, encodeAmf0("onCuePoint", { name: "scte35", time: 9.25, type: "event", parameters: { message: SPLICE_INSERT_B64 } }));
        session.sendTag(RtmpMediaKinds.DATA, 12_000, encodeAmf0("onCuePoint", { name: "cue-in", type: "event" }));
      });
      const sections = (): Extract<InputEdgeEvent, { type: "scte35" }>[] => events.filter((event): event is Extract<InputEdgeEvent, { type: "scte35" }> => event.type === "scte35");
      await until("three SCTE-35 sections from the cue points", () => (sections().length >= 3 ? true : undefined), 5_000);
      const parsed = sections().map((event) => {
        assert.equal(event.pid, null);
        const result = parseSpliceInfoSection(event.section);
        assert.ok(result.ok);
        return result.section;
      });
      assert.deepEqual(parsed.map(spliceTimeOf), [4.5 * 90_000, 9.25 * 90_000, 12_000 * 90]);
      const ids = parsed.map((section) => (section.command?.kind === "splice_insert" ? [section.command.spliceEventId, !section.command.spliceEventCancelIndicator && section.command.outOfNetworkIndicator] : null));
      assert.deepEqual(ids, [[1, true], [0x4800008f, true], [1, false]]);
    } finally {
      await edge.close();
    }
  });
});
