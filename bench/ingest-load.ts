// Many publishers at once: N RTP push endpoints in this process,
// fed by N senders in a separate process pacing real RTP/MPEG-TS datagrams at a given
// bitrate each over loopback. Prints datagrams sent, received and lost per endpoint.
//
//   node --import tsx bench/ingest-load.ts [--publishers 100] [--mbps 5] [--seconds 10]

import { fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { AllowList } from "../src/ingest/allow-list.ts";
import { RtpPushEndpoint } from "../src/ingest/rtp-push/rtp-push-endpoint.ts";
import { makeTsFile, toRtpDatagrams } from "./ts-ingest.ts";

const here = fileURLToPath(import.meta.url);

/** The sender process: paces the datagrams to every port at `mbps` each, every 5 ms. */
async function sender(file: string, ports: number[], mbps: number, seconds: number): Promise<void> {
  const dgram = await import("node:dgram");
  const datagrams = toRtpDatagrams(new Uint8Array(readFileSync(file)));
  const socket = dgram.createSocket("udp4");
  socket.on("error", () => {});
  const bytesPerTick = (mbps * 1e6) / 8 / 200;
  const cursors = ports.map(() => 0);
  let sent = 0;
  const started = Date.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsedTicks = Math.floor((Date.now() - started) / 5);
      ports.forEach((port, i) => {
        let budget = bytesPerTick;
        while (budget > 0 && cursors[i]! < elapsedTicks * 1000) {
          const datagram = datagrams[cursors[i]! % datagrams.length]!;
          socket.send(datagram, port, "127.0.0.1");
          cursors[i]! += 1;
          budget -= datagram.length;
          sent += 1;
        }
      });
      if (Date.now() - started > seconds * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  process.send?.({ sent, perPort: cursors });
  socket.close();
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { publishers: { type: "string", default: "100" }, mbps: { type: "string", default: "5" }, seconds: { type: "string", default: "10" } } });
  const publishers = Number(values.publishers);
  const mbps = Number(values.mbps);
  const seconds = Number(values.seconds);
  const dir = mkdtempSync(path.join(tmpdir(), "openlive-load-"));
  try {
    const file = makeTsFile(dir, 4, `${Math.max(1, mbps - 1)}M`);
    const endpoints: RtpPushEndpoint[] = [];
    const ports: number[] = [];
    for (let i = 0; i < publishers; i++) {
      const port = 47000 + i * 6;
      const endpoint = new RtpPushEndpoint({ address: "127.0.0.1", port, allowList: new AllowList(["127.0.0.1/32"]), onTs: () => {} });
      await endpoint.start();
      endpoints.push(endpoint);
      ports.push(port);
    }
    const child = fork(here, ["--sender", file, ports.join(","), String(mbps), String(seconds)], { execArgv: ["--import", "tsx"] });
    const report = await new Promise<{ sent: number; perPort: number[] }>((resolve) => child.once("message", (m) => resolve(m as { sent: number; perPort: number[] })));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const received = endpoints.map((e) => e.stats.datagrams);
    const lost = endpoints.map((e) => e.stats.rtp.lost);
    const totalReceived = received.reduce((a, b) => a + b, 0);
    const missing = report.perPort.map((sent, i) => sent - received[i]!);
    console.log(`${publishers} publishers x ${mbps} Mbit/s for ${seconds} s over loopback (sender in its own process)`);
    console.log(`datagrams sent ${report.sent}, received ${totalReceived}, not received ${report.sent - totalReceived} (${(((report.sent - totalReceived) / report.sent) * 100).toFixed(3)} %)`);
    console.log(`RTP sequence gaps declared lost by the endpoints: ${lost.reduce((a, b) => a + b, 0)}; worst endpoint missed ${Math.max(...missing)} datagrams`);
    const aggregateMbps = (totalReceived * 1328 * 8) / seconds / 1e6;
    console.log(`aggregate ${aggregateMbps.toFixed(0)} Mbit/s received (${(aggregateMbps / publishers).toFixed(1)} Mbit/s per publisher; the pacer sends whole datagrams, so a little above the target)`);
    console.log(lost.reduce((a, b) => a + b, 0) === 0 && report.sent === totalReceived ? "no packet lost: MET" : "packets lost: MISSED");
    await Promise.all(endpoints.map((e) => e.close()));
    child.kill();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--sender") await sender(process.argv[3]!, process.argv[4]!.split(",").map(Number), Number(process.argv[5]), Number(process.argv[6]));
else if (import.meta.url === `file://${process.argv[1]}`) await main();
