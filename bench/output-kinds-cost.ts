// CPU cost of publishing one channel to several output kinds from its one shared encode,
// against the same channel publishing HLS alone. Target: HLS + archive + UDP + RTMP ≤ 1.05×
// the CPU of HLS alone.
//
// Two SINGLE_PIPELINE channels on RTP_PUSH inputs, both with one 1280x720 30 fps H.264
// 3 Mbit/s CBR + AAC 128k description (examples/channel-hls.json), segmentLength 2:
//   (a) HLS alone: one HLS group to a file:// folder;
//   (b) the same HLS group, plus an archive group (MPEG-TS files rolled over every 10 s to a
//       file:// folder), a UDP group (MPEG-TS over udp:// to 127.0.0.1, CBR 4 Mbit/s with null
//       packets) and an RTMP group (FLV to an `ffmpeg -listen 1` RTMP server on loopback), every
//       output naming the same two descriptions.
// Both channels run at the same time, each on its own upstream
// (`ffmpeg -re -stream_loop -1 -i <20 s 720p30 TS> -c copy -f rtp_mpegts`), and are sampled over
// the same window (measureTogether says why). What is measured is
// the pipeline's processes from /proc: its worker (which in (b) also relays the FLV and publishes
// it to the RTMP server, and sends the UDP output's datagrams) and every descendant (the encoder; any other child is counted as a
// sender), sampled every second over the window, from 4 s after the first segment.
// The receivers (the RTMP server) and the service process are not counted.
//
// Each round gives its own ratio; the verdict is the median of those ratios, and the roles'
// medians (and the worker's threads) show where the difference goes. `--kinds udp` (or any
// comma-separated part of archive,udp,rtmp) gives (b) only those groups, to see what each costs;
// the target is for all three.
//
//   npm run build && node --import tsx bench/output-kinds-cost.ts [--seconds 10] [--rounds 5] [--kinds archive,udp,rtmp]

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { CreateChannelCommand, CreateInputCommand, DescribeChannelCommand, StartChannelCommand, StopChannelCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { EXAMPLE } from "../test/helpers/channel-fixtures.ts";
import { createIsgId } from "../test/helpers/channel-lifecycle.ts";
import { startOpenlive } from "../test/helpers/openlive-process.ts";
import { sdkClient } from "../test/helpers/sdk.ts";
import { cmdline, descendants, pipelineWorkerPid, sampleUsage, threadCpuSeconds, type Usage } from "./proc-usage.ts";
import { BenchRun, killAndWait, runAsScript } from "./script-harness.ts";
import { freeTcpPort } from "../test/helpers/media-fixtures.ts";
import { udpBatchOfThisProcess } from "../src/output/udp/udp-batch.ts";

const TARGET_RATIO = 1.05;
/** The extra groups of channel (b); the target is for all of them (--kinds picks some, to see what each costs). */
const ALL_KINDS = ["archive", "udp", "rtmp"] as const;
const SEGMENT_LENGTH_S = 2;
const WARM_UP_MS = 4_000;

const children = new Set<ChildProcess>();
const run = new BenchRun({ beforeStop: async () => Promise.all([...children].map((child) => killAndWait(child))).then(() => undefined) });

function spawnTracked(command: string, args: readonly string[]): ChildProcess {
  const child = spawn(command, args, { stdio: ["ignore", "ignore", "ignore"] });
  children.add(child);
  child.on("error", () => undefined);
  child.once("exit", () => children.delete(child));
  return child;
}


const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}


