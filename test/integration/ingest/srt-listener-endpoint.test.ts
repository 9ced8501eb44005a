// The SRT listener endpoint with Debian ffmpeg as the encrypted caller: the front door
// relays allowed datagrams to srt-live-transmit, decrypted MPEG-TS comes back out; a
// wrong passphrase or a disallowed source gets nothing through.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { after, describe, it } from "node:test";
import { AllowList } from "../../../src/ingest/allow-list.ts";
import { SourceMonitor } from "../../../src/ingest/monitor/source-monitor.ts";
import { SrtListenerEndpoint } from "../../../src/ingest/srt-listener/srt-listener-endpoint.ts";
import { freeUdpPort } from "../../helpers/media-fixtures.ts";

const PASSPHRASE = "openlive-test-passphrase";
const children: ChildProcess[] = [];
after(() => children.forEach((child) => child.kill("SIGKILL")));

function call(port: number, passphrase: string, seconds: number): Promise<number | null> {
  const url = `srt://127.0.0.1:${port}?mode=caller&passphrase=${passphrase}&pbkeylen=16&latency=200000&connect_timeout=3000&pkt_size=1316`;
  const child = spawn(
    "ffmpeg",
    ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine", "-t", String(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-f", "mpegts", url],
    { stdio: "ignore" },
  );
  children.push(child);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

async function withEndpoint(allow: string[], run: (port: number, endpoint: SrtListenerEndpoint, monitor: SourceMonitor, allowList: AllowList) => Promise<void>): Promise<void> {
  const port = await freeUdpPort();
  const monitor = new SourceMonitor({ inputType: "SRT_LISTENER" });
  const allowList = new AllowList(allow);
  const endpoint = new SrtListenerEndpoint({ address: "127.0.0.1", port, allowList, minimumLatencyMs: 200, passphrase: PASSPHRASE, algorithm: "AES128", onTs: (bytes, nowMs) => monitor.push(bytes, nowMs) });
  await endpoint.start();
  // srt-live-transmit needs a moment to listen.
  await new Promise((resolve) => setTimeout(resolve, 300));
  try {
    await run(port, endpoint, monitor, allowList);
  } finally {
    await endpoint.close();
    await endpoint.close();
  }
}

describe("SrtListenerEndpoint with ffmpeg as the SRT caller", { timeout: 60_000 }, () => {
  it("decrypts an allowed caller's MPEG-TS and hands it on", async () => {
    await withEndpoint(["127.0.0.1/32"], async (port, endpoint, monitor) => {
      assert.equal(await call(port, PASSPHRASE, 3), 0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const snapshot = monitor.snapshot(Date.now());
      assert.ok(endpoint.stats.tsBytesOut > 50_000, `TS bytes: ${endpoint.stats.tsBytesOut}`);
      assert.equal(snapshot.usable, true);
      assert.deepEqual([snapshot.streamInfo.video[0]?.codec, snapshot.streamInfo.audio[0]?.codec], ["H264", "AAC"]);
      assert.equal(endpoint.stats.disallowedDatagrams, 0);
    });
  });

  it("gets nothing through with a wrong passphrase", async () => {
    await withEndpoint(["127.0.0.1/32"], async (port, endpoint) => {
      assert.notEqual(await call(port, "a-wrong-passphrase-x", 2), 0);
      assert.equal(endpoint.stats.tsBytesOut, 0);
    });
  });

  it("drops every datagram of a caller the input security groups do not allow", async () => {
    await withEndpoint(["127.0.0.2/32"], async (port, endpoint, _monitor, allowList) => {
      assert.notEqual(await call(port, PASSPHRASE, 2), 0);
      assert.equal(endpoint.stats.tsBytesOut, 0);
      assert.ok(endpoint.stats.disallowedDatagrams > 0);
      assert.ok((allowList.dropsByAddress().get("127.0.0.1") ?? 0) > 0);
    });
  });

  it("restarts srt-live-transmit when it dies, and takes callers again", async () => {
    await withEndpoint(["127.0.0.1/32"], async (port, endpoint, monitor) => {
      const pid = endpoint.childPidForTesting;
      assert.ok(pid);
      process.kill(pid, "SIGKILL");
      await new Promise((resolve) => setTimeout(resolve, 1800));
      assert.equal(endpoint.stats.childRestarts, 1);
      assert.notEqual(endpoint.childPidForTesting, pid);
      assert.equal(await call(port, PASSPHRASE, 2), 0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.ok(endpoint.stats.tsBytesOut > 20_000, `TS bytes after the restart: ${endpoint.stats.tsBytesOut}`);
      assert.equal(monitor.snapshot(Date.now()).usable, true);
    });
  });
});
