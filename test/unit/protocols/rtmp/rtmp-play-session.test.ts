// RtmpClientSession in play mode (RTMP spec 1.0 §7.2.2.1): connect with a player's codec
// capabilities, createStream, Set Buffer Length and play(name, -2) on the new stream; the
// stream's audio, video and data messages (an aggregate message as the messages it holds)
// come out as media events; Play.Start reports playing, StreamNotFound is a refusal, and
// UnpublishNotify ends the play. The split of RTMP_PULL URLs follows ffmpeg's RTMP client.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { concatBytes } from "../../../../src/media/bits/bytes.ts";
import { rtmpPlayUrl } from "../../../../src/ingest/pull/rtmp-play-url.ts";
import { decodeAmf0, encodeAmf0, type Amf0Value } from "../../../../src/protocols/rtmp/amf0.ts";
import { ChunkReader, writeChunks } from "../../../../src/protocols/rtmp/chunk-stream.ts";
import { RtmpClientModes, RtmpClientSession } from "../../../../src/protocols/rtmp/rtmp-client-session.ts";
import { RTMP_HANDSHAKE_SIZE } from "../../../../src/protocols/rtmp/rtmp-server-session.ts";

const command = (values: Amf0Value[]): Uint8Array => writeChunks({ chunkStreamId: 3, typeId: 20, messageStreamId: 0, timestampMs: 0, payload: encodeAmf0(...values) }, 128);
const onStatus = (level: string, code: string): Uint8Array => writeChunks({ chunkStreamId: 5, typeId: 20, messageStreamId: 1, timestampMs: 0, payload: encodeAmf0("onStatus", 0, null, { level, code, description: "d" }) }, 128);
const message = (typeId: number, timestampMs: number, payload: Uint8Array): Uint8Array => writeChunks({ chunkStreamId: 6, typeId, messageStreamId: 1, timestampMs, payload }, 128);

/** The commands (message stream, type, AMF values or raw bytes) in what the client sent. */
function sentOf(session: RtmpClientSession, reader: ChunkReader): unknown[] {
  return reader.read(concatBytes(session.takeOutput())).messages.map((m) => [m.messageStreamId, m.typeId, ...(m.typeId === 20 ? decodeAmf0(m.payload).values : [[...m.payload]])]);
}

/** A play session past the handshake, and a reader of what it sends (its Set Chunk Size applied). */
function handshaken(): { session: RtmpClientSession; reader: ChunkReader } {
  const session = new RtmpClientSession({ mode: RtmpClientModes.PLAY, app: "live", tcUrl: "rtmp://h/live", streamName: "cam?token=a", nowMs: 0 });
  session.start(0);
  session.takeOutput();
  session.receive(concatBytes([Uint8Array.of(3), new Uint8Array(RTMP_HANDSHAKE_SIZE), new Uint8Array(RTMP_HANDSHAKE_SIZE)]), 10);
  const reader = new ChunkReader();
  const out = concatBytes(session.takeOutput());
  reader.read(out.subarray(RTMP_HANDSHAKE_SIZE));
  return { session, reader };
}

/** An FLV tag inside an aggregate message: header, data, back pointer. */
function aggregateTag(typeId: number, timestampMs: number, data: number[]): number[] {
  return [typeId, 0, 0, data.length, (timestampMs >> 16) & 0xff, (timestampMs >> 8) & 0xff, timestampMs & 0xff, 0, 0, 0, 0, ...data, 0, 0, 0, 11 + data.length];
}