function makeSource(file: string, seconds: number): void {
  const result = spawnSync(
    "ffmpeg",
    [
      ...["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"],
      ...["-t", String(seconds), "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-b:v", "4M", "-maxrate", "4M", "-bufsize", "8M"],
      ...["-g", "60", "-keyint_min", "60", "-sc_threshold", "0", "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-f", "mpegts", file],
    ],
    { encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`ffmpeg could not make the source file: ${result.stderr}`);
}

interface BenchChannel {
  readonly id: string;
  readonly label: string;
  readonly endpoint: string;
  /** The HLS group's folder, where the first segment shows the channel is on air. */
  readonly hlsFolder: string;
}

type Json = Record<string, any>;

/** MediaLive's JSON (as the aws CLI sends it) for channel (b)'s extra groups: archive, UDP and RTMP, naming the example's descriptions. */
function addOtherKinds(channel: Json, folder: string, udpPort: number, rtmpPort: number, kinds: ReadonlySet<string>): void {
  const describe = { VideoDescriptionName: "v720", AudioDescriptionNames: ["a_aac"] };
  const destinations: Json[] = [
    { Id: "archive-dest", Settings: [{ Url: `file://${folder}/archive/rec` }] },
    { Id: "udp-dest", Settings: [{ Url: `udp://127.0.0.1:${udpPort}` }] },
    { Id: "rtmp-dest", Settings: [{ Url: `rtmp://127.0.0.1:${rtmpPort}/live`, StreamName: "bench" }] },
  ];
  const groups: Json[] = [
    {
      Name: "archive",
      OutputGroupSettings: { ArchiveGroupSettings: { Destination: { DestinationRefId: "archive-dest" }, RolloverInterval: 10 } },
      Outputs: [{ OutputName: "rec", ...describe, OutputSettings: { ArchiveOutputSettings: { NameModifier: "_rec", Extension: "ts", ContainerSettings: { M2tsSettings: {} } } } }],
    },
    {
      Name: "udp",
      OutputGroupSettings: { UdpGroupSettings: {} },
      Outputs: [{ OutputName: "ts", ...describe, OutputSettings: { UdpOutputSettings: { Destination: { DestinationRefId: "udp-dest" }, ContainerSettings: { M2tsSettings: { RateMode: "CBR", Bitrate: 4_000_000 } } } } }],
    },
    {
      Name: "rtmp",
      OutputGroupSettings: { RtmpGroupSettings: {} },
      Outputs: [{ OutputName: "social", ...describe, OutputSettings: { RtmpOutputSettings: { Destination: { DestinationRefId: "rtmp-dest" } } } }],
    },
  ];
  const wanted = groups.map((group, index) => [group, destinations[index]!] as const).filter(([group]) => kinds.has(String(group.Name)));
  channel.Destinations.push(...wanted.map(([, destination]) => destination));
  channel.EncoderSettings.OutputGroups.push(...wanted.map(([group]) => group));
}

async function createChannel(client: MediaLiveClient, isgId: string, label: string, folder: string, others?: { udpPort: number; rtmpPort: number; kinds: ReadonlySet<string> }): Promise<BenchChannel> {
  const input = await client.send(new CreateInputCommand({ Name: `bench-${label}`, Type: "RTP_PUSH", InputSecurityGroups: [isgId] }));
  const channel = JSON.parse(EXAMPLE) as Json;
  channel.Name = `bench-${label}`;
  channel.ChannelClass = "SINGLE_PIPELINE";
  channel.InputAttachments[0].InputId = input.Input!.Id;
  channel.Destinations[0].Settings = [{ Url: `file://${folder}/hls/live` }];
  channel.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.SegmentLength = SEGMENT_LENGTH_S;
  if (others) addOtherKinds(channel, folder, others.udpPort, others.rtmpPort, others.kinds);
  const created = await client.send(new CreateChannelCommand(channel));
  return { id: created.Channel!.Id!, label, endpoint: input.Input!.Destinations![0]!.Url!, hlsFolder: path.join(folder, "hls") };
}

async function waitForState(client: MediaLiveClient, channelId: string, state: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    if ((await client.send(new DescribeChannelCommand({ ChannelId: channelId }))).State === state) return;
    if (performance.now() > deadline) throw new Error(`channel ${channelId} not ${state} within 60 s`);
    await sleep(250);
  }
}

