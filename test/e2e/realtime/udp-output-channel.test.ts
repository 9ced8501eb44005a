// A UDP output group beside HLS, end to end with real receivers: one channel publishes HLS to
// a file:// folder and sends two MPEG-TS outputs from the same encode, one to udp:// and one
// to rtp:// with SMPTE 2022-1 FEC (COLUMN_AND_ROW). Nothing listens at first: the ports
// answer with ICMP port unreachable, and the encoder must go on (no restart, HLS keeps
// growing). Then ffprobe reads both outputs and decodes video and audio, and a receiver in the
// test reads the FEC packets openlive's sender computes on the RTP port + 2 (column) and + 4
// (row) (docs/outputs.md, "UDP/RTP with FEC"). A second channel sends one UDP output to a
// destination the host refuses to send to (the broadcast address, without SO_BROADCAST: every
// send fails with EACCES): the group's alert is SET naming the output and the destination,
// stays SET while the sender keeps trying, and the encoder is never restarted for it: HLS and
// the group's other UDP output go on throughout from the same encoder process.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createSocket, type Socket } from "node:dgram";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { after, describe, it } from "node:test";
import { CreateInputCommand, ListAlertsCommand } from "@aws-sdk/client-medialive";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { createChannelId, createIsgId, startChannelAndWait, stopChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { parseFecPacket, type FecPacket } from "../../helpers/fec-packet.ts";
import { makeOutputDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { descendantCommandLines } from "../../helpers/process-tree.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

const run = promisify(execFile);
const ROW_LENGTH = 5;
const COLUMN_DEPTH = 4;

/** What ffprobe decodes of a live input in 3 s: codec → frames read. */
async function probeLive(url: string): Promise<Map<string, number>> {
  const { stdout } = await run("ffprobe", ["-v", "error", "-read_intervals", "%+3", "-count_frames", "-show_entries", "stream=codec_name,nb_read_frames", "-of", "json", url], { timeout: 20_000 });
  const streams = (JSON.parse(stdout) as { streams: { codec_name: string; nb_read_frames?: string }[] }).streams;
  return new Map(streams.map((stream) => [stream.codec_name, Number(stream.nb_read_frames ?? 0)]));
}

function lastSegmentNumber(playlist: string): number {
  const names = playlist.split("\n").filter((line) => line.endsWith(".ts"));
  return Number(/_(\d+)\.ts$/.exec(names.at(-1) ?? "")?.[1] ?? Number.NaN);
}

/** The pid of the one running encoder (the ffmpeg writing the tee outputs). */
function encoderPid(): number | undefined {
  const encoders = descendantCommandLines().filter((line) => /(^|\/)ffmpeg /.test(line.cmdline) && line.cmdline.includes("-f tee"));
  return encoders.length === 1 ? encoders[0]!.pid : undefined;
}

/** Datagrams reaching host:port for `ms`. */
async function capture(host: string, port: number, ms: number): Promise<Buffer[]> {
  const socket = createSocket("udp4");
  const datagrams: Buffer[] = [];
  socket.on("message", (datagram) => datagrams.push(datagram));
  await new Promise<void>((resolve) => socket.bind(port, host, resolve));
  await new Promise((resolve) => setTimeout(resolve, ms));
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return datagrams;
}

async function listen(host: string, port: number, packets: FecPacket[]): Promise<Socket> {
  const socket = createSocket("udp4");
  socket.on("message", (datagram) => packets.push(parseFecPacket(datagram)));
  await new Promise<void>((resolve) => socket.bind(port, host, resolve));
  return socket;
}

describe("a UDP output group beside HLS", { timeout: 240_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  const sockets: Socket[] = [];
  after(async () => {
    for (const socket of sockets) socket.close();
    await openlive?.stop();
  });

  it("keeps the encoder running while nothing listens, then ffprobe decodes the udp:// and rtp:// outputs and the FEC arrives on ports + 2 and + 4", async (t) => {
    const tsPort = 30_000 + 2 * Math.floor(Math.random() * 5000);
    const rtpPort = tsPort + 10;
    const folder = makeOutputDir("udp-");
    openlive = await startOpenlive({ ownPushPorts: true });
    const client = sdkClient(openlive);
    const input = await client.send(new CreateInputCommand({ Name: "silent", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)] }));
    const channel = smallChannel(input.Input!.Id!, `file://${folder}/index`, { segmentLengthS: 1 });
    channel.Destinations.push({ Id: "udp-ts", Settings: [{ Url: `udp://127.0.0.2:${tsPort}` }] }, { Id: "udp-rtp", Settings: [{ Url: `rtp://127.0.0.3:${rtpPort}` }] });
    const names = { VideoDescriptionName: "v720", AudioDescriptionNames: ["a_aac"] };
    channel.EncoderSettings.OutputGroups.push({
      Name: "udp",
      OutputGroupSettings: { UdpGroupSettings: { InputLossAction: "EMIT_PROGRAM" } },
      Outputs: [
        { OutputName: "ts", ...names, OutputSettings: { UdpOutputSettings: { Destination: { DestinationRefId: "udp-ts" }, BufferMsec: 500, ContainerSettings: { M2tsSettings: { RateMode: "CBR", Bitrate: 1_000_000 } } } } },
        {
          OutputName: "rtp",
          ...names,
          OutputSettings: {
            UdpOutputSettings: {
              Destination: { DestinationRefId: "udp-rtp" },
              ContainerSettings: { M2tsSettings: {} },
              FecOutputSettings: { IncludeFec: "COLUMN_AND_ROW", RowLength: ROW_LENGTH, ColumnDepth: COLUMN_DEPTH },
            },
          },
        },
      ],
    });
    const channelId = await createChannelId(client, channel);
    // Nothing pushes: the channel sends input-loss fill, picture and audio.
    await startChannelAndWait(client, channelId);

    const playlist = path.join(folder, "index_720p.m3u8");
    const encoder = await until("the encoder", encoderPid, 60_000);
    await until("HLS segments", () => (existsSync(playlist) && lastSegmentNumber(readFileSync(playlist, "utf8")) >= 3 ? true : undefined), 60_000);
    // Every datagram so far met a closed port (ICMP port unreachable): give the encoder time to trip on it.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.ok(existsSync(`/proc/${encoder}`), "the encoder is still running with no receiver");
    const segmentsBefore = lastSegmentNumber(readFileSync(playlist, "utf8"));

    // The udp:// output: 7 TS packets per datagram, at the CBR mux rate, filled with null packets (PID 0x1FFF).
    const captureMs = 3000;
    const datagrams = await capture("127.0.0.2", tsPort, captureMs);
    assert.ok(datagrams.length > 0 && datagrams.every((datagram) => datagram.length === 7 * 188), `datagram sizes ${[...new Set(datagrams.map((d) => d.length))].join(",")}`);
    const packets = datagrams.flatMap((datagram) => Array.from({ length: 7 }, (_, k) => datagram.subarray(188 * k, 188 * (k + 1))));
    assert.ok(packets.every((packet) => packet[0] === 0x47), "every TS packet starts with the sync byte");
    const rateBps = (datagrams.length * 7 * 188 * 8 * 1000) / captureMs;
    t.diagnostic(`udp:// ${datagrams.length} datagrams of ${7 * 188} bytes in ${captureMs} ms: ${Math.round(rateBps)} b/s (muxrate 1000000)`);
    assert.ok(Math.abs(rateBps - 1_000_000) < 100_000, `udp:// rate ${Math.round(rateBps)} b/s, muxrate 1000000`);
    assert.ok(packets.some((packet) => ((packet[1]! & 0x1f) << 8 | packet[2]!) === 0x1fff), "null packets fill the constant rate");

    const column: FecPacket[] = [];
    const row: FecPacket[] = [];
    sockets.push(await listen("127.0.0.3", rtpPort + 2, column), await listen("127.0.0.3", rtpPort + 4, row));
    const [ts, rtp] = await Promise.all([probeLive(`udp://127.0.0.2:${tsPort}?timeout=10000000`), probeLive(`rtp://127.0.0.3:${rtpPort}?timeout=10000000`)]);
    for (const [what, streams] of [["udp://", ts], ["rtp://", rtp]] as const) {
      assert.ok((streams.get("h264") ?? 0) > 10, `${what}: H.264 frames decoded (${JSON.stringify([...streams])})`);
      assert.ok((streams.get("aac") ?? 0) > 10, `${what}: AAC frames decoded (${JSON.stringify([...streams])})`);
    }

    t.diagnostic(`ffprobe udp:// ${JSON.stringify([...ts])}, rtp:// ${JSON.stringify([...rtp])}; FEC ${column.length} column, ${row.length} row packets`);
    assert.ok(column.length > 5 && row.length > 5, `FEC packets: ${column.length} column, ${row.length} row`);
    // The recovery fields are the XOR of the protected packets' fields: N packets of one length
    // and payload type 33 give that length and 33 when N is odd, 0 when it is even.
    const xorOf = (value: number, count: number): number => (count % 2 === 1 ? value : 0);
    for (const [packets, direction, offset, na] of [
      [column, "column", ROW_LENGTH, COLUMN_DEPTH],
      [row, "row", 1, ROW_LENGTH],
    ] as const) {
      for (const packet of packets) {
        assert.deepEqual(
          { version: packet.rtpVersion, payloadType: packet.payloadType, extension: packet.extension, ptRecovery: packet.ptRecovery, direction: packet.direction, type: packet.type, offset: packet.offset, na: packet.na, lengthRecovery: packet.lengthRecovery, payloadBytes: packet.payloadBytes },
          { version: 2, payloadType: 96, extension: true, ptRecovery: xorOf(33, na), direction, type: 0, offset, na, lengthRecovery: xorOf(7 * 188, na), payloadBytes: 7 * 188 },
        );
      }
    }
    // Row FEC covers L consecutive media packets: each row's SNBase is L after the previous one.
    const steps = row.slice(1).map((packet, i) => (packet.snBase - row[i]!.snBase + 65536) % 65536);
    assert.ok(steps.every((step) => step === ROW_LENGTH), `row SNBase steps ${steps.slice(0, 10).join(",")}`);

    // The same encoder all along, and HLS went on publishing.
    assert.ok(existsSync(`/proc/${encoder}`), "the encoder never restarted");
    await until("HLS going on", () => (lastSegmentNumber(readFileSync(playlist, "utf8")) > segmentsBefore + 2 ? true : undefined), 20_000);
    await stopChannelAndWait(client, channelId);
  });

  it("raises the group's output alert for a UDP output that cannot send, keeps it SET while sends go on failing, and never restarts the encoder: the channel's other outputs go on", async () => {
    const client = sdkClient(openlive!);
    const goodPort = 30_001 + 2 * Math.floor(Math.random() * 5000);
    const folder = makeOutputDir("udp-refused-");
    const input = await client.send(new CreateInputCommand({ Name: "silent-2", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)] }));
    const channel = smallChannel(input.Input!.Id!, `file://${folder}/index`, { segmentLengthS: 1 });
    channel.Destinations.push({ Id: "refused", Settings: [{ Url: "udp://255.255.255.255:5000" }] }, { Id: "good", Settings: [{ Url: `udp://127.0.0.4:${goodPort}` }] });
    const names = { VideoDescriptionName: "v720", AudioDescriptionNames: ["a_aac"] };
    channel.EncoderSettings.OutputGroups.push({
      Name: "udp",
      OutputGroupSettings: { UdpGroupSettings: {} },
      Outputs: ["refused", "good"].map((id) => ({ OutputName: id, ...names, OutputSettings: { UdpOutputSettings: { Destination: { DestinationRefId: id }, ContainerSettings: { M2tsSettings: {} } } } })),
    });
    const channelId = await createChannelId(client, channel);
    await startChannelAndWait(client, channelId);
    const alert = async () => ((await client.send(new ListAlertsCommand({ ChannelId: channelId }))).Alerts ?? []).find((a) => a.AlertType === "Failed to Create Output File or Socket");
    const set = await until("the UDP output's alert SET", alert, 30_000);
    assert.equal(set.State, "SET");
    assert.match(set.Message ?? "", /^output "refused" of group "udp": cannot send to udp:\/\/255\.255\.255\.255:5000: send EACCES/);
    const encoder = await until("the encoder", encoderPid, 10_000);
    const playlist = path.join(folder, "index_720p.m3u8");
    const segmentsAtAlert = await until("HLS segments", () => (existsSync(playlist) ? lastSegmentNumber(readFileSync(playlist, "utf8")) : undefined), 30_000);
    const good = await probeLive(`udp://127.0.0.4:${goodPort}?timeout=10000000`);
    assert.ok((good.get("h264") ?? 0) > 10, `the other UDP output decodes (${JSON.stringify([...good])})`);
    // Longer than the old restart grace period (10 s): HLS goes on from the same encoder.
    await until("HLS going on", () => (lastSegmentNumber(readFileSync(playlist, "utf8")) > segmentsAtAlert + 10 ? true : undefined), 30_000);
    assert.equal(encoderPid(), encoder, "the encoder never restarted while the UDP destination failed");
    assert.equal((await alert())?.State, "SET", "the destination still refuses: the alert stays SET");
    await stopChannelAndWait(client, channelId);
  });
});
