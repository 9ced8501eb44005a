// CPU cost of one network output's sender alone, behind its relay socket
// (src/output/relay/slave-socket.ts), as the pipeline worker runs it: an ffmpeg remuxes a
// recorded 720p 3 Mbit/s TS at real-time rate, as the encoder's tee slave of that kind writes
// it (flush_packets 0: whole 32 KiB buffers, as the UDP plan writes a 4 Mbit/s stream and the FLV plan always), into the relay socket of a Node process that sends it on:
//   --kind udp (default): CBR 4 Mbit/s MPEG-TS → src/output/udp/udp-sender.ts → udp://127.0.0.1
//     (nothing listening, as in output-kinds-cost.ts; --rtp for rtp://);
//   --kind rtmp: FLV → src/output/rtmp/rtmp-publisher.ts → an `ffmpeg -listen 1` RTMP server on
//     loopback (not counted).
// Each run is a fresh Node process measuring its own process.cpuUsage() over the window; a
// `none` variant reads the relay and throws the bytes away (the relay's own cost). Variants are
// source trees (this one, or an older one unpacked with `git archive <commit> src | tar -x -C
// <folder>`), measured in alternating rounds; the median of each is printed. For udp, `this`
// sends with the native batched sender (src/output/udp/udp-batch.ts; the bench stops when it
// is not built) and `dgram` is this tree with Node's dgram instead (the sender's fallback).
//
//   node --import tsx bench/push-sender-cost.ts [--kind udp|rtmp] [--seconds 10] [--rounds 3] [--variant old=/tmp/old] [--rtp]

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { freeTcpPort } from "../test/helpers/media-fixtures.ts";

const WARM_UP_MS = 2_000;
const HERE = fileURLToPath(import.meta.url);
const THIS_TREE = path.resolve(path.dirname(HERE), "..");

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type Sink = { streamStarted(): void; data(chunk: Buffer): void; streamEnded(): void; close(): Promise<void> };
type Kind = "udp" | "rtmp";


/** The sender of `root`'s tree for `kind`, and the receiver it needs (an RTMP server), if any. */
async function makeSink(root: string, kind: Kind, rtp: boolean, dgram: boolean): Promise<{ sink: Sink; receiver?: ChildProcess }> {
  const { default: pino } = await import("pino");
  const logger = pino({ level: "silent" });
  if (kind === "udp") {
    const { UdpSender } = (await import(pathToFileURL(path.join(root, "src/output/udp/udp-sender.ts")).href)) as typeof import("../src/output/udp/udp-sender.ts");
    const port = 40_000 + Math.floor(Math.random() * 1000);
    const scheme = rtp ? "rtp:" : "udp:";
    const target = { key: "o", groupKey: "g", label: "bench", peer: `${scheme}//127.0.0.1:${port}`, scheme, host: "127.0.0.1", port, multicast: false, bufferMs: 1000 } as const;
    return { sink: new UdpSender({ target, alert: () => {}, logger, ...(dgram ? { udpBatch: { reason: "the bench's dgram variant" } } : {}) }) };
  }
  const { RtmpPublisher } = (await import(pathToFileURL(path.join(root, "src/output/rtmp/rtmp-publisher.ts")).href)) as typeof import("../src/output/rtmp/rtmp-publisher.ts");
  const port = await freeTcpPort();
  const receiver = spawn("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-listen", "1", "-i", `rtmp://127.0.0.1:${port}/live/bench`, "-c", "copy", "-f", "null", "-"], { stdio: "ignore" });
  await sleep(500);
  const endpoint = { tls: false, host: "127.0.0.1", port, verifyCertificate: false, app: "live", tcUrl: `rtmp://127.0.0.1:${port}/live`, streamName: "bench" };
  const target = {
    key: "o", groupKey: "g", label: "bench", peer: `rtmp://127.0.0.1:${port}/live`, endpoint, alertType: "RTMP Stream Not Found",
    retry: { retryIntervalMs: 1000, numRetries: 10, restartDelayMs: 1000 },
    cache: { cacheLengthMs: 30_000, behavior: "DISCONNECT_IMMEDIATELY", maxBytes: 64 * 1024 * 1024 },
  } as const;
  return { sink: new RtmpPublisher({ target, alert: () => {}, logger }), receiver };
}

