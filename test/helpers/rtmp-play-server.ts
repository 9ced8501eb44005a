// A small RTMP server for players (Adobe RTMP spec 1.0), written for tests from the spec rather
// than with the client's code: the simple handshake (§5.2: S0+S1+S2 for C0+C1, then C2), then
// it answers connect (NetConnection.Connect.Success), createStream (stream 1) and play
// (NetStream.Play.Start) and sends the tags of an FLV file on that stream, paced at real time
// from their timestamps, with AMF0 data messages injected before the tag at a given timestamp
// (cue points, which ffmpeg's RTMP server cannot send). Chunks are read and written with the
// project's chunk stream code (protocols/rtmp/chunk-stream.ts).

import net from "node:net";
import { decodeAmf0, encodeAmf0, type Amf0Value } from "../../src/protocols/rtmp/amf0.ts";
import { ChunkReader, RtmpMessageTypes, writeChunks } from "../../src/protocols/rtmp/chunk-stream.ts";
import { FlvTagReader, type FlvTag } from "../../src/output/rtmp/flv-tag-reader.ts";

const HANDSHAKE_BYTES = 1536;
const CHUNK_SIZE = 4096;
const STREAM_ID = 1;

export interface InjectedData {
  /** Sent just before the first tag at or after this timestamp (ms). */
  readonly beforeMs: number;
  /** AMF0 values, handler name first. */
  readonly values: readonly Amf0Value[];
}

export interface RtmpPlayServer {
  readonly port: number;
  /** The play names players asked for. */
  readonly plays: string[];
  close(): Promise<void>;
}

export async function startRtmpPlayServer(port: number, flv: Uint8Array, inject: readonly InjectedData[]): Promise<RtmpPlayServer> {
  const { tags } = new FlvTagReader().push(flv);
  const plays: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let pending = Buffer.alloc(0);
    let stage: "c0c1" | "c2" | "chunks" = "c0c1";
    const reader = new ChunkReader();
    const send = (csid: number, typeId: number, streamId: number, timestampMs: number, payload: Uint8Array): void => {
      if (!socket.destroyed) socket.write(writeChunks({ chunkStreamId: csid, typeId, messageStreamId: streamId, timestampMs, payload }, CHUNK_SIZE));
    };
    socket.on("data", (bytes: Buffer) => {
      pending = Buffer.concat([pending, bytes]);
      if (stage === "c0c1") {
        if (pending.length < 1 + HANDSHAKE_BYTES) return;
        const c1 = pending.subarray(1, 1 + HANDSHAKE_BYTES);
        socket.write(Buffer.concat([Buffer.from([3]), Buffer.alloc(HANDSHAKE_BYTES), c1]));
        pending = pending.subarray(1 + HANDSHAKE_BYTES);
        stage = "c2";
      }
      if (stage === "c2") {
        if (pending.length < HANDSHAKE_BYTES) return;
        pending = pending.subarray(HANDSHAKE_BYTES);
        stage = "chunks";
        send(2, RtmpMessageTypes.SET_CHUNK_SIZE, 0, 0, Uint8Array.of(0, 0, CHUNK_SIZE >> 8, CHUNK_SIZE & 0xff));
      }
      const { messages } = reader.read(pending);
      pending = Buffer.alloc(0);
      for (const message of messages) {
        if (message.typeId !== RtmpMessageTypes.COMMAND_AMF0) continue;
        const [name, txn, , ...args] = decodeAmf0(message.payload).values;
        if (name === "connect") send(3, RtmpMessageTypes.COMMAND_AMF0, 0, 0, encodeAmf0("_result", txn as number, { fmsVer: "FMS/3,5,7,7009", capabilities: 31 }, { level: "status", code: "NetConnection.Connect.Success", description: "Connection succeeded." }));
        if (name === "createStream") send(3, RtmpMessageTypes.COMMAND_AMF0, 0, 0, encodeAmf0("_result", txn as number, null, STREAM_ID));
        if (name === "play") {
          plays.push(String(args[0]));
          send(5, RtmpMessageTypes.COMMAND_AMF0, STREAM_ID, 0, encodeAmf0("onStatus", 0, null, { level: "status", code: "NetStream.Play.Start", description: "Started playing." }));
          void stream(tags, inject, send, () => socket.destroyed);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port,
    plays,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The tags at real time from their timestamps, the injected data messages before theirs. */
async function stream(tags: readonly FlvTag[], inject: readonly InjectedData[], send: (csid: number, typeId: number, streamId: number, timestampMs: number, payload: Uint8Array) => void, gone: () => boolean): Promise<void> {
  const startedMs = Date.now();
  const waiting = [...inject];
  for (const tag of tags) {
    const aheadMs = tag.timestampMs - (Date.now() - startedMs);
    if (aheadMs > 0) await new Promise((resolve) => setTimeout(resolve, aheadMs));
    if (gone()) return;
    while (waiting.length > 0 && waiting[0]!.beforeMs <= tag.timestampMs) send(5, RtmpMessageTypes.DATA_AMF0, STREAM_ID, tag.timestampMs, encodeAmf0(...waiting.shift()!.values));
    const typeId = tag.type === 8 ? RtmpMessageTypes.AUDIO : tag.type === 9 ? RtmpMessageTypes.VIDEO : RtmpMessageTypes.DATA_AMF0;
    send(typeId === RtmpMessageTypes.AUDIO ? 4 : 6, typeId, STREAM_ID, tag.timestampMs, tag.data);
  }
}
