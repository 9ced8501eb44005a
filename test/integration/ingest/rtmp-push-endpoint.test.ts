// The RTMP push endpoint on a real TCP socket with Debian ffmpeg as the publisher:
// H.264 + AAC become access units (Annex B with parameter sets at keyframes; AAC in
// ADTS); a wrong stream key is refused; a disallowed source address is closed before the
// handshake; while the channel is idle the handshake waits. Then the bounds, with small
// limits and scripted node:net clients: handshake and idle timeouts, a peer that never
// reads, connection caps, protocol errors; each drop counted by reason and logged once.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { after, describe, it } from "node:test";
import { AllowList } from "../../../src/ingest/allow-list.ts";
import { accessUnitEvents } from "../../../src/ingest/edges/rtmp-push-edge.ts";
import { SourceMonitor } from "../../../src/ingest/monitor/source-monitor.ts";
import { RtmpPushEndpoint, type RtmpPushEndpointOptions, type RtmpPushLimits } from "../../../src/ingest/rtmp-push/rtmp-push-endpoint.ts";
import { parseH264AccessUnit } from "../../../src/media/h264/access-unit.ts";
import { parseAdtsHeader } from "../../../src/media/audio/adts.ts";
import type { AccessUnit } from "../../../src/media/types.ts";
import { encodeAmf0 } from "../../../src/protocols/rtmp/amf0.ts";
import { writeChunks } from "../../../src/protocols/rtmp/chunk-stream.ts";
import { freeTcpPort } from "../../helpers/media-fixtures.ts";

const children: ChildProcess[] = [];
after(() => children.forEach((child) => child.kill("SIGKILL")));

