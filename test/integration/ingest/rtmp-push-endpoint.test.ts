// The RTMP push endpoint on a real TCP socket with Debian ffmpeg as the publisher:
// H.264 + AAC become access units (Annex B with parameter sets at keyframes; AAC in
// ADTS); a wrong stream key is refused; a disallowed source address is closed before the
// handshake; while the channel is idle the handshake waits.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { after, describe, it } from "node:test";
import { AllowList } from "../../../src/ingest/allow-list.ts";
import { SourceMonitor } from "../../../src/ingest/monitor/source-monitor.ts";
import { RtmpPushEndpoint } from "../../../src/ingest/rtmp-push/rtmp-push-endpoint.ts";
import { parseH264AccessUnit } from "../../../src/media/h264/access-unit.ts";
import { parseAdtsHeader } from "../../../src/media/audio/adts.ts";
import type { AccessUnit } from "../../../src/media/types.ts";
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

describe("RtmpPushEndpoint with ffmpeg publishing", { timeout: 60_000 }, () => {
  it("turns an H.264 + AAC publish on live/test into access units", async () => {
    const port = await freeTcpPort();
    const units: AccessUnit[] = [];
    const publishers: string[] = [];
    const monitor = new SourceMonitor({ inputType: "RTMP_PUSH" });
    const endpoint = new RtmpPushEndpoint({
      address: "127.0.0.1",
      port,
      streamName: "live/test",
      allowList: new AllowList(["127.0.0.1/32"]),
      acceptingPublishers: true,
      onAccessUnit: (unit, nowMs) => {
        units.push(unit);
        monitor.pushAccessUnit(unit, nowMs);
      },
      onPublisher: (event) => publishers.push(`${event.state} ${event.remoteAddress}`),
    });
    await endpoint.start();
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
    const port = await freeTcpPort();
    const units: AccessUnit[] = [];
    const unsupported: string[] = [];
    const endpoint = new RtmpPushEndpoint({
      address: "127.0.0.1",
      port,
      streamName: "live/test",
      allowList: new AllowList(["127.0.0.1/32"]),
      acceptingPublishers: true,
      onAccessUnit: (unit) => units.push(unit),
      onUnsupportedCodec: (kind, codecName) => unsupported.push(`${kind}: ${codecName}`),
    });
    await endpoint.start();
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
    const port = await freeTcpPort();
    const units: AccessUnit[] = [];
    const endpoint = new RtmpPushEndpoint({ address: "127.0.0.1", port, streamName: "live/test", allowList: new AllowList(["127.0.0.1/32"]), acceptingPublishers: true, onAccessUnit: (unit) => units.push(unit) });
    await endpoint.start();
    try {
      assert.notEqual(await publish(`rtmp://127.0.0.1:${port}/live/other`, 2), 0);
      assert.equal(units.length, 0);
      assert.equal(endpoint.stats.rejectedPublishes, 1);
    } finally {
      await endpoint.close();
    }
  });

  it("closes a disallowed source before the handshake, and holds the handshake while the channel is idle", async () => {
    const port = await freeTcpPort();
    const allowList = new AllowList(["127.0.0.1/32"]);
    const endpoint = new RtmpPushEndpoint({ address: "127.0.0.1", port, streamName: "live/test", allowList, acceptingPublishers: false, onAccessUnit: () => {} });
    await endpoint.start();
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
