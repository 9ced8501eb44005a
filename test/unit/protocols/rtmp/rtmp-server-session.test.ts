import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { decodeAmf0, encodeAmf0, type Amf0Value } from "../../../../src/protocols/rtmp/amf0.ts";
import { concatBytes } from "../../../../src/media/bits/bytes.ts";
import { ChunkReader, writeChunks, type RtmpMessage } from "../../../../src/protocols/rtmp/chunk-stream.ts";
import { RTMP_HANDSHAKE_SIZE, RtmpServerSession, type RtmpEvent } from "../../../../src/protocols/rtmp/rtmp-server-session.ts";

const C1 = new Uint8Array(RTMP_HANDSHAKE_SIZE).map((_, i) => (i < 8 ? [0, 0, 0, 9, 0, 0, 0, 0][i]! : i & 0xff));

function command(csid: number, streamId: number, ...values: Amf0Value[]): Uint8Array {
  return writeChunks({ chunkStreamId: csid, typeId: 20, messageStreamId: streamId, timestampMs: 0, payload: encodeAmf0(...values) }, 128);
}

/** What ffmpeg sends, in order: C0+C1, C2, connect, releaseStream, FCPublish, createStream, publish, media, FCUnpublish, deleteStream. */
function publisherBytes(key = "test"): Uint8Array {
  return concatBytes([
    Uint8Array.from([3]),
    C1,
    new Uint8Array(RTMP_HANDSHAKE_SIZE), // C2 (not verified by the simple handshake)
    writeChunks({ chunkStreamId: 2, typeId: 1, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.from([0, 0, 0x10, 0]) }, 128),
    writeChunks({ chunkStreamId: 3, typeId: 20, messageStreamId: 0, timestampMs: 0, payload: encodeAmf0("connect", 1, { app: "live", tcUrl: "rtmp://127.0.0.1/live", flashVer: "FMLE/3.0" }) }, 4096),
    writeChunks({ chunkStreamId: 3, typeId: 20, messageStreamId: 0, timestampMs: 0, payload: encodeAmf0("releaseStream", 2, null, key) }, 4096),
    writeChunks({ chunkStreamId: 3, typeId: 20, messageStreamId: 0, timestampMs: 0, payload: encodeAmf0("FCPublish", 3, null, key) }, 4096),
    writeChunks({ chunkStreamId: 3, typeId: 20, messageStreamId: 0, timestampMs: 0, payload: encodeAmf0("createStream", 4, null) }, 4096),
    writeChunks({ chunkStreamId: 4, typeId: 20, messageStreamId: 1, timestampMs: 0, payload: encodeAmf0("publish", 5, null, key, "live") }, 4096),
  ]);
}

/** Set Chunk Size (§5.4.1) on chunk stream 2. */
function setChunkSize(size: number): Uint8Array {
  return writeChunks({ chunkStreamId: 2, typeId: 1, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.from([size >>> 24, (size >>> 16) & 0xff, (size >>> 8) & 0xff, size & 0xff]) }, 4096);
}

function mediaBytes(): Uint8Array {
  return concatBytes([
    writeChunks({ chunkStreamId: 4, typeId: 18, messageStreamId: 1, timestampMs: 0, payload: encodeAmf0("@setDataFrame", "onMetaData", { width: 320 }) }, 4096),
    writeChunks({ chunkStreamId: 6, typeId: 9, messageStreamId: 1, timestampMs: 0, payload: Uint8Array.from([0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1f, 0xff, 0xe1, 0, 1, 0x67, 1, 0, 1, 0x68]) }, 4096),
    writeChunks({ chunkStreamId: 4, typeId: 8, messageStreamId: 1, timestampMs: 0, payload: Uint8Array.from([0xaf, 0, 0x12, 0x10]) }, 4096),
    writeChunks({ chunkStreamId: 6, typeId: 9, messageStreamId: 1, timestampMs: 40, payload: new Uint8Array(9000).fill(0x27) }, 4096),
    writeChunks({ chunkStreamId: 3, typeId: 20, messageStreamId: 0, timestampMs: 0, payload: encodeAmf0("FCUnpublish", 6, null, "test") }, 4096),
    writeChunks({ chunkStreamId: 3, typeId: 20, messageStreamId: 0, timestampMs: 0, payload: encodeAmf0("deleteStream", 7, null, 1) }, 4096),
  ]);
}