function publish(url: string, seconds: number, videoCodec = "libx264"): Promise<number | null> {
  const child = spawn(
    "ffmpeg",
    ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine", "-t", String(seconds), "-c:v", videoCodec, ...(videoCodec === "libx264" ? ["-preset", "ultrafast"] : []), "-g", "25", "-c:a", "aac", "-f", "flv", "-rw_timeout", "5000000", url],
    { stdio: "ignore" },
  );
  children.push(child);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** A started endpoint on a free loopback port for live/test, admitting 127.0.0.1 and accepting publishers, unless `options` says otherwise. */
async function startEndpoint(options: Partial<RtmpPushEndpointOptions>): Promise<{ endpoint: RtmpPushEndpoint; port: number }> {
  const port = await freeTcpPort();
  const endpoint = new RtmpPushEndpoint({ address: "127.0.0.1", port, streamName: "live/test", allowList: new AllowList(["127.0.0.1/32"]), acceptingPublishers: true, onAccessUnit: () => {}, ...options });
  await endpoint.start();
  return { endpoint, port };
}

describe("RtmpPushEndpoint with ffmpeg publishing", { timeout: 60_000 }, () => {
  it("turns an H.264 + AAC publish on live/test into access units", async () => {
    const units: AccessUnit[] = [];
    const publishers: string[] = [];
    const monitor = new SourceMonitor({ inputType: "RTMP_PUSH" });
    const { endpoint, port } = await startEndpoint({
      onAccessUnit: (unit, nowMs) => {
        units.push(unit);
        for (const event of accessUnitEvents(unit)) monitor.observe(event, nowMs);
      },
      onPublisher: (event) => publishers.push(`${event.state} ${event.remoteAddress}`),
    });
    try {
      assert.equal(await publish(`rtmp://127.0.0.1:${port}/live/test`, 2), 0);
      const video = units.filter((u) => u.kind === "video");
      const audio = units.filter((u) => u.kind === "audio");
      assert.ok(video.length >= 45, `video units: ${video.length}`);
      assert.ok(audio.length >= 80, `audio units: ${audio.length}`);
      const first = parseH264AccessUnit(video[0]!.data);
      assert.equal(video[0]!.keyframe, true);
      assert.equal(first.keyframe, true);
      assert.ok(first.sps, "the first keyframe carries the SPS");
      assert.ok(video.every((u, i) => i === 0 || u.dts90k >= video[i - 1]!.dts90k), "DTS never goes back");
      assert.ok(video.every((u) => u.pts90k >= u.dts90k));
      const adts = parseAdtsHeader(audio[0]!.data);
      assert.ok(adts, "AAC arrives in ADTS");
      assert.equal(adts.frameLengthBytes, audio[0]!.data.length, "one ADTS frame per unit, with its exact length");
      assert.deepEqual(publishers, ["publishing 127.0.0.1", "stopped 127.0.0.1"]);
      // What the console will show for this source.
      const snapshot = monitor.snapshot(Date.now());
      assert.equal(snapshot.usable, true);
      assert.deepEqual(
        [snapshot.streamInfo.video[0]?.codec, snapshot.streamInfo.video[0]?.width, snapshot.streamInfo.video[0]?.height, snapshot.streamInfo.video[0]?.frameRate],
        ["H264", 320, 180, 25],
      );
      assert.deepEqual([snapshot.streamInfo.audio[0]?.codec, snapshot.streamInfo.audio[0]?.sampleRateHz], ["AAC", 44100]);
    } finally {
      await endpoint.close();
      await endpoint.close();
    }
  });

  it("reports a video codec RTMP inputs do not carry (Sorenson H.263) once, and passes no video", async () => {
    const units: AccessUnit[] = [];
    const unsupported: string[] = [];
    const { endpoint, port } = await startEndpoint({
      onAccessUnit: (unit) => units.push(unit),
      onUnsupportedCodec: (kind, codecName) => unsupported.push(`${kind}: ${codecName}`),
    });
    try {
      assert.equal(await publish(`rtmp://127.0.0.1:${port}/live/test`, 1, "flv1"), 0);
      assert.equal(unsupported.length, 1, unsupported.join("; "));
      assert.match(unsupported[0]!, /^video: .*H\.263/);
      assert.equal(units.filter((u) => u.kind === "video").length, 0);
      assert.ok(units.some((u) => u.kind === "audio"), "AAC still arrives");
    } finally {
      await endpoint.close();
    }
  });

  it("refuses a wrong stream key with BadName", async () => {
    const units: AccessUnit[] = [];
    const { endpoint, port } = await startEndpoint({ onAccessUnit: (unit) => units.push(unit) });
    try {
      assert.notEqual(await publish(`rtmp://127.0.0.1:${port}/live/other`, 2), 0);
      assert.equal(units.length, 0);
      assert.equal(endpoint.stats.rejectedPublishes, 1);
    } finally {
      await endpoint.close();
    }
  });

  it("closes a disallowed source before the handshake, and holds the handshake while the channel is idle", async () => {
    const allowList = new AllowList(["127.0.0.1/32"]);
    const { endpoint, port } = await startEndpoint({ allowList, acceptingPublishers: false });
    const c0c1 = Buffer.alloc(1537, 0);
    c0c1[0] = 3;
    try {
      // From 127.0.0.2: closed at accept, no S0 byte ever sent.
      const refused = await new Promise<{ bytes: number }>((resolve) => {
        const socket = net.connect({ host: "127.0.0.1", port, localAddress: "127.0.0.2" });
        let bytes = 0;
        socket.on("connect", () => socket.write(c0c1));
        socket.on("data", (chunk) => (bytes += chunk.length));
        socket.on("error", () => {});
        socket.on("close", () => resolve({ bytes }));
      });
      assert.equal(refused.bytes, 0);
      assert.equal(endpoint.stats.disallowedConnections, 1);
      assert.equal(allowList.dropsByAddress().get("127.0.0.2"), 1);

      // From 127.0.0.1 while idle: connected, but no S0/S1 until the channel runs.
      const socket = net.connect({ host: "127.0.0.1", port });
      let received = 0;
      socket.on("data", (chunk) => (received += chunk.length));
      await new Promise<void>((resolve) => socket.on("connect", () => resolve()));
      socket.write(c0c1);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(received, 0, "no handshake while the channel is idle");
      endpoint.setAcceptingPublishers(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.ok(received >= 1 + 1536, `S0+S1 after start: ${received} bytes`);
      socket.destroy();
    } finally {
      await endpoint.close();
    }
  });
});

const C0C1 = Buffer.concat([Buffer.from([3]), Buffer.alloc(1536)]);
const C2 = Buffer.alloc(1536);
const CONNECT = Buffer.from(writeChunks({ chunkStreamId: 3, typeId: 20, messageStreamId: 0, timestampMs: 0, payload: encodeAmf0("connect", 1, { app: "live" }) }, 128));
/** §5.4.3 Acknowledgement: harmless bytes a quiet but live peer may send. */
const ACK = Buffer.from(writeChunks({ chunkStreamId: 2, typeId: 3, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.from([0, 0, 0, 1]) }, 128));

interface Peer {
  readonly socket: net.Socket;
  /** Bytes received from the endpoint. */
  received(): number;
  /** Resolves true when the endpoint closed the socket within `ms`, false otherwise. */
  closedWithin(ms: number): Promise<boolean>;
}

async function connectPeer(port: number, localAddress = "127.0.0.1"): Promise<Peer> {
  const socket = net.connect({ host: "127.0.0.1", port, localAddress });
  let received = 0;
  let closed = false;
  socket.on("data", (chunk) => (received += chunk.length));
  socket.on("error", () => {});
  const onClose = new Promise<void>((resolve) => socket.on("close", () => ((closed = true), resolve())));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("close", () => reject(new Error("closed before connect")));
  });
  return {
    socket,
    received: () => received,
    closedWithin: async (ms) => {
      if (closed) return true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
      const result = await Promise.race([onClose.then(() => true as const), timeout]);
      clearTimeout(timer);
      return result;
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function drainOrTimeout(socket: net.Socket, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      socket.off("drain", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    socket.once("drain", done);
  });
}

interface LogLine {
  readonly obj: Record<string, unknown>;
  readonly msg: string;
}

async function limitedEndpoint(limits: Partial<RtmpPushLimits>, units: AccessUnit[] = []): Promise<{ endpoint: RtmpPushEndpoint; port: number; logs: LogLine[] }> {
  const logs: LogLine[] = [];
  const { endpoint, port } = await startEndpoint({
    allowList: new AllowList(["127.0.0.0/8"]),
    onAccessUnit: (unit) => units.push(unit),
    limits,
    logger: { warn: (obj, msg) => logs.push({ obj: obj as Record<string, unknown>, msg }) },
  });
  return { endpoint, port, logs };
}

describe("RtmpPushEndpoint bounds", { timeout: 60_000 }, () => {
  it("closes a handshake that does not finish in time, even from a peer that keeps sending", async () => {
    const { endpoint, port, logs } = await limitedEndpoint({ handshakeTimeoutMs: 300, idleTimeoutMs: 60_000 });
    try {
      // Slowloris: C0 and part of C1, then one more byte every 50 ms (never idle).
      const slow = await connectPeer(port);
      slow.socket.write(C0C1.subarray(0, 101));
      let at = 101;
      const trickle = setInterval(() => slow.socket.writable && slow.socket.write(C0C1.subarray(at, ++at)), 50);
      // A peer that completes the handshake and then stays quiet is not affected by it.
      const done = await connectPeer(port);
      done.socket.write(Buffer.concat([C0C1, C2]));
      try {
        assert.equal(await slow.closedWithin(5000), true, "the half-finished handshake was closed");
      } finally {
        clearInterval(trickle);
      }
      assert.equal(slow.received(), 0, "no S0/S1 for an incomplete C1");
      assert.equal(await done.closedWithin(300), false, "a finished handshake is not subject to the handshake timeout");
      assert.equal(endpoint.stats.drops["handshake-timeout"], 1);
      assert.equal(endpoint.stats.drops["idle-timeout"], 0);
      assert.deepEqual(logs.map((l) => [l.obj.reason, l.obj.remoteAddress]), [["handshake-timeout", "127.0.0.1"]]);
      done.socket.destroy();
    } finally {
      await endpoint.close();
    }
  });

  it("closes a peer that sends nothing for the idle timeout, and keeps one that sends", async () => {
    const { endpoint, port } = await limitedEndpoint({ handshakeTimeoutMs: 60_000, idleTimeoutMs: 400 });
    try {
      const idle = await connectPeer(port);
      idle.socket.write(Buffer.concat([C0C1, C2, CONNECT]));
      const alive = await connectPeer(port);
      alive.socket.write(Buffer.concat([C0C1, C2, CONNECT]));
      const keepAlive = setInterval(() => alive.socket.writable && alive.socket.write(ACK), 100);
      try {
        assert.equal(await idle.closedWithin(5000), true, "the silent peer was closed");
        assert.ok(idle.received() > 1 + 2 * 1536, "it had been answered (handshake and connect) before");
        assert.equal(await alive.closedWithin(1000), false, "a peer that keeps sending stays");
      } finally {
        clearInterval(keepAlive);
      }
      assert.equal(endpoint.stats.drops["idle-timeout"], 1);
      alive.socket.destroy();
    } finally {
      await endpoint.close();
    }
  });

  it("stops reading a peer that never reads its replies, then drops it, with the backlog bounded", async () => {
    // The gap between the two bounds is larger than the replies to one read (64 KiB of
    // commands → ~400 KiB of replies), as with the defaults (1 MiB, 4 MiB).
    const limits = { pauseReadingAboveBytes: 64 * 1024, maxWritableBytes: 1024 * 1024, idleTimeoutMs: 1000 };
    const { endpoint, port, logs } = await limitedEndpoint(limits);
    try {
      const peer = await connectPeer(port);
      peer.socket.pause(); // never reads: the kernel buffers fill, then the endpoint's backlog grows
      peer.socket.write(Buffer.concat([C0C1, C2]));
      // "connect" commands as fast as the socket takes them (each is answered with ~250 bytes).
      const burst = Buffer.concat(Array.from({ length: 1000 }, () => CONNECT));
      let sentBytes = 0;
      let writing = true;
      const closed = peer.closedWithin(20_000);
      void closed.then(() => (writing = false));
      while (writing && sentBytes < 20 * 1024 * 1024) {
        if (!peer.socket.write(burst)) await drainOrTimeout(peer.socket, 200);
        sentBytes += burst.length;
      }
      assert.equal(await closed, true, `the non-reading peer was dropped (${sentBytes} bytes of connect sent)`);
      const stats = endpoint.stats;
      assert.ok(stats.readPauses >= 1, "reading was paused first");
      assert.equal(stats.drops["slow-reader"], 1);
      // Paused, the endpoint reads no more commands, so its backlog stays near the pause bound;
      // one read (≤ 64 KiB of commands) adds at most a few hundred KiB of replies.
      assert.ok(stats.peakWritableBytes <= limits.maxWritableBytes + 512 * 1024, `peak backlog ${stats.peakWritableBytes} bytes`);
      assert.equal(logs.filter((l) => l.obj.reason === "slow-reader").length, 1);
    } finally {
      await endpoint.close();
    }
  });

  it("refuses connections beyond the per-address and per-endpoint caps while ffmpeg still publishes", async () => {
    const units: AccessUnit[] = [];
    const { endpoint, port, logs } = await limitedEndpoint({ maxConnections: 5, maxConnectionsPerAddress: 2 }, units);
    const peers: Peer[] = [];
    try {
      const open = async (localAddress: string): Promise<Peer> => {
        const peer = await connectPeer(port, localAddress);
        peer.socket.write(C0C1);
        peers.push(peer);
        return peer;
      };
      const fromTwo = [await open("127.0.0.2"), await open("127.0.0.2"), await open("127.0.0.2")];
      const fromThree = [await open("127.0.0.3"), await open("127.0.0.3")];
      assert.equal(await fromTwo[2]!.closedWithin(2000), true, "a third socket from 127.0.0.2 is refused");
      assert.equal(fromTwo[2]!.received(), 0);
      for (const held of [fromTwo[0]!, fromTwo[1]!, ...fromThree]) assert.equal(await held.closedWithin(50), false);

      // Four held sockets, the cap is five: the encoder on 127.0.0.1 gets the last place.
      const publishing = publish(`rtmp://127.0.0.1:${port}/live/test`, 3);
      while (units.length === 0) await sleep(50);
      const late = await open("127.0.0.4");
      assert.equal(await late.closedWithin(2000), true, "a sixth connection is refused");
      assert.equal(late.received(), 0);
      assert.equal(await publishing, 0, "ffmpeg published to the end");
      assert.ok(units.filter((u) => u.kind === "video").length >= 45, `video units: ${units.length}`);

      const { drops } = endpoint.stats;
      assert.equal(drops["address-cap"], 1);
      assert.equal(drops["connection-cap"], 1);
      assert.deepEqual(logs.map((l) => l.obj.reason).sort(), ["address-cap", "connection-cap"]);
    } finally {
      for (const peer of peers) peer.socket.destroy();
      await endpoint.close();
    }
  });

  it("closes a peer that sends Set Chunk Size 1, and logs each reason once per interval", async () => {
    const { endpoint, port, logs } = await limitedEndpoint({});
    try {
      const setChunkSize1 = Buffer.from(writeChunks({ chunkStreamId: 2, typeId: 1, messageStreamId: 0, timestampMs: 0, payload: Uint8Array.from([0, 0, 0, 1]) }, 128));
      for (let i = 0; i < 3; i++) {
        const peer = await connectPeer(port);
        peer.socket.write(Buffer.concat([C0C1, C2, CONNECT, setChunkSize1, Buffer.from([0x03, 0, 0, 0, 0xf4, 0x24, 0x00, 20, 0, 0, 0, 0, 0x41]), Buffer.alloc(4000, 0xc3)]));
        assert.equal(await peer.closedWithin(5000), true, "closed on the protocol error");
      }
      assert.equal(endpoint.stats.drops["protocol-error"], 3);
      assert.equal(logs.length, 1, "one line for three drops of one reason within the interval");
      assert.equal(logs[0]!.obj.reason, "protocol-error");
      assert.match(String(logs[0]!.obj.error), /Set Chunk Size 1 below 128/);
    } finally {
      await endpoint.close();
    }
  });
});