/** The HLS segments in `folder` written at or after `sinceMs` (wall clock): a folder holds the segments of earlier runs too. */
function segmentsSince(folder: string, sinceMs: number): number {
  let names: string[] = [];
  try {
    names = readdirSync(folder);
  } catch {
    return 0; // not made yet
  }
  let count = 0;
  for (const name of names) {
    if (!name.endsWith(".ts")) continue;
    try {
      if (statSync(path.join(folder, name)).mtimeMs >= sinceMs) count += 1;
    } catch {
      // removed from the playlist's window meanwhile
    }
  }
  return count;
}

async function waitForSegment(folder: string, sinceMs: number): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    if (segmentsSince(folder, sinceMs) > 0) return;
    if (performance.now() > deadline) throw new Error(`no segment in ${folder} within 60 s`);
    await sleep(100);
  }
}

/** The pipeline's processes by role: its worker, its encoder (the ffmpeg reading pipe:0) and every other descendant (a sender child, if any). */
function pipelineProcesses(channelId: string): Map<string, number[]> {
  const worker = pipelineWorkerPid(channelId);
  if (worker === undefined) return new Map();
  const below = descendants(worker);
  const isEncoder = (pid: number): boolean => cmdline(pid).includes("-filter_complex");
  return new Map([["worker", [worker]], ["encoder", below.filter(isEncoder)], ["senders", below.filter((pid) => !isEncoder(pid))]]);
}

/** One measured run: the processes' usage, and why it does not count (undefined: it does). */
interface Measured {
  readonly usage: Usage;
  readonly invalid: string | undefined;
  /** The worker's CPU by thread name over the window (CPU s per wall s): "main", V8's and libuv's threads. */
  readonly workerThreads: ReadonlyMap<string, number> | undefined;
}

/** CPU s per wall s of each thread name between two threadCpuSeconds() readings. */
function threadShares(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>, seconds: number): Map<string, number> {
  return new Map([...after].map(([name, value]) => [name, (value - (before.get(name) ?? 0)) / seconds]));
}

function threads(shares: ReadonlyMap<string, number> | undefined): string {
  if (!shares) return "";
  const others = [...shares].filter(([name]) => !name.startsWith("main")).sort(([a], [b]) => a.localeCompare(b));
  const total = others.reduce((sum, [, value]) => sum + value, 0);
  const [main, mainSys] = [shares.get("main") ?? 0, shares.get("main sys") ?? 0];
  return ` [worker: main ${main.toFixed(3)} (system ${mainSys.toFixed(3)}), others ${total.toFixed(3)}: ${others.filter(([, value]) => value >= 0.001).map(([name, value]) => `${name} ${value.toFixed(3)}`).join(", ")}]`;
}

/** A channel on air for a measurement: its upstream and (with RTMP) the receiver it publishes to. */
interface OnAir {
  readonly channel: BenchChannel;
  readonly upstream: ChildProcess;
  readonly receiver: ChildProcess | undefined;
}

/** Starts `channel` on a fresh upstream (and RTMP receiver) and waits until it wrote a segment. */
async function goOnAir(client: MediaLiveClient, channel: BenchChannel, source: string, rtmpPort: number | undefined): Promise<OnAir> {
  const upstream = spawnTracked("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-stream_loop", "-1", "-i", source, "-c", "copy", "-f", "rtp_mpegts", channel.endpoint]);
  // The RTMP receiver takes one publisher and ends with it: a new one per run.
  const receiver = rtmpPort === undefined ? undefined : spawnTracked("ffmpeg", ["-hide_banner", "-loglevel", "error", "-listen", "1", "-f", "flv", "-i", `rtmp://127.0.0.1:${rtmpPort}/live/bench`, "-c", "copy", "-f", "null", "-"]);
  const startedMs = Date.now();
  await client.send(new StartChannelCommand({ ChannelId: channel.id }));
  await waitForSegment(channel.hlsFolder, startedMs);
  return { channel, upstream, receiver };
}

async function goOffAir(client: MediaLiveClient, onAir: OnAir): Promise<void> {
  await client.send(new StopChannelCommand({ ChannelId: onAir.channel.id }));
  await waitForState(client, onAir.channel.id, "IDLE");
  await killAndWait(onAir.upstream);
  if (onAir.receiver) await killAndWait(onAir.receiver);
}

