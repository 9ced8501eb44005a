// A real publisher: Debian ffmpeg pushes FLV over RTMP into a node:net server on 127.0.0.1
// whose connections are driven by RtmpServerSession (sockets allowed in tests only).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import net from "node:net";
import { describe, it } from "node:test";
import fc from "fast-check";
import { concatBytes } from "../../../../src/media/bits/bytes.ts";
import { parseFlvAudioTag, parseFlvVideoTag, type FlvAudioTag, type FlvVideoTag } from "../../../../src/media/flv/flv-tags.ts";
import { RtmpServerSession, type RtmpEvent } from "../../../../src/protocols/rtmp/rtmp-server-session.ts";

interface PushResult {
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly events: RtmpEvent[];
  /** Every byte the publisher sent, for replay. */
  readonly clientBytes: Uint8Array;
}

async function pushWithFfmpeg(acceptedKey: string, pushPath: string, seconds: number): Promise<PushResult> {
  const events: RtmpEvent[] = [];
  const clientBytes: Uint8Array[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const session = new RtmpServerSession({ nowMs: Date.now() });
    const flush = (): void => {
      for (const bytes of session.takeOutput()) socket.write(bytes);
    };
    const handle = (list: RtmpEvent[]): void => {
      for (const event of list) {
        events.push(event);
        if (event.type === "publish") {
          if (`${event.app}/${event.streamKey}` === acceptedKey) handle(session.acceptPublish());
          else {
            handle(session.rejectPublish());
            flush();
            socket.end();
          }
        }
        if (event.type === "error") socket.destroy();
      }
    };
    socket.on("data", (chunk: Buffer) => {
      clientBytes.push(new Uint8Array(chunk));
      handle(session.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), Date.now()));
      flush();
    });
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  const ffmpeg = spawn(
    "ffmpeg",
    [
      "-hide_banner", "-loglevel", "error", "-re",
      "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
      "-f", "lavfi", "-i", "sine",
      "-t", String(seconds), "-c:v", "libx264", "-g", "25", "-c:a", "aac",
      "-f", "flv", `rtmp://127.0.0.1:${port}/${pushPath}`,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  ffmpeg.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => ffmpeg.on("close", resolve));
  await new Promise((resolve) => setTimeout(resolve, 100));
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { exitCode, stderr, events, clientBytes: concatBytes(clientBytes) };
}

/** Replays captured publisher bytes through a fresh session in pieces of the given sizes (cycled). */
function replay(bytes: Uint8Array, sizes: readonly number[]): RtmpEvent[] {
  const session = new RtmpServerSession({ nowMs: 0 });
  const events: RtmpEvent[] = [];
  const handle = (list: RtmpEvent[]): void => {
    for (const event of list) {
      events.push(event);
      if (event.type === "publish") handle(session.acceptPublish());
    }
  };
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    handle(session.receive(bytes.subarray(offset, offset + size), 0));
    offset += size;
    session.takeOutput();
  }
  return events;
}

describe("RtmpServerSession with a real ffmpeg publisher", () => {
  let capture: Uint8Array | undefined;

  it("receives publish, AVC/AAC sequence headers, media and unpublish", { timeout: 25_000 }, async () => {
    const { exitCode, stderr, events, clientBytes } = await pushWithFfmpeg("live/test", "live/test", 3);
    capture = clientBytes;
    assert.equal(exitCode, 0, stderr);
    assert.deepEqual(events.filter((e) => e.type === "error"), []);
    const publish = events.find((e) => e.type === "publish");
    assert.deepEqual(publish, { type: "publish", app: "live", streamKey: "test", publishType: "live" });
    const video: FlvVideoTag[] = [];
    const audio: FlvAudioTag[] = [];
    let lastVideoMs = -1;
    for (const e of events) {
      if (e.type !== "media") continue;
      if (e.kind === "video") {
        video.push(parseFlvVideoTag(e.data));
        assert.ok(e.timestampMs >= lastVideoMs);
        lastVideoMs = e.timestampMs;
      } else audio.push(parseFlvAudioTag(e.data));
    }
    const header = video.find((t) => t.kind === "avc-sequence-header");
    assert.ok(header && header.kind === "avc-sequence-header");
    assert.equal(header.config.sps.length, 1);
    assert.equal((header.config.sps[0]![0]! & 0x1f), 7, "SPS NAL type 7");
    assert.equal((header.config.pps[0]![0]! & 0x1f), 8, "PPS NAL type 8");
    const pictures = video.filter((t) => t.kind === "avc-nalus");
    assert.ok(pictures.length >= 60, `${pictures.length} video tags`);
    assert.ok(pictures.some((t) => t.kind === "avc-nalus" && t.keyframe && t.nalus.some((n) => (n[0]! & 0x1f) === 5)), "an IDR picture");
    assert.ok(lastVideoMs >= 2000, `last video timestamp ${lastVideoMs} ms`);
    const asc = audio.find((t) => t.kind === "aac-sequence-header");
    assert.ok(asc && asc.kind === "aac-sequence-header");
    assert.equal(asc.audioSpecificConfig[0]! >> 3, 2, "AAC LC object type");
    assert.ok(audio.filter((t) => t.kind === "aac-raw").length >= 50);
    assert.ok(events.some((e) => e.type === "metadata" && e.name === "onMetaData"));
    assert.deepEqual(events.filter((e) => e.type === "unpublish"), [{ type: "unpublish", app: "live", streamKey: "test" }]);
  });

  it("rejects a wrong stream key with NetStream.Publish.BadName; ffmpeg fails", { timeout: 25_000 }, async () => {
    const { exitCode, events } = await pushWithFfmpeg("live/test", "live/wrong", 3);
    assert.notEqual(exitCode, 0);
    assert.ok(events.some((e) => e.type === "publish" && e.streamKey === "wrong"));
    assert.equal(events.filter((e) => e.type === "media").length, 0);
  });

  it("replays the capture byte by byte and in random splits with identical events", { timeout: 20_000 }, () => {
    assert.ok(capture, "needs the capture from the first test");
    const whole = replay(capture, [capture.length]);
    assert.ok(whole.filter((e) => e.type === "media").length > 100);
    assert.deepEqual(replay(capture, [1]), whole);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 30 }), (sizes) => {
        assert.deepEqual(replay(capture!, sizes), whole);
      }),
      { numRuns: 20 },
    );
  });

  it("survives mutations of the real capture (fast-check)", { timeout: 20_000 }, () => {
    assert.ok(capture, "needs the capture from the first test");
    const prefix = capture.subarray(0, 40_000);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(prefix.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 10 }), (edits) => {
        const bytes = prefix.slice();
        for (const [at, v] of edits) bytes[at] = v;
        replay(bytes, [1400]);
      }),
      { numRuns: 200 },
    );
  });
});