describe("RtmpClientSession (play)", () => {
  it("connect, createStream, Set Buffer Length and play; media events; UnpublishNotify ends it", () => {
    const session = new RtmpClientSession({ mode: RtmpClientModes.PLAY, app: "live", tcUrl: "rtmp://h/live", streamName: "cam?token=a", nowMs: 0 });
    session.start(0);
    session.takeOutput();
    session.receive(concatBytes([Uint8Array.of(3), new Uint8Array(RTMP_HANDSHAKE_SIZE), new Uint8Array(RTMP_HANDSHAKE_SIZE)]), 10);
    const reader = new ChunkReader();
    const connect = reader.read(concatBytes(session.takeOutput()).subarray(RTMP_HANDSHAKE_SIZE)).messages.find((m) => m.typeId === 20)!;
    const [name, txn, object] = decodeAmf0(connect.payload).values as [string, number, Record<string, Amf0Value>];
    assert.deepEqual([name, txn, object.app, object.tcUrl, object.audioCodecs, object.videoCodecs], ["connect", 1, "live", "rtmp://h/live", 4071, 252]);

    session.receive(command(["_result", 1, null, { code: "NetConnection.Connect.Success" }]), 20);
    assert.deepEqual(sentOf(session, reader), [[0, 20, "createStream", 4, null]], "a player sends no releaseStream or FCPublish");
    session.receive(command(["_result", 4, null, 1]), 30);
    assert.deepEqual(sentOf(session, reader), [
      [0, 4, [0, 3, 0, 0, 0, 1, 0, 0, 0x0b, 0xb8]],
      [1, 20, "play", 6, null, "cam?token=a", -2],
    ]);
    assert.deepEqual(session.receive(onStatus("status", "NetStream.Play.Start"), 40), [{ type: "playing" }]);
    assert.equal(session.state, "playing");

    const events = session.receive(
      concatBytes([
        message(9, 1_000, Uint8Array.of(0x17, 1, 0, 0, 0, 9)),
        message(18, 1_000, encodeAmf0("onCuePoint", { name: "cue-out" })),
        // §7.1.6: two audio tags at 5000 and 5023 in the tags' own clock, the message at 2000.
        message(22, 2_000, Uint8Array.from([...aggregateTag(8, 5_000, [0xaf, 1, 1]), ...aggregateTag(8, 5_023, [0xaf, 1, 2])])),
      ]),
      50,
    );
    assert.deepEqual(
      events.map((event) => (event.type === "media" ? [event.kind, event.timestampMs, [...event.data]] : [event.type])),
      [
        ["video", 1_000, [0x17, 1, 0, 0, 0, 9]],
        ["data", 1_000, [...encodeAmf0("onCuePoint", { name: "cue-out" })]],
        ["audio", 2_000, [0xaf, 1, 1]],
        ["audio", 2_023, [0xaf, 1, 2]],
      ],
    );
    assert.deepEqual(session.receive(onStatus("status", "NetStream.Play.UnpublishNotify"), 60), [{ type: "ended", reason: "the server ended the stream (NetStream.Play.UnpublishNotify)" }]);
    assert.equal(session.state, "closed");
  });

  it("a stream the server does not have is a refusal", () => {
    const { session } = handshaken();
    session.receive(command(["_result", 1, null, { code: "NetConnection.Connect.Success" }]), 20);
    session.receive(command(["_result", 4, null, 1]), 30);
    assert.deepEqual(session.receive(onStatus("error", "NetStream.Play.StreamNotFound"), 40), [{ type: "error", reason: "the server refused the play: NetStream.Play.StreamNotFound (d)" }]);
  });
});

describe("rtmpPlayUrl", () => {
  it("splits application and play path as ffmpeg's RTMP client does, credentials out of tcUrl", () => {
    assert.deepEqual(rtmpPlayUrl("rtmp://u:p%40ss@example.com/live/cam?token=a"), { ok: true, tls: false, host: "example.com", port: 1935, app: "live", tcUrl: "rtmp://example.com/live", streamName: "cam?token=a", username: "u", password: "p@ss" });
    const instance = rtmpPlayUrl("rtmps://example.com:8443/app/inst/a/b");
    assert.ok(instance.ok);
    assert.deepEqual([instance.app, instance.streamName, instance.tcUrl, instance.serverName, instance.port], ["app/inst", "a/b", "rtmps://example.com:8443/app/inst", "example.com", 8443]);
    assert.deepEqual(rtmpPlayUrl("rtmp://example.com/live"), { ok: false, reason: "the URL needs an application and a stream name: rtmp://host[:port]/app[/instance]/stream" });
    assert.deepEqual(rtmpPlayUrl("http://example.com/live/a"), { ok: false, reason: "unsupported URL scheme http" });
  });
});
