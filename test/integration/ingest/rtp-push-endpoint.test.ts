// The RTP push endpoint on a real UDP socket, fed by Debian ffmpeg as the upstream
// encoder: RTP accepted from an allowed address, bare UDP refused with the "send RTP"
// alert, a disallowed source dropped and counted, and an ISG edit taking effect on the
// running endpoint.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import { after, describe, it } from "node:test";
import { AllowList } from "../../../src/ingest/allow-list.ts";
import { RtpPushEndpoint } from "../../../src/ingest/rtp-push/rtp-push-endpoint.ts";
import { freeUdpPort } from "../../helpers/media-fixtures.ts";
import type { AlertEvent } from "../../../src/shared/alerts.ts";

const children: ChildProcess[] = [];
after(() => children.forEach((child) => child.kill("SIGKILL")));

/** ffmpeg as the upstream encoder: a test pattern with audio, for `seconds`, to `url` in `format`. */
function push(url: string, format: "rtp_mpegts" | "mpegts", seconds: number): Promise<number | null> {
  const child = spawn(
    "ffmpeg",
    ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine", "-t", String(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-f", format, url],
    { stdio: "ignore" },
  );
  children.push(child);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

function collector() {
  const chunks: Uint8Array[] = [];
  const alerts: AlertEvent[] = [];
  return {
    chunks,
    alerts,
    bytes: () => chunks.reduce((sum, chunk) => sum + chunk.length, 0),
    onTs: (bytes: Uint8Array) => chunks.push(bytes.slice()),
    onAlert: (alert: AlertEvent) => alerts.push(alert),
  };
}

/** A started endpoint on a free loopback port, admitting `allowList` (127.0.0.1 unless given), feeding a collector. */
async function startEndpoint(allowList = new AllowList(["127.0.0.1/32"])): Promise<{ endpoint: RtpPushEndpoint; port: number; sink: ReturnType<typeof collector> }> {
  const port = await freeUdpPort();
  const sink = collector();
  const endpoint = new RtpPushEndpoint({ address: "127.0.0.1", port, allowList, ...sink });
  await endpoint.start();
  return { endpoint, port, sink };
}

