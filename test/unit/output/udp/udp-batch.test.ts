import assert from "node:assert/strict";
import { createSocket, type Socket } from "node:dgram";
import { Writable } from "node:stream";
import { after, describe, it } from "node:test";
import pino from "pino";
import { spawnSync } from "node:child_process";
import { BatchUdpTransport, loadUdpBatch, PacedBatchUdpTransport, pacerOf, udpBatchOfThisProcess, UDP_BATCH_ADDON_FILE, type UdpBatchBinding } from "../../../../src/output/udp/udp-batch.ts";
import { UdpSender } from "../../../../src/output/udp/udp-sender.ts";
import { DgramUdpTransport, type UdpTransport, type UdpTransportEvents, type UdpTransportOptions } from "../../../../src/output/udp/udp-transport.ts";
import { until } from "../../../helpers/until.ts";

// The native batched sender is built by scripts/install.sh (npm run build:native): these tests
// need it, so a build that stopped producing it fails here rather than falling back unseen.
function binding(): UdpBatchBinding {
  const load = udpBatchOfThisProcess();
  if (!("binding" in load)) assert.fail(`the native batched sender is not built: ${load.reason}`);
  return load.binding;
}

interface Outcome {
  sent: number;
  failures: string[];
}

function recording(): { events: UdpTransportEvents; outcome: Outcome } {
  const outcome: Outcome = { sent: 0, failures: [] };
  return {
    outcome,
    events: {
      sent: (count) => (outcome.sent += count),
      failed: (reason, count = 1) => {
        for (let i = 0; i < count; i++) outcome.failures.push(reason);
      },
    },
  };
}

async function receiver(type: "udp4" | "udp6", address: string, into: Buffer[]): Promise<{ socket: Socket; port: number }> {
  const socket = createSocket(type);
  socket.on("message", (datagram) => into.push(datagram));
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  return { socket, port: socket.address().port };
}

