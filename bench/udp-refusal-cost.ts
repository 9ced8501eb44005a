// What a UDP flood from a refused address costs an RTP push endpoint (security review F11).
// A sender in another process (python3, so its CPU is not ours) floods 1328-byte RTP
// datagrams from 127.0.0.2; this process receives them on
//   (a) a bare dgram socket whose handler only counts: the floor Node itself costs, and
//   (b) an RtpPushEndpoint whose allow-list refuses 127.0.0.2,
// in alternating rounds. It prints this process's CPU per received datagram for each and the
// ratio (b)/(a): how much the refusal adds to merely receiving. It also times
// AllowList.admit() alone for a refused and an allowed address.
//
//   node --import tsx bench/udp-refusal-cost.ts [--seconds 3] [--rounds 3]

import { spawn } from "node:child_process";
import dgram from "node:dgram";
import { parseArgs } from "node:util";
import { AllowList } from "../src/ingest/allow-list.ts";
import { RtpPushEndpoint } from "../src/ingest/rtp-push/rtp-push-endpoint.ts";

const FLOOD_PY = `
import socket, sys, time
port=int(sys.argv[1]); secs=float(sys.argv[2])
s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.2',0))
payload=bytearray(bytes([0x80,33,0,0, 0,0,0,0, 0,0,0,1])+(bytes([0x47,0x1f,0xff,0x10])+b'\\xff'*184)*7)
n=0; t0=time.time(); seq=0
while time.time()-t0<secs:
    for _ in range(1000):
        payload[2]=(seq>>8)&255; payload[3]=seq&255; seq=(seq+1)&0xffff
        try: s.sendto(payload,('127.0.0.1',port)); n+=1
        except OSError: pass
print(n, flush=True)
`;

interface Round {
  readonly received: number;
  readonly sent: number;
  readonly cpuUs: number;
}

async function flood(port: number, seconds: number, received: () => number): Promise<Round> {
  const startCpu = process.cpuUsage();
  const startCount = received();
  const child = spawn("python3", ["-c", FLOOD_PY, String(port), String(seconds)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once("exit", resolve));
  // Let the socket's queue drain before reading the counters.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const cpu = process.cpuUsage(startCpu);
  return { received: received() - startCount, sent: Number(out.trim()), cpuUs: cpu.user + cpu.system };
}

async function bareSocketRound(seconds: number): Promise<Round> {
  const socket = dgram.createSocket("udp4");
  let count = 0;
  socket.on("message", () => {
    count += 1;
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  try {
    socket.setRecvBufferSize(4 * 1024 * 1024);
  } catch {
    // the OS limit applies
  }
  const round = await flood(socket.address().port, seconds, () => count);
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return round;
}

async function refusingEndpointRound(seconds: number): Promise<Round> {
  const probe = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => probe.bind(0, "127.0.0.1", resolve));
  const port = probe.address().port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const allowList = new AllowList(["127.0.0.1/32"]);
  const endpoint = new RtpPushEndpoint({ address: "127.0.0.1", port, allowList, onTs: () => undefined });
  await endpoint.start();
  const round = await flood(port, seconds, () => endpoint.stats.disallowedDatagrams);
  await endpoint.close();
  if (endpoint.stats.disallowedDatagrams !== endpoint.stats.datagrams) throw new Error("an allowed datagram in the refused flood");
  return round;
}

function admitNs(allowList: AllowList, address: string, calls: number): number {
  const started = process.hrtime.bigint();
  let admitted = 0;
  for (let i = 0; i < calls; i += 1) if (allowList.admit(address)) admitted += 1;
  const ns = Number(process.hrtime.bigint() - started) / calls;
  if (admitted === -1) console.log(admitted);
  return ns;
}

function perDatagram(rounds: readonly Round[]): { usPerDatagram: number; received: number; sent: number } {
  const received = rounds.reduce((sum, round) => sum + round.received, 0);
  const sent = rounds.reduce((sum, round) => sum + round.sent, 0);
  const cpuUs = rounds.reduce((sum, round) => sum + round.cpuUs, 0);
  return { usPerDatagram: cpuUs / Math.max(1, received), received, sent };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: "string", default: "3" }, rounds: { type: "string", default: "3" } } });
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  const bare: Round[] = [];
  const refused: Round[] = [];
  for (let round = 0; round < rounds; round += 1) {
    // Alternating, so that other work on a shared machine hits both alike.
    bare.push(await bareSocketRound(seconds));
    refused.push(await refusingEndpointRound(seconds));
  }
  const a = perDatagram(bare);
  const b = perDatagram(refused);
  console.log(`(a) bare socket, empty handler : ${a.usPerDatagram.toFixed(2)} µs CPU per datagram (${a.received} received of ${a.sent} sent)`);
  console.log(`(b) RTP endpoint, refused      : ${b.usPerDatagram.toFixed(2)} µs CPU per datagram (${b.received} received of ${b.sent} sent)`);
  console.log(`ratio (b)/(a): ${(b.usPerDatagram / a.usPerDatagram).toFixed(2)}x  (1.00 = a refusal costs nothing beyond receiving)`);

  const allowList = new AllowList(["127.0.0.1/32"]);
  const calls = 5_000_000;
  admitNs(allowList, "127.0.0.2", calls); // warm-up
  const refusedNs = admitNs(allowList, "127.0.0.2", calls);
  const allowedNs = admitNs(allowList, "127.0.0.1", calls);
  console.log(`AllowList.admit(): refused ${refusedNs.toFixed(1)} ns, allowed ${allowedNs.toFixed(1)} ns per call; ratio ${(refusedNs / allowedNs).toFixed(2)}x`);
}

await main();