/** Decodes the server's chunk output (after S0+S1+S2) into messages. */
function serverMessages(output: Uint8Array[]): RtmpMessage[] {
  const bytes = concatBytes(output).subarray(1 + 2 * RTMP_HANDSHAKE_SIZE);
  const result = new ChunkReader().read(bytes);
  assert.equal(result.error, undefined);
  return result.messages;
}

function commandsOf(messages: RtmpMessage[]): Amf0Value[][] {
  return messages.filter((m) => m.typeId === 20).map((m) => decodeAmf0(m.payload).values);
}

function feedInPieces(bytes: Uint8Array, sizes: readonly number[], accept = true): { events: RtmpEvent[]; output: Uint8Array[] } {
  const session = new RtmpServerSession({ nowMs: 1000, s1Random: new Uint8Array(1528) });
  const events: RtmpEvent[] = [];
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = sizes.length ? sizes[i++ % sizes.length]! : bytes.length;
    for (const event of session.receive(bytes.subarray(offset, offset + size), 1000)) {
      events.push(event);
      if (event.type === "publish") events.push(...(accept ? session.acceptPublish() : session.rejectPublish()));
    }
    offset += size;
  }
  return { events, output: session.takeOutput() };
}

describe("RtmpServerSession", () => {
  it("answers C0+C1 with S0+S1+S2 (simple handshake, §5.2)", () => {
    const session = new RtmpServerSession({ nowMs: 0, s1Random: new Uint8Array(1528).fill(0x5a) });
    const events = session.receive(concatBytes([Uint8Array.from([3]), C1]), 7);
    assert.deepEqual(events, [{ type: "handshake", clientVersion: 3 }]);
    const out = concatBytes(session.takeOutput());
    assert.equal(out.length, 1 + 2 * RTMP_HANDSHAKE_SIZE);
    assert.equal(out[0], 3);
    assert.deepEqual([...out.subarray(1, 9)], [0, 0, 0, 7, 0, 0, 0, 0]); // S1 time 7 ms, zero
    assert.equal(out[9], 0x5a);
    const s2 = out.subarray(1 + RTMP_HANDSHAKE_SIZE);
    assert.deepEqual([...s2.subarray(0, 8)], [0, 0, 0, 9, 0, 0, 0, 7]); // C1 time, time2
    assert.deepEqual(s2.subarray(8), C1.subarray(8));
    assert.equal(session.state, "awaiting-c2");
    session.receive(new Uint8Array(RTMP_HANDSHAKE_SIZE), 8);
    assert.equal(session.state, "connected");
  });

  it("rejects a C0 that is not version 3", () => {
    const session = new RtmpServerSession({ nowMs: 0 });
    const events = session.receive(concatBytes([Uint8Array.from([6]), C1]), 0);
    assert.equal(events[0]?.type, "error");
    assert.equal(session.state, "closed");
    assert.deepEqual(session.takeOutput(), []);
  });

  it("withholds the handshake until allowed", () => {
    const session = new RtmpServerSession({ nowMs: 0, handshakeAllowed: false });
    assert.deepEqual(session.receive(concatBytes([Uint8Array.from([3]), C1]), 0), []);
    assert.deepEqual(session.takeOutput(), []);
    assert.deepEqual(session.allowHandshake(5), [{ type: "handshake", clientVersion: 3 }]);
    assert.equal(concatBytes(session.takeOutput()).length, 1 + 2 * RTMP_HANDSHAKE_SIZE);
  });

  it("runs the publish flow: connect, releaseStream, FCPublish, createStream, publish → accept", () => {
    const { events, output } = feedInPieces(concatBytes([publisherBytes(), mediaBytes()]), []);
    assert.deepEqual(
      events.filter((e) => e.type !== "media" && e.type !== "metadata"),
      [
        { type: "handshake", clientVersion: 3 },
        { type: "connect", app: "live", tcUrl: "rtmp://127.0.0.1/live", flashVer: "FMLE/3.0" },
        { type: "publish", app: "live", streamKey: "test", publishType: "live" },
        { type: "unpublish", app: "live", streamKey: "test" },
      ],
    );
    const media = events.filter((e) => e.type === "media");
    assert.deepEqual(media.map((e) => e.type === "media" && [e.kind, e.timestampMs, e.data.length]), [
      ["video", 0, 18],
      ["audio", 0, 4],
      ["video", 40, 9000],
    ]);
    assert.ok(events.some((e) => e.type === "metadata" && e.name === "onMetaData" && (e.values[0] as { width: number }).width === 320));

    const messages = serverMessages(output);
    assert.deepEqual(messages.slice(0, 3).map((m) => [m.typeId, [...m.payload]]), [
      [5, [0x00, 0x4c, 0x4b, 0x40]], // Window Acknowledgement Size 5_000_000
      [6, [0x00, 0x4c, 0x4b, 0x40, 2]], // Set Peer Bandwidth, dynamic
      [1, [0, 0, 0x10, 0]], // Set Chunk Size 4096
    ]);
    const commands = commandsOf(messages);
    assert.deepEqual(commands[0]?.slice(0, 2), ["_result", 1]);
    assert.equal((commands[0]?.[3] as { code: string }).code, "NetConnection.Connect.Success");
    assert.deepEqual(commands[1], ["_result", 2, null]);
    assert.deepEqual(commands[2], ["onFCPublish", 0, null, { code: "NetStream.Publish.Start", description: "test" }]);
    assert.deepEqual(commands[3], ["_result", 4, null, 1]);
    assert.deepEqual(commands[4], ["onStatus", 0, null, { level: "status", code: "NetStream.Publish.Start", description: "test is now published." }]);
    const stream = messages.find((m) => m.typeId === 20 && decodeAmf0(m.payload).values[0] === "onStatus");
    assert.equal(stream?.messageStreamId, 1);
    assert.ok(messages.some((m) => m.typeId === 4 && m.payload[1] === 0), "Stream Begin");
  });

  it("rejects a publish with NetStream.Publish.BadName and drops its media", () => {
    const { events, output } = feedInPieces(concatBytes([publisherBytes("nope"), mediaBytes()]), [], false);
    assert.equal(events.filter((e) => e.type === "media" || e.type === "unpublish").length, 0);
    const status = commandsOf(serverMessages(output)).find((c) => c[0] === "onStatus");
    assert.deepEqual(status?.[3], { level: "error", code: "NetStream.Publish.BadName", description: "Stream key or application name is not accepted." });
  });

  it("gives identical events and output fed byte by byte or in random splits (fast-check)", () => {
    const bytes = concatBytes([publisherBytes(), mediaBytes()]);
    const whole = feedInPieces(bytes, []);
    const byteByByte = feedInPieces(bytes, [1]);
    assert.deepEqual(byteByByte.events, whole.events);
    assert.deepEqual(concatBytes(byteByByte.output), concatBytes(whole.output));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 20 }), (sizes) => {
        const split = feedInPieces(bytes, sizes);
        assert.deepEqual(split.events, whole.events);
        assert.deepEqual(concatBytes(split.output), concatBytes(whole.output));
      }),
      { numRuns: 100 },
    );
  });

  it("acknowledges each window of received bytes (§5.4.3)", () => {
    const session = new RtmpServerSession({ nowMs: 0 });
    session.receive(publisherBytes(), 0);
    session.acceptPublish();
    session.takeOutput();
    session.receive(writeChunks({ chunkStreamId: 2, typeId: 5, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.from([0, 0, 0x27, 0x10]) }, 4096), 0);
    session.receive(writeChunks({ chunkStreamId: 6, typeId: 9, messageStreamId: 1, timestampMs: 0, payload: new Uint8Array(12_000).fill(0x27) }, 4096), 0);
    const acks = new ChunkReader().read(concatBytes(session.takeOutput())).messages.filter((m) => m.typeId === 3);
    assert.equal(acks.length, 1);
    assert.equal(session.stats.acknowledgementsSent, 1);
  });

  it("closes the session on a Set Chunk Size below 128 (§5.4.1)", () => {
    const session = new RtmpServerSession({ nowMs: 0 });
    session.receive(publisherBytes(), 0);
    session.acceptPublish();
    const events = session.receive(concatBytes([setChunkSize(1), Uint8Array.from([6, 0, 0, 0, 0, 0, 2, 9, 1, 0, 0, 0, 0x17]), Uint8Array.of(0xc6, 0x01)]), 0);
    assert.deepEqual(events, [{ type: "error", reason: "Set Chunk Size 1 below 128 (§5.4.1)" }]);
    assert.equal(session.state, "closed");
    assert.equal(session.stats.protocolErrors, 1);
  });

  it("closes on protocol errors and never throws on random or mutated bytes (fast-check)", () => {
    const handshake = publisherBytes().subarray(0, 1 + 2 * RTMP_HANDSHAKE_SIZE);
    const seeds = [
      concatBytes([publisherBytes(), mediaBytes()]),
      // Attacks after a real publish: a tiny Set Chunk Size with interleaved one-byte chunks,
      // and huge declared message lengths on many chunk streams.
      concatBytes([publisherBytes(), setChunkSize(1), Uint8Array.from([6, 0, 0, 0, 0, 0x10, 0, 9, 1, 0, 0, 0, 0x17, 7, 0, 0, 0, 0, 0x10, 0, 8, 1, 0, 0, 0, 0xaf]), Uint8Array.from({ length: 2000 }, (_, i) => [0xc6, 0x27, 0xc7, 0x01][i % 4]!)]),
      concatBytes([handshake, ...[3, 4, 5, 6, 7, 8].map((csid) => concatBytes([Uint8Array.from([csid, 0, 0, 0, 0xff, 0xff, 0xff, 9, 1, 0, 0, 0]), new Uint8Array(128).fill(csid)]))]),
    ];
    const prefix = 1 + 2 * RTMP_HANDSHAKE_SIZE;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 5000 }),
          fc.constantFrom(...seeds),
          fc.tuple(fc.nat(seeds.length - 1), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })).map(([which, edits]) => {
            const b = seeds[which]!.slice();
            for (const [at, v] of edits) b[prefix + (at % (b.length - prefix))] = v;
            return b;
          }),
        ),
        fc.integer({ min: 1, max: 700 }),
        (bytes, step) => {
          const session = new RtmpServerSession({ nowMs: 0, maxMessageSizeBytes: 65536 });
          for (let i = 0; i < bytes.length; i += step) {
            for (const e of session.receive(bytes.subarray(i, i + step), i)) if (e.type === "publish") session.acceptPublish();
            session.takeOutput();
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("accepts AMF3-wrapped commands (type 17) and strips a ?query from the stream key", () => {
    const handshake = publisherBytes().subarray(0, 1 + 2 * RTMP_HANDSHAKE_SIZE);
    const amf3 = (...values: Amf0Value[]): Uint8Array =>
      writeChunks({ chunkStreamId: 3, typeId: 17, messageStreamId: 0, timestampMs: 0, payload: concatBytes([Uint8Array.from([0]), encodeAmf0(...values)]) }, 128);
    const { events } = feedInPieces(concatBytes([handshake, amf3("connect", 1, { app: "live/" }), amf3("createStream", 2, null), command(4, 1, "publish", 3, null, "key?token=1", "live")]), []);
    assert.deepEqual(events.slice(1), [
      { type: "connect", app: "live" },
      { type: "publish", app: "live", streamKey: "key", publishType: "live" },
    ]);
  });

  it("closes on publish before connect and on a second publish", () => {
    const handshake = publisherBytes().subarray(0, 1 + 2 * RTMP_HANDSHAKE_SIZE);
    const early = feedInPieces(concatBytes([handshake, command(4, 1, "publish", 3, null, "k", "live")]), []);
    assert.deepEqual(early.events.at(-1), { type: "error", reason: "publish before connect" });
    const twice = feedInPieces(concatBytes([publisherBytes(), command(4, 1, "publish", 6, null, "k", "live")]), []);
    assert.equal(twice.events.at(-1)?.type, "error");
  });

  it("counts oversize messages and unknown commands without closing", () => {
    const session = new RtmpServerSession({ nowMs: 0, maxMessageSizeBytes: 1000 });
    session.receive(publisherBytes(), 0);
    session.acceptPublish();
    const events = session.receive(
      concatBytes([
        writeChunks({ chunkStreamId: 6, typeId: 9, messageStreamId: 1, timestampMs: 0, payload: new Uint8Array(5000).fill(0x27) }, 4096),
        command(3, 0, "somethingElse", 9, null),
        writeChunks({ chunkStreamId: 6, typeId: 9, messageStreamId: 1, timestampMs: 40, payload: new Uint8Array(10).fill(0x27) }, 4096),
      ]),
      0,
    );
    assert.deepEqual(events.map((e) => e.type), ["media"]);
    assert.equal(session.stats.oversizeMessages, 1);
    assert.equal(session.stats.unknownCommands, 1);
    assert.equal(session.state, "connected");
  });
});
