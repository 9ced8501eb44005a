// The SRT listener endpoint with Debian ffmpeg as the encrypted caller: the front door
// relays allowed datagrams to the listening child, decrypted MPEG-TS comes back out; a
// wrong passphrase or a disallowed source gets nothing through. No local UDP port takes
// clear TS (F8), and a flood from many source ports gets no more relays than the caps (F10).

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { after, describe, it } from "node:test";
import { AllowList } from "../../../src/ingest/allow-list.ts";
import { SourceMonitor } from "../../../src/ingest/monitor/source-monitor.ts";
import { SrtListenerEndpoint } from "../../../src/ingest/srt-listener/srt-listener-endpoint.ts";
import dgram from "node:dgram";
import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { freeUdpPort, makeTsFile, MediaFixtures, tsInto, waitUntil } from "../../helpers/media-fixtures.ts";

const PASSPHRASE = "openlive-test-passphrase";
const children: ChildProcess[] = [];
const fixtures = new MediaFixtures("openlive-srt-listener-");
after(async () => {
  children.forEach((child) => child.kill("SIGKILL"));
  await fixtures.close();
});

/** Local ports of the UDP sockets this process holds (its fds matched against /proc/net/udp{,6}). */
function udpPortsOfThisProcess(): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of ["/proc/net/udp", "/proc/net/udp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length > 9 && inodes.has(fields[9]!)) ports.push(parseInt(fields[1]!.split(":")[1]!, 16));
    }
  }
  return ports.sort((a, b) => a - b);
}

/** A 64-byte SRT induction handshake (draft-sharabayko-srt-01 section 4.3.1.1), as ffmpeg's caller sends first. */
function inductionHandshake(): Buffer {
  const packet = Buffer.alloc(64);
  packet.writeUInt16BE(0x8000, 0); // control packet, type HANDSHAKE
  packet.writeUInt32BE(4, 16); // version 4
  packet.writeUInt16BE(2, 22); // extension field: SRT magic in induction
  packet.writeUInt32BE(1, 36); // handshake type INDUCTION
  packet.writeUInt32BE(Math.floor(Math.random() * 0x7fffffff), 40); // socket id
  return packet;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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

async function withEndpoint(
  allow: string[],
  run: (port: number, endpoint: SrtListenerEndpoint, monitor: SourceMonitor, allowList: AllowList) => Promise<void>,
  extra: Partial<ConstructorParameters<typeof SrtListenerEndpoint>[0]> = {},
): Promise<void> {
  const port = await freeUdpPort();
  const monitor = new SourceMonitor({ inputType: "SRT_LISTENER" });
  const allowList = new AllowList(allow);
  const endpoint = new SrtListenerEndpoint({ address: "127.0.0.1", port, allowList, minimumLatencyMs: 200, passphrase: PASSPHRASE, algorithm: "AES128", onTs: tsInto(monitor), ...extra });
  await endpoint.start();
  // The child needs a moment to listen.
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

  it("opens no local UDP port but the front door: clear TS sent to every port of this process never reaches the input", async () => {
    const ts = readFileSync(await makeTsFile(fixtures.path("clear.ts"), 1));
    const before = udpPortsOfThisProcess();
    await withEndpoint(["127.0.0.0/8"], async (port, endpoint) => {
      const opened = udpPortsOfThisProcess().filter((entry) => !before.includes(entry));
      assert.deepEqual(opened, [port], "the front door is the endpoint's only UDP socket");
      // An injector as in the review: 1316-byte clear TS datagrams to each port the worker holds.
      const injector = dgram.createSocket("udp4");
      for (const target of udpPortsOfThisProcess()) {
        for (let offset = 0; offset + 1316 <= ts.length; offset += 1316) injector.send(ts.subarray(offset, offset + 1316), target, "127.0.0.1");
      }
      await sleep(1_000);
      injector.close();
      assert.equal(endpoint.stats.tsBytesOut, 0);
      assert.equal(endpoint.stats.relays, 0, "clear TS is no SRT handshake: no relay");
      // A real encrypted caller still gets through.
      assert.equal(await call(port, PASSPHRASE, 3), 0);
      await sleep(500);
      assert.ok(endpoint.stats.tsBytesOut > 50_000, `TS bytes: ${endpoint.stats.tsBytesOut}`);
    });
  });

  it("a flood of handshakes from hundreds of source ports gets no more relays than the caps; a real caller still connects", async () => {
    const limits = { maxPerAddress: 2, maxTotal: 3, pendingTimeoutMs: 600 };
    const before = udpPortsOfThisProcess();
    await withEndpoint(
      ["127.0.0.0/8"],
      async (port, endpoint, monitor) => {
        let mostRelays = 0;
        let mostSockets = 0;
        for (let round = 0; round < 6; round += 1) {
          const senders = await Promise.all(
            Array.from({ length: 50 }, async (_unused, index) => {
              const socket = dgram.createSocket("udp4");
              await new Promise<void>((resolve) => socket.bind(0, `127.0.0.${1 + (index % 3)}`, resolve));
              // One in five is the review's flood datagram (a handshake header, type 0): never a relay.
              const datagram = index % 5 === 0 ? Buffer.from([0x80, 0, 0, 0, ...new Array(60).fill(0)]) : inductionHandshake();
              await new Promise<void>((resolve) => socket.send(datagram, port, "127.0.0.1", () => resolve()));
              return socket;
            }),
          );
          await waitUntil(() => endpoint.stats.datagramsIn === 50 * (round + 1), "the round's datagrams", 5_000);
          mostRelays = Math.max(mostRelays, endpoint.stats.relays);
          // The senders live in this process too: count the endpoint's sockets only.
          const senderPorts = new Set(senders.map((socket) => socket.address().port));
          mostSockets = Math.max(mostSockets, udpPortsOfThisProcess().filter((entry) => !before.includes(entry) && !senderPorts.has(entry)).length);
          for (const socket of senders) socket.close();
        }
        assert.equal(endpoint.stats.datagramsIn, 300);
        // The front door plus at most maxTotal relays.
        assert.ok(mostSockets <= 1 + limits.maxTotal, `UDP sockets at most ${mostSockets}`);
        assert.ok(mostRelays >= 1 && mostRelays <= limits.maxTotal, `relays at most ${mostRelays}`);
        await sleep(1_500);
        assert.equal(endpoint.stats.relays, 0, "unanswered relays expire");
        assert.equal(await call(port, PASSPHRASE, 2), 0);
        await sleep(300);
        assert.equal(monitor.snapshot(Date.now()).usable, true);
      },
      { relayLimits: limits },
    );
  });

  it("restarts the listening child when it dies, and takes callers again", async () => {
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