/** One measured run in this process: the relay socket, the sender of `root`'s tree (or none), the feeding ffmpeg. */
async function child(root: string, kind: Kind, source: string, seconds: number, rtp: boolean, dgram: boolean): Promise<void> {
  const { SlaveSocket } = (await import(pathToFileURL(path.join(root === "none" ? THIS_TREE : root, "src/output/relay/slave-socket.ts")).href)) as typeof import("../src/output/relay/slave-socket.ts");
  const workDir = mkdtempSync(path.join(os.tmpdir(), "push-sender-cost-"));
  const { sink, receiver } = root === "none" ? { sink: { streamStarted: () => {}, data: () => {}, streamEnded: () => {}, close: async () => {} } as Sink, receiver: undefined } : await makeSink(root, kind, rtp, dgram);
  const socket = await SlaveSocket.open(sink, workDir);
  const feeder = spawn(
    "ffmpeg",
    [
      ...["-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-stream_loop", "-1", "-i", source, "-map", "0", "-c", "copy"],
      ...(kind === "udp" ? ["-f", "mpegts", "-muxrate", "4000000", "-max_delay", "1000000"] : ["-f", "flv"]),
      ...["-flush_packets", "0", socket.url],
    ],
    { stdio: "ignore" },
  );
  await sleep(WARM_UP_MS);
  const before = process.cpuUsage();
  const started = performance.now();
  await sleep(seconds * 1000);
  const used = process.cpuUsage(before);
  const elapsedS = (performance.now() - started) / 1000;
  feeder.kill("SIGKILL");
  await socket.close();
  await sink.close();
  receiver?.kill("SIGKILL");
  rmSync(workDir, { recursive: true, force: true });
  const counters = "counters" in sink ? (sink as { counters: unknown }).counters : undefined;
  process.stdout.write(`${JSON.stringify({ cpu: (used.user + used.system) / 1e6 / elapsedS, user: used.user / 1e6 / elapsedS, system: used.system / 1e6 / elapsedS, counters })}\n`);
  process.exit(0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string", default: "10" },
      rounds: { type: "string", default: "3" },
      variant: { type: "string", multiple: true, default: [] },
      rtp: { type: "boolean", default: false },
      kind: { type: "string", default: "udp" },
      child: { type: "string" },
      dgram: { type: "boolean", default: false },
      source: { type: "string" },
    },
  });
  const seconds = Number(values.seconds);
  const kind = values.kind as Kind;
  if (kind !== "udp" && kind !== "rtmp") throw new Error(`--kind is udp or rtmp, not ${values.kind}`);
  if (values.child !== undefined) return child(values.child, kind, values.source!, seconds, values.rtp!, values.dgram!);
  const variants = new Map<string, string>([["none", "none"], ["this", THIS_TREE]]);
  if (kind === "udp") {
    const { udpBatchOfThisProcess } = await import("../src/output/udp/udp-batch.ts");
    const batch = udpBatchOfThisProcess();
    if (!("binding" in batch)) throw new Error(`the native batched sender is not available (${batch.reason}): this would measure dgram twice`);
    variants.set("dgram", THIS_TREE);
  }
  for (const spec of values.variant!) {
    const [name, root] = spec.split("=");
    variants.set(name!, path.resolve(root!));
  }
  const folder = mkdtempSync(path.join(os.tmpdir(), "push-sender-cost-src-"));
  const source = path.join(folder, "source.ts");
  const made = spawnSync("ffmpeg", [
    ...["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"],
    ...["-t", "10", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "3M", "-maxrate", "3M", "-bufsize", "3M", "-g", "60", "-c:a", "aac", "-b:a", "128k", "-f", "mpegts", source],
  ]);
  if (made.status !== 0) throw new Error(`ffmpeg could not make the source: ${made.stderr}`);
  console.log(`load average ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}; ${seconds} s windows, ${kind === "rtmp" ? "rtmp://" : values.rtp ? "rtp://" : "udp://"}`);
  const results = new Map<string, number[]>([...variants.keys()].map((name) => [name, []]));
  const rounds = Number(values.rounds);
  for (let round = 1; round <= rounds; round++) {
    const names = [...variants.keys()];
    if (round % 2 === 0) names.reverse();
    for (const name of names) {
      const run = spawnSync(process.execPath, ["--import", "tsx", HERE, "--child", variants.get(name)!, "--kind", kind, "--source", source, "--seconds", String(seconds), ...(values.rtp ? ["--rtp"] : []), ...(name === "dgram" ? ["--dgram"] : [])], { encoding: "utf8" });
      const line = run.stdout.trim().split("\n").pop() ?? "";
      if (run.status !== 0 || !line.startsWith("{")) throw new Error(`run of ${name} failed: ${run.stderr}`);
      const result = JSON.parse(line) as { cpu: number; user: number; system: number; counters?: unknown };
      results.get(name)!.push(result.cpu);
      console.log(`  round ${round} ${name.padEnd(8)}: ${result.cpu.toFixed(4)} CPU s/s (user ${result.user.toFixed(4)}, system ${result.system.toFixed(4)})${result.counters ? ` ${JSON.stringify(result.counters)}` : ""}`);
    }
  }
  const base = median(results.get("none")!);
  for (const [name, cpus] of results) console.log(`median ${name.padEnd(8)}: ${median(cpus).toFixed(4)}${name === "none" ? "" : ` (sender beyond the relay: ${(median(cpus) - base).toFixed(4)})`}`);
  rmSync(folder, { recursive: true, force: true });
}

await main();