describe("RtpPushEndpoint with ffmpeg upstream", { timeout: 60_000 }, () => {
  it("takes MPEG-TS over RTP from an allowed address, in order and without loss", async () => {
    const { endpoint, port, sink } = await startEndpoint();
    try {
      assert.equal(await push(`rtp://127.0.0.1:${port}`, "rtp_mpegts", 2), 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const stats = endpoint.stats;
      assert.ok(stats.rtp.received > 50, `received ${stats.rtp.received} RTP packets`);
      assert.equal(stats.rtp.lost, 0);
      assert.equal(stats.rtp.bareTs, 0);
      assert.equal(stats.disallowedDatagrams, 0);
      assert.ok(sink.chunks.every((chunk) => chunk.length % 188 === 0 && chunk[0] === 0x47), "whole TS packets");
      assert.equal(sink.bytes(), stats.rtp.tsBytesOut);
      assert.deepEqual(sink.alerts, []);
    } finally {
      await endpoint.close();
      await endpoint.close();
    }
  });

  it("drops bare UDP MPEG-TS and raises the alert telling the user to send RTP", async () => {
    const { endpoint, port, sink } = await startEndpoint();
    try {
      assert.equal(await push(`udp://127.0.0.1:${port}?pkt_size=1316`, "mpegts", 1), 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(endpoint.stats.rtp.bareTs > 10, `bare TS datagrams counted: ${endpoint.stats.rtp.bareTs}`);
      assert.equal(sink.bytes(), 0, "nothing from a bare-UDP sender reaches the pipeline");
      assert.equal(sink.alerts.length, 1);
      assert.equal(sink.alerts[0]!.state, "SET");
      assert.match(sink.alerts[0]!.message, /send RTP, not UDP/);
    } finally {
      await endpoint.close();
    }
  });

  it("drops a disallowed source silently, counts it per address, and applies an ISG edit while running", async () => {
    const allowList = new AllowList(["127.0.0.1/32"]);
    const { endpoint, port, sink } = await startEndpoint(allowList);
    try {
      // ffmpeg sends from 127.0.0.2: not in the group.
      const running = push(`rtp://127.0.0.1:${port}?localaddr=127.0.0.2`, "rtp_mpegts", 4);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(sink.bytes(), 0);
      assert.ok((allowList.dropsByAddress().get("127.0.0.2") ?? 0) > 10, `drops from 127.0.0.2: ${allowList.dropsByAddress().get("127.0.0.2")}`);
      // The edit reaches the running endpoint at once: no restart.
      allowList.update(["127.0.0.0/24"]);
      const droppedBefore = endpoint.stats.disallowedDatagrams;
      assert.equal(await running, 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(sink.bytes() > 100_000, `bytes after the edit: ${sink.bytes()}`);
      assert.equal(endpoint.stats.disallowedDatagrams, droppedBefore, "nothing dropped after the edit");
      assert.deepEqual(sink.alerts, []);
    } finally {
      await endpoint.close();
    }
  });

  it("counts every refused datagram exactly, across allow-list edits that apply within a second", async () => {
    const allowList = new AllowList(["127.0.0.1/32"]);
    const { endpoint, port, sink } = await startEndpoint(allowList);
    const sender = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => sender.bind(0, "127.0.0.2", resolve));
    let sequence = 0;
    /** `count` RTP datagrams (payload type 33, seven TS null packets), each send awaited. */
    const send = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i += 1) {
        const datagram = Buffer.alloc(12 + 7 * 188, 0xff);
        datagram.set([0x80, 33, (sequence >> 8) & 0xff, sequence & 0xff, 0, 0, 0, 0, 0, 0, 0, 1]);
        for (let packet = 0; packet < 7; packet += 1) datagram.set([0x47, 0x00, 0x11, 0x10], 12 + packet * 188);
        sequence = (sequence + 1) & 0xffff;
        await new Promise<void>((resolve) => sender.send(datagram, port, "127.0.0.1", () => resolve()));
      }
    };
    const until = async (condition: () => boolean, what: string, timeoutMs: number): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    try {
      await send(3000);
      await until(() => endpoint.stats.datagrams === 3000, "3000 datagrams received", 5_000);
      assert.equal(endpoint.stats.disallowedDatagrams, 3000);
      assert.equal(allowList.dropsByAddress().get("127.0.0.2"), 3000);
      assert.equal(sink.bytes(), 0);

      allowList.update(["127.0.0.0/24"]);
      await send(200);
      await until(() => sink.bytes() > 0, "allowed TS after the edit", 1_000);
      // All 200 read before the next edit: one still in the socket buffer then would be judged by the next rules.
      await until(() => endpoint.stats.datagrams === 3200, "the 200 allowed datagrams read", 5_000);
      assert.equal(endpoint.stats.disallowedDatagrams, 3000, "nothing refused after the edit");

      allowList.update(["127.0.0.1/32"]);
      const bytesBefore = sink.bytes();
      await send(500);
      // The edit applied when update() returned; this waits only for the kernel to deliver the 500 datagrams
      // (as for the first 3000), which a busy machine can take more than a second to do.
      await until(() => endpoint.stats.disallowedDatagrams === 3500, "the second refusal", 5_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(endpoint.stats.datagrams, 3700);
      assert.equal(allowList.dropsByAddress().get("127.0.0.2"), 3500, "drop counts survive rule changes");
      // The 200 allowed datagrams may still sit in the reorder window; nothing refused came out.
      assert.ok(sink.bytes() - bytesBefore <= 200 * 7 * 188);
    } finally {
      sender.close();
      await endpoint.close();
    }
  });

  it("survives garbage datagrams", async () => {
    const { endpoint, port, sink } = await startEndpoint();
    const sender = dgram.createSocket("udp4");
    try {
      for (let i = 0; i < 500; i++) {
        const garbage = Buffer.alloc(1 + (i % 1400));
        for (let j = 0; j < garbage.length; j++) garbage[j] = (i * 31 + j * 7) & 0xff;
        await new Promise<void>((resolve) => sender.send(garbage, port, "127.0.0.1", () => resolve()));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(endpoint.stats.datagrams, 500);
      // None of the garbage carries whole TS packets: every datagram is counted as invalid (or bare TS), none passes.
      const { invalid, bareTs, tsBytesOut } = endpoint.stats.rtp;
      assert.equal(invalid + bareTs, 500, `invalid ${invalid}, bare TS ${bareTs}`);
      assert.equal(tsBytesOut, 0);
      assert.equal(sink.bytes(), 0);
    } finally {
      sender.close();
      await endpoint.close();
    }
  });
});