/**
 * The window of one channel on air, sampled over `seconds`. It does not count when the
 * pipeline's processes changed in the window (the encoder restarted) or the encoder fell behind
 * real time (fewer segments than the window holds: the machine is too busy for the encode,
 * whose cost then says nothing).
 */
async function sampleWindow(onAir: OnAir, seconds: number): Promise<Measured> {
  const { channel, receiver } = onAir;
  const windowMs = Date.now();
  const workerPid = pipelineWorkerPid(channel.id);
  const threadsBefore = workerPid === undefined ? new Map<string, number>() : threadCpuSeconds(workerPid);
  const usage = await sampleUsage(() => pipelineProcesses(channel.id), seconds);
  const workerThreads = workerPid === undefined ? undefined : threadShares(threadsBefore, threadCpuSeconds(workerPid), (Date.now() - windowMs) / 1000);
  if (receiver && (receiver.exitCode !== null || receiver.signalCode !== null)) throw new Error("the RTMP receiver ended during the window: the RTMP output did not publish");
  // A segment is written when it ends: a window of n segment lengths sees n−1 at least at real time.
  const segments = segmentsSince(channel.hlsFolder, windowMs);
  const expected = Math.floor(seconds / SEGMENT_LENGTH_S) - 1;
  let invalid: string | undefined;
  if (!usage.cpu.worker || !usage.cpu.encoder) invalid = "the pipeline's worker or encoder was not found";
  else if (usage.pidSetChanged) invalid = "a process started in the window";
  else if (segments < expected) invalid = `the encoder fell behind real time (${segments} segments in the window, ${expected} expected)`;
  return { usage, invalid, workerThreads };
}

/**
 * One round: (a) and (b) on air at the same time, each on its own upstream, sampled over the
 * same window. Measured side by side, the two see the same load on the machine, which moves a
 * 720p encode's CPU time by ±10 % from one minute to the next: taken one after the other, that
 * drift alone was larger than the 5 % to be measured.
 */
