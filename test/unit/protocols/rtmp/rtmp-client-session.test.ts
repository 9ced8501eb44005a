import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { concatBytes } from "../../../../src/media/bits/bytes.ts";
import { Amf0EcmaArray, decodeAmf0, encodeAmf0, type Amf0Value } from "../../../../src/protocols/rtmp/amf0.ts";
import { ChunkReader, writeChunks, type RtmpMessage } from "../../../../src/protocols/rtmp/chunk-stream.ts";
import { RTMP_CLIENT_CHUNK_SIZE, RtmpClientSession, type RtmpClientEvent } from "../../../../src/protocols/rtmp/rtmp-client-session.ts";
import { RTMP_HANDSHAKE_SIZE, RtmpServerSession, type RtmpEvent } from "../../../../src/protocols/rtmp/rtmp-server-session.ts";

const C1_RANDOM = new Uint8Array(RTMP_HANDSHAKE_SIZE - 8).map((_, i) => (i * 7) & 0xff);
const S1 = new Uint8Array(RTMP_HANDSHAKE_SIZE).map((_, i) => (i < 4 ? [0, 0, 0x12, 0x34][i]! : i < 8 ? 0 : (i * 3) & 0xff));

const client = (nowMs = 1000): RtmpClientSession => new RtmpClientSession({ app: "live2", tcUrl: "rtmp://ingest.example/live2", streamName: "key-1", nowMs, c1Random: C1_RANDOM });
const bytesOf = (parts: Uint8Array[]): Buffer => Buffer.from(concatBytes(parts));

function messagesOf(bytes: Uint8Array): RtmpMessage[] {
  const result = new ChunkReader().read(bytes);
  assert.equal(result.error, undefined);
  return result.messages;
}

const command = (values: Amf0Value[]): Uint8Array => writeChunks({ chunkStreamId: 3, typeId: 20, messageStreamId: 0, timestampMs: 0, payload: encodeAmf0(...values) }, 128);
const onStatus = (level: string, code: string): Uint8Array => writeChunks({ chunkStreamId: 5, typeId: 20, messageStreamId: 1, timestampMs: 0, payload: encodeAmf0("onStatus", 0, null, { level, code, description: "d" }) }, 128);

/** A client that has handshaken; returns it and what it sent after C2. */
function handshaken(): { session: RtmpClientSession; sent: Buffer } {
  const session = client();
  session.start(1000);
  session.takeOutput();
  session.receive(concatBytes([Uint8Array.of(3), S1, new Uint8Array(RTMP_HANDSHAKE_SIZE)]), 1010);
  return { session, sent: bytesOf(session.takeOutput()) };
}

function publishing(): RtmpClientSession {
  const { session } = handshaken();
  session.receive(command(["_result", 1, { fmsVer: "FMS/3,0,1,123" }, { level: "status", code: "NetConnection.Connect.Success" }]), 1020);
  session.takeOutput();
  session.receive(command(["_result", 4, null, 1]), 1030);
  session.takeOutput();
  const events = session.receive(onStatus("status", "NetStream.Publish.Start"), 1040);
  assert.deepEqual(events, [{ type: "publishing" }]);
  return session;
}

