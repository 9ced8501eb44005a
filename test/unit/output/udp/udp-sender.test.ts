import assert from "node:assert/strict";
import { createSocket, type Socket } from "node:dgram";
import { after, describe, it } from "node:test";
import pino from "pino";
import type { AlertEvent } from "../../../../src/shared/alerts.ts";
import { UdpSender } from "../../../../src/output/udp/udp-sender.ts";
import type { UdpTarget } from "../../../../src/output/udp/udp-targets.ts";
import { parseFecPacket } from "../../../helpers/fec-packet.ts";
import { until } from "../../../helpers/until.ts";

const logger = pino({ level: "silent" });

function tsPackets(count: number): Buffer {
  return Buffer.concat(Array.from({ length: count }, (_, k) => Buffer.alloc(188, k).fill(0x47, 0, 1)));
}

function target(fields: Partial<UdpTarget> & Pick<UdpTarget, "host" | "port" | "scheme">): UdpTarget {
  return { key: "udp/out", groupKey: "udp", label: 'output "out" of group "udp"', peer: `${fields.scheme}//${fields.host}:${fields.port}`, multicast: false, bufferMs: 1000, ...fields };
}

async function receiver(port: number, into: Buffer[]): Promise<Socket> {
  const socket = createSocket("udp4");
  socket.on("message", (datagram) => into.push(datagram));
  await new Promise<void>((resolve) => socket.bind(port, "127.0.0.1", resolve));
  return socket;
}

describe("UDP sender", () => {
  const sockets: Socket[] = [];
  after(() => {
    for (const socket of sockets) socket.close();
  });

  it("sends udp:// as datagrams of 7 TS packets, whatever the relay's chunks", async () => {
    const port = 43_000 + 6 * Math.floor(Math.random() * 1000);
    const got: Buffer[] = [];
    sockets.push(await receiver(port, got));
    const sender = new UdpSender({ target: target({ scheme: "udp:", host: "127.0.0.1", port }), alert: () => assert.fail("no alert"), logger });
    sender.streamStarted();
    const stream = tsPackets(21);
    sender.data(stream.subarray(0, 500));
    sender.data(stream.subarray(500));
    await until("3 datagrams", () => (got.length === 3 ? true : undefined), 5000);
    assert.deepEqual(Buffer.concat(got), stream);
    await sender.close();
    await sender.close();
  });

  it("sends rtp:// with column and row FEC to the ports + 2 and + 4", async () => {
    const port = 44_000 + 6 * Math.floor(Math.random() * 1000);
    const media: Buffer[] = [];
    const column: Buffer[] = [];
    const row: Buffer[] = [];
    sockets.push(await receiver(port, media), await receiver(port + 2, column), await receiver(port + 4, row));
    const sender = new UdpSender({ target: target({ scheme: "rtp:", host: "127.0.0.1", port, fec: { rowLength: 4, columnDepth: 4, rows: true } }), alert: () => assert.fail("no alert"), logger });
    sender.streamStarted();
    sender.data(tsPackets(7 * 16));
    await until("16 media, 4 column and 4 row packets", () => (media.length === 16 && column.length === 4 && row.length === 4 ? true : undefined), 5000);
    assert.ok(media.every((packet) => packet.length === 12 + 1316 && (packet[1]! & 0x7f) === 33));
    assert.deepEqual(new Set(column.map((packet) => parseFecPacket(packet).direction)), new Set(["column"]));
    assert.deepEqual(new Set(row.map((packet) => parseFecPacket(packet).direction)), new Set(["row"]));
    await sender.close();
  });

  it("raises the output's alert once while sends fail, goes on sending, and clears it when they succeed again", async () => {
    const port = 45_000 + 6 * Math.floor(Math.random() * 1000);
    const got: Buffer[] = [];
    sockets.push(await receiver(port, got));
    const alerts: AlertEvent[] = [];
    let resolvable = false;
    const lookup = async (host: string) => {
      if (!resolvable) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
      return { address: "127.0.0.1", family: 4 };
    };
    const sender = new UdpSender({ target: target({ scheme: "udp:", host: "ird.invalid", port }), alert: (alert) => alerts.push(alert), logger, lookup, lookupRetryMs: 50 });
    sender.streamStarted();
    sender.data(tsPackets(7));
    await until("the alert SET", () => (alerts.length === 1 ? true : undefined), 5000);
    assert.equal(alerts[0]!.state, "SET");
    assert.equal(alerts[0]!.alertType, "Failed to Create Output File or Socket");
    assert.match(alerts[0]!.message, /^output "out" of group "udp": cannot send to udp:\/\/ird\.invalid:\d+: cannot resolve the host: getaddrinfo ENOTFOUND ird\.invalid$/);
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      sender.data(tsPackets(7));
    }
    assert.equal(alerts.length, 1, "one alert per state change, not per datagram");
    assert.ok(sender.counters.datagramsDropped >= 5);
    resolvable = true;
    await until("the alert CLEARED", async () => {
      sender.data(tsPackets(7));
      await new Promise((resolve) => setTimeout(resolve, 60));
      return alerts.length === 2 ? true : undefined;
    }, 5000);
    assert.equal(alerts[1]!.state, "CLEARED");
    assert.ok(got.length > 0, "the receiver got datagrams once the host resolved");
    await sender.close();
  });

  it("raises the alert for a destination the host refuses to send to (a broadcast address without SO_BROADCAST)", async () => {
    const alerts: AlertEvent[] = [];
    const sender = new UdpSender({ target: target({ scheme: "udp:", host: "255.255.255.255", port: 5000 }), alert: (alert) => alerts.push(alert), logger });
    sender.streamStarted();
    sender.data(tsPackets(14));
    await until("the alert SET", () => (alerts.length > 0 ? true : undefined), 5000);
    assert.match(alerts[0]!.message, /cannot send to udp:\/\/255\.255\.255\.255:5000: send EACCES/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(alerts.length, 1);
    assert.equal(sender.counters.sendFailures, 2);
    await sender.close();
  });
});