async function measureTogether(client: MediaLiveClient, a: BenchChannel, b: BenchChannel, source: string, seconds: number, rtmpPort: number | undefined): Promise<Record<"a" | "b", Measured>> {
  const started = await Promise.allSettled([goOnAir(client, a, source, undefined), goOnAir(client, b, source, rtmpPort)]);
  const onAir = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  try {
    for (const result of started) if (result.status === "rejected") throw result.reason;
    await sleep(WARM_UP_MS);
    const [measuredA, measuredB] = await Promise.all([sampleWindow(onAir[0]!, seconds), sampleWindow(onAir[1]!, seconds)]);
    return { a: measuredA, b: measuredB };
  } finally {
    await Promise.all(onAir.map((one) => goOffAir(client, one)));
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { seconds: { type: "string", default: "10" }, rounds: { type: "string", default: "5" }, kinds: { type: "string", default: ALL_KINDS.join(",") } } });
  const kinds = new Set(values.kinds.split(",").filter((kind) => kind.length > 0));
  const unknown = [...kinds].filter((kind) => !(ALL_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0 || kinds.size === 0) throw new Error(`--kinds takes a comma-separated list of ${ALL_KINDS.join(", ")}; got ${values.kinds}`);
  const labelB = `(b) HLS+${[...kinds].join("+")}`.padEnd(24);
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  const root = run.tempDir("openlive-bench-outputs-");
  const source = path.join(root, "source.ts");
  makeSource(source, 20);
  const dataDir = path.join(root, "data");
  mkdirSync(dataDir);
  const outRoot = path.join(root, "out");
  mkdirSync(outRoot, { mode: 0o700 });
  const portBase = 20_000 + 200 * Math.floor(Math.random() * 100);
  run.openlive = await startOpenlive({ dataDir, startTimeoutMs: 30_000, extraArgs: ["--push-port-range", `${portBase}-${portBase + 199}`, "--output-roots", outRoot] });
  const client = sdkClient(run.openlive);
  const isgId = await createIsgId(client);
  const [udpPort, rtmpPort] = [await freeTcpPort(), await freeTcpPort()];
  const hlsOnly = await createChannel(client, isgId, "hls-only", path.join(outRoot, "a"));
  const fourKinds = await createChannel(client, isgId, `hls-${[...kinds].join("-")}`, path.join(outRoot, "b"), { udpPort, rtmpPort, kinds });
  console.log(`machine: ${os.cpus().length} CPUs, node ${process.version}; load average ${os.loadavg().map((v) => v.toFixed(2)).join(" ")} at the start`);
  const udpBatch = udpBatchOfThisProcess();
  console.log(`UDP output sent with ${"binding" in udpBatch ? "the native batched sender (sendmmsg)" : `Node's dgram: ${udpBatch.reason}`}`);
  console.log(`each run: ${seconds} s window from ${WARM_UP_MS / 1000} s after the first segment; CPU of the pipeline worker and its children (CPU s per wall s)`);

  // Each round yields its own ratio: the machine's load drifts over minutes, so the ratio of
  // one window is steadier than the ratio of two medians taken over the whole bench.
  const usages = { a: [] as Usage[], b: [] as Usage[] };
  const ratios: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const measured = await measureTogether(client, hlsOnly, fourKinds, source, seconds, kinds.has("rtmp") ? rtmpPort : undefined);
    for (const which of ["a", "b"] as const) {
      const run = measured[which];
      const { usage } = run;
      const roles = Object.entries(usage.cpu).map(([role, value]) => `${role} ${value.toFixed(3)}`).join(" + ");
      console.log(`  round ${round} ${which === "a" ? "(a) HLS alone".padEnd(24) : labelB}: ${usage.cpuTotal.toFixed(3)} (${roles})${threads(run.workerThreads)}; machine ${(usage.machineBusy * 100).toFixed(0)} % busy, load average ${os.loadavg()[0]!.toFixed(2)}${run.invalid ? `; NOT COUNTED: ${run.invalid}` : ""}`);
    }
    if (measured.a?.invalid || measured.b?.invalid) continue;
    usages.a.push(measured.a!.usage);
    usages.b.push(measured.b!.usage);
    ratios.push(measured.b!.usage.cpuTotal / measured.a!.usage.cpuTotal);
    console.log(`  round ${round} ratio (b)/(a): ${ratios.at(-1)!.toFixed(3)}×`);
  }
  if (ratios.length === 0) {
    console.log(`no round counted: the machine is too busy (load average ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}); run it again on a quieter machine`);
    return 1;
  }
  const roles = [...new Set([...usages.a, ...usages.b].flatMap((usage) => Object.keys(usage.cpu)))];
  const roleMedian = (which: "a" | "b", role: string): number => median(usages[which].map((usage) => usage.cpu[role] ?? 0));
  for (const role of roles) console.log(`median ${role.padEnd(8)}: (a) ${roleMedian("a", role).toFixed(3)}, (b) ${roleMedian("b", role).toFixed(3)}, (b) − (a) ${(roleMedian("b", role) - roleMedian("a", role)).toFixed(3)}`);
  const [a, b] = [median(usages.a.map((usage) => usage.cpuTotal)), median(usages.b.map((usage) => usage.cpuTotal))];
  const ratio = median(ratios);
  console.log(`median CPU: (a) ${a.toFixed(3)}, (b) ${b.toFixed(3)} (their ratio ${(b / a).toFixed(3)}×); per-round ratios ${[...ratios].sort((x, y) => x - y).map((value) => value.toFixed(3)).join(" ")}`);
  console.log(`median of the ${ratios.length} counted rounds' ratios (b)/(a) ${ratio.toFixed(3)}× (target ≤ ${TARGET_RATIO}×) → ${ratio <= TARGET_RATIO ? "MET" : "MISSED"}; load average ${os.loadavg().map((v) => v.toFixed(2)).join(" ")} at the end`);
  return 0;
}

runAsScript({ moduleUrl: import.meta.url, run, main, onInterrupt: "stopping openlive, its pipelines and the ffmpeg processes of this bench" });