describe("RtmpClientSession", () => {
  it("handshake: C0 + C1 (time, zero, random), then C2 echoes S1 with its own time2 (§5.2)", () => {
    const session = client();
    session.start(1000);
    const c0c1 = bytesOf(session.takeOutput());
    assert.equal(c0c1.length, 1 + RTMP_HANDSHAKE_SIZE);
    assert.deepEqual([...c0c1.subarray(0, 9)], [3, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(c0c1.subarray(9), Buffer.from(C1_RANDOM));
    // S0+S1 alone: nothing yet (S2 must arrive too).
    assert.deepEqual(session.receive(concatBytes([Uint8Array.of(3), S1]), 1005), []);
    assert.equal(session.takeOutput().length, 0);
    session.receive(new Uint8Array(RTMP_HANDSHAKE_SIZE), 1025);
    const sent = bytesOf(session.takeOutput());
    const c2 = sent.subarray(0, RTMP_HANDSHAKE_SIZE);
    assert.deepEqual([...c2.subarray(0, 8)], [0, 0, 0x12, 0x34, 0, 0, 0, 25], "S1's time, then ours (ms since start)");
    assert.deepEqual(c2.subarray(8), Buffer.from(S1.subarray(8)));
    assert.equal(session.state, "connecting");
  });

  it("then Set Chunk Size (large) and connect(app, tcUrl), byte for byte", () => {
    const { sent } = handshaken();
    const after = sent.subarray(RTMP_HANDSHAKE_SIZE);
    // fmt 0 csid 2 | timestamp 0 | length 4 | type 1 | stream 0 | 65536
    assert.deepEqual([...after.subarray(0, 16)], [0x02, 0, 0, 0, 0, 0, 4, 0x01, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0x00]);
    const connectPayload = encodeAmf0("connect", 1, { app: "live2", type: "nonprivate", flashVer: "FMLE/3.0 (compatible; openlive)", tcUrl: "rtmp://ingest.example/live2" });
    const length = connectPayload.length;
    assert.deepEqual([...after.subarray(16, 28)], [0x03, 0, 0, 0, length >> 16, (length >> 8) & 0xff, length & 0xff, 0x14, 0, 0, 0, 0]);
    // AMF0: string "connect", number 1, object {app: "live2", …}
    assert.deepEqual([...after.subarray(28, 28 + 20)], [0x02, 0, 7, ...Buffer.from("connect"), 0x00, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x03]);
    assert.deepEqual(after.subarray(28, 28 + length), Buffer.from(connectPayload), "sent at the new chunk size: one chunk");
    assert.equal(after.length, 28 + length);
  });

  it("after connect's _result: releaseStream, FCPublish, createStream; after createStream's: publish(key, live) on the new stream", () => {
    const { session } = handshaken();
    session.receive(command(["_result", 1, null, { code: "NetConnection.Connect.Success" }]), 1020);
    const commands = messagesOf(bytesOf(session.takeOutput())).map((message) => [message.messageStreamId, ...decodeAmf0(message.payload).values]);
    assert.deepEqual(commands, [
      [0, "releaseStream", 2, null, "key-1"],
      [0, "FCPublish", 3, null, "key-1"],
      [0, "createStream", 4, null],
    ]);
    session.receive(command(["_result", 4, null, 7]), 1030);
    const publish = messagesOf(bytesOf(session.takeOutput()));
    assert.deepEqual(publish.map((message) => [message.messageStreamId, message.typeId, ...decodeAmf0(message.payload).values]), [[7, 20, "publish", 5, null, "key-1", "live"]]);
    assert.equal(session.streamId, 7);
  });

  it("media: @setDataFrame onMetaData, audio and video on the stream; a large video message in chunks of the announced size", () => {
    const session = publishing();
    const metadata = encodeAmf0("onMetaData", new Amf0EcmaArray({ width: 320, height: 180 }));
    session.sendTag("data", 0, metadata);
    session.sendTag("audio", 0, Uint8Array.of(0xaf, 0, 0x12, 0x10));
    const video = new Uint8Array(RTMP_CLIENT_CHUNK_SIZE * 2 + 100).map((_, i) => i & 0xff);
    session.sendTag("video", 0x1000, video);
    const sent = bytesOf(session.takeOutput());
    // The reader that decodes them must know the chunk size the client announced.
    const reader = new ChunkReader();
    reader.read(writeChunks({ chunkStreamId: 2, typeId: 1, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.of(0, 1, 0, 0) }, 128));
    const messages = reader.read(sent).messages;
    assert.deepEqual(messages.map((m) => [m.typeId, m.messageStreamId, m.timestampMs]), [[18, 1, 0], [8, 1, 0], [9, 1, 0x1000]]);
    assert.deepEqual(decodeAmf0(messages[0]!.payload).values, ["@setDataFrame", "onMetaData", new Amf0EcmaArray({ width: 320, height: 180 })]);
    assert.deepEqual(Buffer.from(messages[2]!.payload), Buffer.from(video));
    // The video message: a fmt 0 header (12 bytes), then two fmt 3 continuations (one byte each) at 65536-byte boundaries.
    const start = sent.length - (12 + video.length + 2);
    assert.deepEqual([...sent.subarray(start, start + 12)], [0x06, 0, 0x10, 0, 0x02, 0x00, 0x64, 0x09, 1, 0, 0, 0]);
    assert.equal(sent[start + 12 + RTMP_CLIENT_CHUNK_SIZE], 0xc6);
    assert.equal(sent[start + 12 + 2 * RTMP_CLIENT_CHUNK_SIZE + 1], 0xc6);
  });

  it("sends no media before the publish is accepted", () => {
    const { session } = handshaken();
    session.sendTag("video", 0, Uint8Array.of(0x17, 1));
    assert.equal(session.takeOutput().length, 0);
  });

  it("a refusal is an error event naming the server's code, and closes the session", () => {
    const { session } = handshaken();
    const refused: RtmpClientEvent[] = session.receive(command(["_error", 1, null, { level: "error", code: "NetConnection.Connect.Rejected", description: "bad app" }]), 1020);
    assert.deepEqual(refused, [{ type: "error", reason: "the server refused connect: NetConnection.Connect.Rejected (bad app)" }]);
    assert.equal(session.state, "closed");
    const second = handshaken().session;
    second.receive(command(["_result", 1, null, {}]), 1020);
    // releaseStream and FCPublish are conventions some servers refuse: that is no failure.
    assert.deepEqual(second.receive(concatBytes([command(["_error", 2, null, { level: "error", code: "NetConnection.Call.Failed" }]), command(["_error", 3, null, { level: "error", code: "NetConnection.Call.Failed" }])]), 1025), []);
    assert.equal(second.state, "connecting");
    second.receive(command(["_result", 4, null, 1]), 1030);
    assert.deepEqual(second.receive(onStatus("error", "NetStream.Publish.BadName"), 1040), [{ type: "error", reason: "the server refused the publish: NetStream.Publish.BadName (d)" }]);
  });

  it("authmod=adobe: the query rides on app and tcUrl (after the application's own query); the challenge, authfailed and an unanswerable demand are events", () => {
    const connectOf = (app: string, tcUrl: string, authUser?: string): { session: RtmpClientSession; connect: Amf0Value } => {
      const session = new RtmpClientSession({ app, tcUrl, streamName: "key-1", nowMs: 1000, c1Random: C1_RANDOM, authQuery: "?authmod=adobe&user=enc", ...(authUser ? { authUser } : {}) });
      session.start(1000);
      session.takeOutput();
      session.receive(concatBytes([Uint8Array.of(3), S1, new Uint8Array(RTMP_HANDSHAKE_SIZE)]), 1010);
      const messages = messagesOf(bytesOf(session.takeOutput()).subarray(RTMP_HANDSHAKE_SIZE));
      return { session, connect: decodeAmf0(messages.at(-1)!.payload).values[2]! };
    };
    const plain = connectOf("live2", "rtmp://ingest.example/live2", "enc");
    assert.deepEqual([(plain.connect as Record<string, Amf0Value>).app, (plain.connect as Record<string, Amf0Value>).tcUrl], ["live2?authmod=adobe&user=enc", "rtmp://ingest.example/live2?authmod=adobe&user=enc"]);
    const joined = connectOf("live2?backup=1", "rtmp://ingest.example/live2?backup=1", "enc").connect as Record<string, Amf0Value>;
    assert.deepEqual([joined.app, joined.tcUrl], ["live2?backup=1&authmod=adobe&user=enc", "rtmp://ingest.example/live2?backup=1&authmod=adobe&user=enc"]);

    const rejected = (description: string): Uint8Array => command(["_error", 1, null, { level: "error", code: "NetConnection.Connect.Rejected", description }]);
    const challenge = "[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=needauth&user=enc&salt=8w+/AA==&challenge=OzMAAA==&opaque=KQAAAA==";
    assert.deepEqual(plain.session.receive(rejected(challenge), 1020), [{ type: "auth-challenge", salt: "8w+/AA==", challenge: "OzMAAA==", opaque: "KQAAAA==" }]);
    assert.equal(plain.session.state, "closed");
    assert.deepEqual(connectOf("live2", "rtmp://h/live2", "enc").session.receive(rejected("[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=authfailed&opaque=x"), 1020), [{ type: "error", reason: 'RTMP server refused the credentials for user "enc" (authmod=adobe: reason=authfailed)' }]);
    assert.deepEqual(handshaken().session.receive(rejected("[ AccessManager.Reject ] : [ code=403 need auth; authmod=adobe ] : "), 1020), [{ type: "error", reason: "the RTMP server requires credentials (authmod=adobe): set username and passwordParam on the destination" }]);
  });

  it("answers a Ping Request and acknowledges each window of received bytes", () => {
    const { session } = handshaken();
    session.receive(writeChunks({ chunkStreamId: 2, typeId: 5, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.of(0, 0, 0, 100) }, 128), 1020);
    session.receive(writeChunks({ chunkStreamId: 2, typeId: 4, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.of(0, 6, 0, 0, 0x30, 0x39) }, 128), 1030);
    const answers = messagesOf(bytesOf(session.takeOutput())).map((m) => [m.typeId, [...m.payload]]);
    assert.deepEqual(answers.find(([type]) => type === 4), [4, [0, 7, 0, 0, 0x30, 0x39]], "Ping Response with the request's timestamp");
    assert.deepEqual(answers.find(([type]) => type === 3)?.[1], [0, 0, 0x0c, 0x11], "an Acknowledgement of the 3089 bytes received (handshake and chunks)");
  });

  it("publishes to openlive's own RTMP server session: the server sees the app, the key, the metadata and the media", () => {
    const server = new RtmpServerSession({ nowMs: 0, s1Random: new Uint8Array(1528) });
    const session = client(0);
    const events: RtmpEvent[] = [];
    let publishing = false;
    const pump = (): void => {
      for (let moved = true; moved; ) {
        moved = false;
        for (const bytes of session.takeOutput()) {
          moved = true;
          for (const event of server.receive(bytes, 5)) {
            events.push(event);
            if (event.type === "publish") server.acceptPublish();
          }
        }
        for (const bytes of server.takeOutput()) {
          moved = true;
          if (session.receive(bytes, 5).some((event) => event.type === "publishing")) publishing = true;
        }
      }
    };
    session.start(0);
    pump();
    assert.ok(publishing);
    session.sendTag("data", 0, encodeAmf0("onMetaData", new Amf0EcmaArray({ width: 320 })));
    session.sendTag("video", 40, new Uint8Array(200_000).fill(0x17));
    session.unpublish();
    pump();
    assert.deepEqual(
      events.map((event) => (event.type === "media" ? [event.type, event.kind, event.timestampMs, event.data.length] : event.type === "metadata" ? [event.type, event.name] : event.type === "connect" ? [event.type, event.app, event.tcUrl] : event.type === "publish" ? [event.type, event.app, event.streamKey, event.publishType] : [event.type])),
      [["handshake"], ["connect", "live2", "rtmp://ingest.example/live2"], ["publish", "live2", "key-1", "live"], ["metadata", "onMetaData"], ["media", "video", 40, 200_000], ["unpublish"]],
    );
  });
});