/** A closed port: bound once, then closed. */
async function closedPort(): Promise<number> {
  const { socket, port } = await receiver("udp4", "127.0.0.1", []);
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

function datagram(index: number, length = 1316): Buffer {
  const bytes = Buffer.alloc(length);
  for (let offset = 0; offset < length; offset++) bytes[offset] = (index * 31 + offset) & 0xff;
  return bytes;
}

/** The addon with its pacer (an addon built before it lacks openPacer). */
function pacerBinding(): Required<UdpBatchBinding> {
  const paced = pacerOf(binding());
  if (!paced) assert.fail("the native batched sender has no pacer (openPacer, pace, closePacer)");
  return paced;
}

const PACING_MS = 20;

const transports: Record<string, (options: UdpTransportOptions, events: UdpTransportEvents) => UdpTransport> = {
  native: (options, events) => new BatchUdpTransport(binding(), options, events),
  paced: (options, events) => new PacedBatchUdpTransport(pacerBinding(), options, PACING_MS, events),
  dgram: (options, events) => new DgramUdpTransport(options, events),
};

/** What `send` gives on each transport, once every datagram is accounted for. */
async function outcomeOf(make: (typeof transports)[string], family: 4 | 6, datagrams: Buffer[], ports: number[], address: string): Promise<Outcome> {
  const { events, outcome } = recording();
  const transport = make({ family }, events);
  transport.send(datagrams, ports, address);
  await until("every datagram sent or failed", () => (outcome.sent + outcome.failures.length === datagrams.length ? true : undefined), 5000);
  await transport.close();
  return outcome;
}

describe("native batched UDP sender", () => {
  const sockets: Socket[] = [];
  after(() => {
    for (const socket of sockets) socket.close();
  });

  it("loads from where node-gyp builds it", () => {
    assert.ok(UDP_BATCH_ADDON_FILE.endsWith("native/udp-batch/build/Release/udp_batch.node"));
    assert.ok("binding" in loadUdpBatch());
  });

  it("sends datagrams in order and byte-equal, to several ports of one address in one call", async () => {
    const media: Buffer[] = [];
    const column: Buffer[] = [];
    const first = await receiver("udp4", "127.0.0.1", media);
    const second = await receiver("udp4", "127.0.0.1", column);
    sockets.push(first.socket, second.socket);
    const { events, outcome } = recording();
    const transport = new BatchUdpTransport(binding(), { family: 4 }, events);
    // More than one sendmmsg(2) call's worth (64), interleaved between the two ports.
    const sent = Array.from({ length: 150 }, (_, index) => datagram(index, 100 + index));
    transport.send(sent, sent.map((_, index) => (index % 3 === 2 ? second.port : first.port)), "127.0.0.1");
    assert.deepEqual(outcome, { sent: 150, failures: [] }, "a synchronous send: counted on return");
    await until("150 datagrams", () => (media.length + column.length === 150 ? true : undefined), 5000);
    assert.deepEqual(media, sent.filter((_, index) => index % 3 !== 2));
    assert.deepEqual(column, sent.filter((_, index) => index % 3 === 2));
    await transport.close();
    await transport.close();
    transport.send([datagram(0)], [first.port], "127.0.0.1");
    assert.equal(outcome.sent, 150, "nothing is sent after close");
  });

  it("sends to IPv6 addresses", async () => {
    const got: Buffer[] = [];
    const { socket, port } = await receiver("udp6", "::1", got);
    sockets.push(socket);
    const sent = [datagram(1), datagram(2), datagram(3)];
    assert.deepEqual(await outcomeOf(transports.native!, 6, sent, [port, port, port], "::1"), { sent: 3, failures: [] });
    await until("3 datagrams", () => (got.length === 3 ? true : undefined), 5000);
    assert.deepEqual(got, sent);
  });

  for (const [name, make] of Object.entries(transports)) {
    it(`${name}: a closed port is no error (the socket is not connected), as with the other transport`, async () => {
      const port = await closedPort();
      assert.deepEqual(await outcomeOf(make, 4, [datagram(1), datagram(2)], [port, port], "127.0.0.1"), { sent: 2, failures: [] });
    });

    it(`${name}: a datagram that cannot be sent fails alone, in Node's words, and the next are still sent`, async () => {
      const got: Buffer[] = [];
      const { socket, port } = await receiver("udp4", "127.0.0.1", got);
      sockets.push(socket);
      // Larger than a UDP datagram can be (65507 bytes of payload over IPv4): EMSGSIZE.
      const outcome = await outcomeOf(make, 4, [datagram(1), datagram(2, 70_000), datagram(3)], [port, port, port], "127.0.0.1");
      assert.deepEqual(outcome, { sent: 2, failures: [`send EMSGSIZE 127.0.0.1:${port}`] });
      await until("2 datagrams at the receiver", () => (got.length === 2 ? true : undefined), 5000);
      assert.deepEqual(got, [datagram(1), datagram(3)]);
      // Sending to the broadcast address without SO_BROADCAST is refused by the kernel (EACCES).
      const refused = await outcomeOf(make, 4, [datagram(1), datagram(2)], [5000, 5000], "255.255.255.255");
      assert.deepEqual(refused, { sent: 0, failures: ["send EACCES 255.255.255.255:5000", "send EACCES 255.255.255.255:5000"] });
    });
  }

  it("falls back to Node's dgram when the addon is absent, and says why once", async () => {
    const missing = loadUdpBatch("/nonexistent/udp_batch.node");
    assert.ok("reason" in missing);
    assert.match(missing.reason, /cannot load \/nonexistent\/udp_batch\.node .*npm run build:native/);
    const lines: string[] = [];
    const logger = pino({ level: "info" }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    const got: Buffer[] = [];
    const { socket, port } = await receiver("udp4", "127.0.0.1", got);
    sockets.push(socket);
    const target = { key: "udp/out", groupKey: "udp", label: 'output "out" of group "udp"', peer: `udp://127.0.0.1:${port}`, scheme: "udp:", host: "127.0.0.1", port, multicast: false, bufferMs: 1000 } as const;
    const stream = Buffer.concat(Array.from({ length: 14 }, (_, k) => Buffer.alloc(188, k).fill(0x47, 0, 1)));
    for (const _ of [1, 2]) {
      const sender = new UdpSender({ target, alert: () => assert.fail("no alert"), logger, udpBatch: missing });
      sender.streamStarted();
      sender.data(stream);
      await until("the sender's 2 datagrams", () => (sender.counters.datagramsSent === 2 ? true : undefined), 5000);
      await sender.close();
    }
    assert.equal(got.length, 4);
    assert.deepEqual(Buffer.concat(got.slice(0, 2)), stream);
    const fallbackLines = lines.map((line) => JSON.parse(line) as { msg: string; reason?: string }).filter((line) => /native batched sender is not available/.test(line.msg));
    assert.equal(fallbackLines.length, 1, "logged once, not per sender");
    assert.equal(fallbackLines[0]!.reason, missing.reason);
  });
});

describe("native pacer (openPacer, pace, closePacer)", () => {
  const sockets: Socket[] = [];
  after(() => {
    for (const socket of sockets) socket.close();
  });

  /** A receiver stamping each datagram's arrival (performance.now(), the clock the delays are counted on). */
  async function timedReceiver(): Promise<{ port: number; got: { bytes: Buffer; atMs: number }[] }> {
    const got: { bytes: Buffer; atMs: number }[] = [];
    const socket = createSocket("udp4");
    socket.on("message", (bytes) => got.push({ bytes, atMs: performance.now() }));
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    sockets.push(socket);
    return { port: socket.address().port, got };
  }

  it("sends each datagram when due (never more than half a granularity early), in the order handed over, byte-equal, from buffers the caller reuses", async () => {
    const { port, got } = await timedReceiver();
    const { events, outcome } = recording();
    const transport = new PacedBatchUdpTransport(pacerBinding(), { family: 4 }, PACING_MS, events);
    const reused = Buffer.alloc(1316);
    const delays = [0, 5, 30, 30, 75, 160, 160, 240];
    const handedAtMs = performance.now();
    for (const [index, delay] of delays.entries()) {
      datagram(index).copy(reused);
      // One hand-over per datagram, each with the delay left from the first hand-over: the buffer is overwritten at once.
      transport.sendPaced([reused], [port], "127.0.0.1", [Math.max(0, delay - (performance.now() - handedAtMs))]);
    }
    await until("every datagram at the receiver", () => (got.length === delays.length ? true : undefined), 5000);
    assert.deepEqual(got.map((arrival) => arrival.bytes), delays.map((_, index) => datagram(index)));
    for (const [index, delay] of delays.entries()) {
      const earlyMs = handedAtMs + delay - got[index]!.atMs;
      assert.ok(earlyMs <= PACING_MS / 2 + 2, `datagram ${index} (due at +${delay} ms) arrived ${earlyMs.toFixed(1)} ms before it was due`);
    }
    // What happened comes back at the next hand-over.
    transport.sendPaced([], [], "127.0.0.1", []);
    assert.deepEqual(outcome, { sent: delays.length, failures: [] });
    await transport.close();
    await transport.close();
  });

  it("a datagram due later is never sent before one handed over earlier", async () => {
    const { port, got } = await timedReceiver();
    const transport = new PacedBatchUdpTransport(pacerBinding(), { family: 4 }, PACING_MS, recording().events);
    transport.sendPaced([datagram(1), datagram(2)], [port, port], "127.0.0.1", [80, 0]);
    await until("both datagrams", () => (got.length === 2 ? true : undefined), 5000);
    assert.deepEqual(got.map((arrival) => arrival.bytes), [datagram(1), datagram(2)]);
    await transport.close();
  });

  it("stops at closePacer: what is queued is never sent, and closing twice is harmless", async () => {
    const { port, got } = await timedReceiver();
    const transport = new PacedBatchUdpTransport(pacerBinding(), { family: 4 }, PACING_MS, recording().events);
    // The first is due at once (sent within the hand-over), the others soon after the close.
    transport.sendPaced([datagram(1), datagram(2), datagram(3)], [port, port, port], "127.0.0.1", [0, 100, 150]);
    await transport.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(got.map((arrival) => arrival.bytes), [datagram(1)]);
    await transport.close();
    // A hand-over after close sends nothing and does not throw.
    transport.sendPaced([datagram(4)], [port], "127.0.0.1", [0]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(got.length, 1);
  });

  it("keeps at most 32768 datagrams waiting: the oldest go, and the drop is reported", async () => {
    const { port } = await timedReceiver();
    const { events, outcome } = recording();
    const transport = new PacedBatchUdpTransport(pacerBinding(), { family: 4 }, PACING_MS, events);
    const small = Buffer.alloc(16);
    const count = 32768 + 100;
    transport.sendPaced(Array.from({ length: count }, () => small), Array.from({ length: count }, () => port), "127.0.0.1", new Array<number>(count).fill(60_000));
    assert.equal(outcome.failures.length, 100);
    assert.match(outcome.failures[0]!, /send queue was full: 100 datagrams dropped/);
    await transport.close();
  });

  it("rejects arguments of the wrong shape with a TypeError, never a crash", () => {
    const paced = pacerBinding();
    const fd = paced.openSocket(4, -1);
    assert.ok(fd >= 0);
    const pacer = paced.openPacer(fd, PACING_MS);
    const destination = paced.sockaddr(4, "127.0.0.1", 9)!;
    assert.throws(() => paced.pace(pacer, [datagram(1)], [destination], new Float64Array(2)), TypeError);
    assert.throws(() => paced.pace(pacer, [datagram(1)], [destination], [0] as unknown as Float64Array), TypeError);
    assert.throws(() => paced.pace({} as never, [datagram(1)], [destination], new Float64Array(1)), TypeError);
    assert.throws(() => paced.pace(pacer, [Buffer.alloc(300 * 1024)], [destination], new Float64Array(1)), TypeError);
    assert.throws(() => paced.openPacer(fd, 0), TypeError);
    paced.closePacer(pacer);
    paced.close(fd);
  });

  it("never keeps the process alive: a process exits with datagrams still queued", () => {
    const script = `
      const b = require(${JSON.stringify(UDP_BATCH_ADDON_FILE)});
      const fd = b.openSocket(4, -1);
      const pacer = b.openPacer(fd, 20);
      b.pace(pacer, [Buffer.alloc(10)], [b.sockaddr(4, "127.0.0.1", 9)], new Float64Array([60000]));
      console.log("queued");`;
    const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 10_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), "queued");
  });
});
