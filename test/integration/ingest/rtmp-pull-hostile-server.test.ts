// openlive's RTMP player (ingest/pull/rtmp-play-feed.ts over protocols/rtmp/rtmp-client-session.ts)
// against hostile RTMP servers on loopback, each doing the Adobe RTMP 1.0 simple handshake
// (§5.2: S0+S1+S2 for C0+C1) and then misbehaving: garbage instead of chunks; an endless flood
// of Set Chunk Size and Window Acknowledgement Size messages (§5.4.1, §5.4.4); a chunk announcing
// a message of 16 MiB that never comes (§5.3.1.2); silence; and, once the play has started, an
// endless flood of Ping Requests (§7.1.7) while the server reads nothing, so every Ping Response
// the player owes piles up on its side. Each time the player must stop once, with a reason that
// says what happened, within its start timeout (or at once), and hold no more than a bounded
// amount: the flood is read and dropped, the unsent answers are capped. What it stops with is
// what the child-pull supervisor reports and restarts on (child-pull-source.ts).

import assert from "node:assert/strict";
import net from "node:net";
import { PassThrough } from "node:stream";
import { after, describe, it } from "node:test";
import { PullStates } from "../../../src/ingest/pull/pull-source.ts";
import { RtmpPlayFeed } from "../../../src/ingest/pull/rtmp-play-feed.ts";
import { decodeAmf0, encodeAmf0 } from "../../../src/protocols/rtmp/amf0.ts";
import { ChunkReader, RtmpMessageTypes, writeChunks } from "../../../src/protocols/rtmp/chunk-stream.ts";
import { waitUntil } from "../../helpers/media-fixtures.ts";
import { inputRecord } from "../../helpers/input-record.ts";
import { sampleMemoryGrowth } from "../../helpers/memory-growth.ts";
import { INPUT_UNAVAILABLE, PullSources } from "../../helpers/pull-fixtures.ts";

const HANDSHAKE_BYTES = 1536;
const START_TIMEOUT_MS = 1500;
/** A feed not stopped by then never will be. */
const STOP_DEADLINE_MS = 15_000;
/** What the tests allow the process to grow by while a flood runs (the chunk reader may hold 32 MiB of partial messages). */
const MAX_GROWTH_BYTES = 96 * 1024 * 1024;

interface Hostile {
  readonly port: number;
  /** Connections taken so far. */
  readonly connections: () => number;
  /** Bytes the server managed to write. */
  readonly written: () => number;
  close(): Promise<void>;
}

/** A server that does the handshake, then hands the socket to `behave`. */
async function hostileServer(behave: (socket: net.Socket, rest: Buffer) => void): Promise<Hostile> {
  const sockets = new Set<net.Socket>();
  let written = 0;
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("close", () => {
      written += socket.bytesWritten;
      sockets.delete(socket);
    });
    socket.on("error", () => socket.destroy());
    let pending = Buffer.alloc(0);
    const onData = (bytes: Buffer): void => {
      pending = Buffer.concat([pending, bytes]);
      if (pending.length < 1 + HANDSHAKE_BYTES) return;
      socket.off("data", onData);
      const c1 = pending.subarray(1, 1 + HANDSHAKE_BYTES);
      socket.write(Buffer.concat([Buffer.from([3]), Buffer.alloc(HANDSHAKE_BYTES), c1]));
      behave(socket, pending.subarray(1 + HANDSHAKE_BYTES));
    };
    socket.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    written: () => written + [...sockets].reduce((sum, socket) => sum + socket.bytesWritten, 0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes `next()` for as long as the peer takes it (waiting for drain), until the socket closes or `limitBytes` went out. */
function flood(socket: net.Socket, next: () => Uint8Array, limitBytes: number): void {
  let sent = 0;
  const pump = (): void => {
    while (!socket.destroyed && sent < limitBytes) {
      const bytes = next();
      sent += bytes.length;
      if (!socket.write(bytes)) {
        socket.once("drain", pump);
        return;
      }
    }
  };
  pump();
}

/** Plays from the server; resolves with the reason the feed stopped and how long it took. */
async function play(port: number, sink = new PassThrough()): Promise<{ reason: string; elapsedMs: number; growthBytes: number }> {
  sink.resume();
  const startedAtMs = Date.now();
  const growth = sampleMemoryGrowth(50);
  let stops = 0;
  try {
    const reason = await new Promise<string>((resolve, reject) => {
      const deadline = setTimeout(() => {
        feed.close();
        reject(new Error(`the feed did not stop within ${STOP_DEADLINE_MS} ms`));
      }, STOP_DEADLINE_MS);
      const feed = new RtmpPlayFeed({
        target: { tls: false, host: "127.0.0.1", port, app: "live", tcUrl: `rtmp://127.0.0.1:${port}/live`, streamName: "stream" },
        sink,
        onScte35: () => undefined,
        onStopped: (why) => {
          clearTimeout(deadline);
          stops += 1;
          feed.close();
          resolve(why);
        },
        startTimeoutMs: START_TIMEOUT_MS,
      });
      feed.start();
    });
    // A second report would restart the child twice.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(stops, 1, "the feed reports its stop once");
    return { reason, elapsedMs: Date.now() - startedAtMs, growthBytes: growth.stop() };
  } finally {
    growth.stop();
  }
}

/** Answers connect, createStream and play (§7.2), then calls `playing`. */
function answerUntilPlaying(socket: net.Socket, rest: Buffer, playing: () => void): void {
  const reader = new ChunkReader();
  let stage: "c2" | "chunks" = "c2";
  let pending = rest;
  const send = (csid: number, typeId: number, streamId: number, payload: Uint8Array): void => void socket.write(writeChunks({ chunkStreamId: csid, typeId, messageStreamId: streamId, timestampMs: 0, payload }, 128));
  const onData = (bytes: Buffer): void => {
    pending = Buffer.concat([pending, bytes]);
    if (stage === "c2") {
      if (pending.length < HANDSHAKE_BYTES) return;
      pending = pending.subarray(HANDSHAKE_BYTES);
      stage = "chunks";
    }
    const { messages } = reader.read(pending);
    pending = Buffer.alloc(0);
    for (const message of messages) {
      if (message.typeId !== RtmpMessageTypes.COMMAND_AMF0) continue;
      const [name, txn] = decodeAmf0(message.payload).values;
      if (name === "connect") send(3, RtmpMessageTypes.COMMAND_AMF0, 0, encodeAmf0("_result", txn ?? 1, { fmsVer: "FMS/3,0,1,123" }, { level: "status", code: "NetConnection.Connect.Success", description: "ok" }));
      if (name === "createStream") send(3, RtmpMessageTypes.COMMAND_AMF0, 0, encodeAmf0("_result", txn ?? 4, null, 1));
      if (name === "play") {
        send(5, RtmpMessageTypes.COMMAND_AMF0, 1, encodeAmf0("onStatus", 0, null, { level: "status", code: "NetStream.Play.Start", description: "playing" }));
        socket.off("data", onData);
        playing();
      }
    }
  };
  socket.on("data", onData);
  if (rest.length > 0) onData(Buffer.alloc(0));
}

/** Garbage after the handshake: what the first test sends, from a seeded generator. */
function garbage(): Buffer {
  let state = 12_345;
  const bytes = Buffer.alloc(64 * 1024, 0);
  for (let i = 0; i < bytes.length; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    bytes[i] = state >>> 16;
  }
  bytes[0] = 0xc7; // fmt 3 on a chunk stream never opened
  return bytes;
}

describe("RTMP_PULL player against hostile servers", { timeout: 60_000 }, () => {
  const servers: Hostile[] = [];
  const sources = new PullSources();
  after(async () => {
    await sources.close();
    await Promise.all(servers.map((server) => server.close()));
  });

  it("garbage after a valid handshake: a protocol error at once", async () => {
    const server = await hostileServer((socket) => socket.write(garbage()));
    servers.push(server);
    const { reason, elapsedMs } = await play(server.port);
    assert.match(reason, /chunk stream 7 starts with fmt 3 instead of 0/);
    assert.ok(elapsedMs < START_TIMEOUT_MS, `stopped at once (${elapsedMs} ms)`);
  });

  it("through the supervised pull source: the garbage server's error is the input's alert, and the source retries", async () => {
    const server = await hostileServer((socket) => socket.write(garbage()));
    servers.push(server);
    const url = `rtmp://127.0.0.1:${server.port}/live/a`;
    const { source, alerts } = sources.pull({ input: inputRecord({ id: "7654321", name: "hostile", type: "RTMP_PULL", sources: [{ url }] }), resolveSecret: () => undefined });
    await waitUntil(() => alerts.some((alert) => alert.alertType === INPUT_UNAVAILABLE && alert.state === "SET"), "the alert", 10_000);
    assert.equal(alerts[0]!.message, `${url}: chunk stream 7 starts with fmt 3 instead of 0 (§5.3.1.2)`);
    assert.equal(source.state, PullStates.RETRYING);
    // The restart path: ffmpeg and the player start again after the backoff and connect anew.
    await waitUntil(() => server.connections() >= 2, "a second connection", 15_000);
  });

  it("an endless flood of Set Chunk Size and Window Acknowledgement Size: read and dropped, stopped by the start timeout", async () => {
    // One Set Chunk Size (4096) and one Window Acknowledgement Size (1 byte: an acknowledgement owed after every read) per step.
    const step = Buffer.concat([
      writeChunks({ chunkStreamId: 2, typeId: RtmpMessageTypes.SET_CHUNK_SIZE, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.of(0, 0, 0x10, 0) }, 128),
      writeChunks({ chunkStreamId: 2, typeId: RtmpMessageTypes.WINDOW_ACK_SIZE, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.of(0, 0, 0, 1) }, 128),
    ]);
    const batch = Buffer.concat(new Array<Buffer>(4096).fill(step));
    const server = await hostileServer((socket) => flood(socket, () => batch, 2 * 1024 ** 3));
    servers.push(server);
    const { reason, elapsedMs, growthBytes } = await play(server.port);
    assert.match(reason, /did not start the stream within 1\.5 s/);
    assert.ok(elapsedMs < START_TIMEOUT_MS + 2000, `stopped in time (${elapsedMs} ms)`);
    assert.ok(server.written() > 4 * 1024 * 1024, `the player kept reading the flood (${server.written()} bytes)`);
    assert.ok(growthBytes < MAX_GROWTH_BYTES, `memory bounded: grew by ${growthBytes} bytes while ${server.written()} came in`);
  });

  it("a chunk announcing a 16 MiB message that never comes: held within the reader's bounds, stopped by the start timeout", async () => {
    // fmt 0 on chunk stream 3: timestamp 0, message length 0xFFFFFF, type 20 (command), stream 0; then 100 bytes of it.
    const header = Uint8Array.of(0x03, 0, 0, 0, 0xff, 0xff, 0xff, 20, 0, 0, 0, 0);
    const server = await hostileServer((socket) => socket.write(Buffer.concat([header, Buffer.alloc(100, 0x41)])));
    servers.push(server);
    const { reason, elapsedMs, growthBytes } = await play(server.port);
    assert.match(reason, /did not start the stream within 1\.5 s/);
    assert.ok(elapsedMs < START_TIMEOUT_MS + 2000, `stopped in time (${elapsedMs} ms)`);
    assert.ok(growthBytes < MAX_GROWTH_BYTES, `memory bounded: grew by ${growthBytes} bytes`);
  });

  it("a server that stalls after the handshake: stopped by the start timeout", async () => {
    const server = await hostileServer(() => undefined);
    servers.push(server);
    const { reason, elapsedMs } = await play(server.port);
    assert.match(reason, /did not start the stream within 1\.5 s/);
    assert.ok(elapsedMs >= START_TIMEOUT_MS - 50 && elapsedMs < START_TIMEOUT_MS + 2000, `stopped by the timeout (${elapsedMs} ms)`);
  });

  it("after Play.Start, an endless flood of Ping Requests while the server reads nothing: the unsent Ping Responses are capped and the player stops", async () => {
    // A Ping Request (event 6, a timestamp) as a fmt 0 chunk, then as fmt 3 chunks (one header byte each).
    const first = writeChunks({ chunkStreamId: 2, typeId: RtmpMessageTypes.USER_CONTROL, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.of(0, 6, 0, 0, 0, 1) }, 128);
    const repeat = Uint8Array.of(0xc2, 0, 6, 0, 0, 0, 1);
    const batch = Buffer.concat(new Array<Uint8Array>(16_384).fill(repeat));
    const server = await hostileServer((socket, rest) =>
      answerUntilPlaying(socket, rest, () => {
        socket.pause(); // reads nothing more: the player's answers fill the connection
        socket.write(first);
        flood(socket, () => batch, 48 * 1024 * 1024);
      }),
    );
    servers.push(server);
    const { reason, growthBytes } = await play(server.port);
    assert.match(reason, /the server does not read what the player sends \(\d+ bytes waiting\)/);
    assert.ok(growthBytes < MAX_GROWTH_BYTES, `memory bounded: grew by ${growthBytes} bytes while ${server.written()} came in`);
  });
});
