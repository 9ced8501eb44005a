// CPU cost of keeping the standby input of a failover pair parsed (docs/failover.md: "both inputs
// are ingested all the time"). Target: ≤ 5 % of one core per 5 Mbit/s of standby stream.
//
// One SINGLE_PIPELINE channel on two RTP_PUSH inputs in an automatic input failover pair with
// InputLossSettings only (no black/silence condition, so the worker runs no analysis child).
// The primary pushes a small 320x180 stream all the time and stays on air. The pipeline
// worker's CPU (utime + stime of the process titled `openlive-pipeline <channelId> 0`, all its
// threads; not its children) is measured over a window
//   (a) with the secondary silent, and
//   (b) with the secondary pushing 1280x720 25 fps H.264 at 5 Mbit/s CBR + AAC,
// in alternating rounds. Both upstreams send pre-encoded TS files with
// `ffmpeg -re -stream_loop -1 -i <file> -c copy -f rtp_mpegts`, so no upstream encodes live.
// The difference (b) − (a) is the standby's cost; it is normalised by the standby file's
// measured bitrate to "per 5 Mbit/s". The bench checks with the API that the primary stays
// on air, and with the alerts that the secondary is really seen (failing while silent,
// clean while pushing).
//
//   npm run build && node --import tsx bench/standby-cost.ts [--seconds 15] [--rounds 3]

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DescribeChannelCommand, ListAlertsCommand, StartChannelCommand, StopChannelCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { createIsgId } from "../test/helpers/channel-lifecycle.ts";
import { createFailoverChannel, inputLossCondition } from "../test/helpers/colour-channel.ts";
import { makeTempDir, startOpenlive, type OpenliveProcess } from "../test/helpers/openlive-process.ts";
import { sdkClient } from "../test/helpers/sdk.ts";

/** Target: the standby costs at most this share of one core per 5 Mbit/s. */
const TARGET_SHARE_PER_5M = 0.05;
const REFERENCE_BPS = 5_000_000;
/** After the secondary starts or stops: its probe, first GOP and the pair's loss detection settle first. */
const SETTLE_MS = 4_000;
const LOSS_THRESHOLD_MS = 500;
const SOURCE_SECONDS = 20;
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

const children = new Set<ChildProcess>();
let openlive: OpenliveProcess | undefined;
let work: string | undefined;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const pct = (share: number): string => `${(share * 100).toFixed(2)} %`;

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined;
  }
}

/** The worker of the channel's pipeline 0, by its process title. */
function workerPid(channelId: string): number | undefined {
  const title = `openlive-pipeline ${channelId} 0`;
  for (const entry of readdirSync("/proc")) {
    if (/^\d+$/.test(entry) && readProc(Number(entry), "cmdline")?.startsWith(title)) return Number(entry);
  }
  return undefined;
}

/** utime + stime of one process (all its threads, not its children), seconds. */
function cpuSeconds(pid: number): number {
  const stat = readProc(pid, "stat");
  if (!stat) throw new Error(`process ${pid} is gone`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Direct children of a process: [pid, argv]. */
function childrenOf(pid: number): { pid: number; argv: string[] }[] {
  const found: { pid: number; argv: string[] }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(Number(entry), "stat");
    if (!stat || Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) !== pid) continue;
    found.push({ pid: Number(entry), argv: (readProc(Number(entry), "cmdline") ?? "").split("\0").filter(Boolean) });
  }
  return found;
}

/** Busy share of the whole machine between two /proc/stat readings. */
function machineJiffies(): { busy: number; total: number } {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - cpu[3]! - cpu[4]!, total };
}

function ffmpegFile(file: string, size: string, videoKbps: number, audioKbps: number): void {
  const result = spawnSync(
    "ffmpeg",
    [
      "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
      "-f", "lavfi", "-i", `testsrc2=size=${size}:rate=25`, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
      "-t", String(SOURCE_SECONDS),
      "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
      "-b:v", `${videoKbps}k`, "-minrate", `${videoKbps}k`, "-maxrate", `${videoKbps}k`, "-bufsize", `${videoKbps}k`, "-x264-params", "nal-hrd=cbr",
      "-c:a", "aac", "-b:a", `${audioKbps}k`, "-ac", "2",
      "-f", "mpegts", file,
    ],
    { encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`ffmpeg could not make ${file}: ${result.stderr}`);
}

function startUpstream(file: string, url: string): ChildProcess {
  const child = spawn("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-stream_loop", "-1", "-i", file, "-c", "copy", "-f", "rtp_mpegts", url], { stdio: "ignore" });
  children.add(child);
  child.on("error", () => undefined);
  child.once("exit", () => children.delete(child));
  return child;
}

function killAndWait(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

async function activeAttachment(client: MediaLiveClient, channelId: string): Promise<string | undefined> {
  const described = await client.send(new DescribeChannelCommand({ ChannelId: channelId }));
  return described.PipelineDetails?.find((p) => p.PipelineId === "0")?.ActiveInputAttachmentName;
}

/** Whether an alert about the secondary (a failover condition met on it) is SET now. */
async function secondaryFailing(client: MediaLiveClient, channelId: string): Promise<boolean> {
  const alerts = (await client.send(new ListAlertsCommand({ ChannelId: channelId, StateFilter: "SET" }))).Alerts ?? [];
  return alerts.some((a) => a.AlertType === "Failover Condition Met" && (a.Message ?? "").startsWith("secondary"));
}

interface Window {
  readonly share: number;
  readonly machineBusy: number;
  readonly secondaryFailing: boolean;
  readonly active: string | undefined;
}

async function measure(client: MediaLiveClient, channelId: string, seconds: number): Promise<Window> {
  const pid = workerPid(channelId);
  if (pid === undefined) throw new Error("no pipeline worker");
  const others = childrenOf(pid).filter((c) => !c.argv.includes("pipe:0"));
  if (others.length > 0) throw new Error(`the worker has children besides its encoder: ${JSON.stringify(others)}`);
  const machine0 = machineJiffies();
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const cpu1 = cpuSeconds(pid);
  const wall = (performance.now() - t0) / 1000;
  const machine1 = machineJiffies();
  if (workerPid(channelId) !== pid) throw new Error("the worker was replaced during the window");
  return {
    share: (cpu1 - cpu0) / wall,
    machineBusy: (machine1.busy - machine0.busy) / Math.max(1, machine1.total - machine0.total),
    secondaryFailing: await secondaryFailing(client, channelId),
    active: await activeAttachment(client, channelId),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: "string", default: "15" }, rounds: { type: "string", default: "3" } } });
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  work = makeTempDir("openlive-standby-bench-");
  const primaryFile = path.join(work, "primary-320x180.ts");
  const standbyFile = path.join(work, "standby-720p25-5M.ts");
  ffmpegFile(primaryFile, "320x180", 400, 64);
  ffmpegFile(standbyFile, "1280x720", 5_000, 128);
  const standbyBps = (statSync(standbyFile).size * 8) / SOURCE_SECONDS;
  console.log(`standby stream: 1280x720 25 fps H.264 5 Mbit/s CBR, GOP 50, + AAC 128k: ${(standbyBps / 1e6).toFixed(2)} Mbit/s of TS; primary: 320x180 400k + AAC 64k`);

  openlive = await startOpenlive({ ownPushPorts: true });
  const client = sdkClient(openlive);
  // EXAMPLE's 2 s GOP, 6 s segments and input-loss behaviour: only the worker's CPU is measured here.
  const { channelId, ...inputs } = await createFailoverChannel(client, {
    name: "standby-cost",
    isgId: await createIsgId(client),
    inputPrefix: "standby-bench",
    failover: { InputPreference: "PRIMARY_INPUT_PREFERRED", FailoverConditions: [inputLossCondition(LOSS_THRESHOLD_MS)] },
    outputUrls: [`file://${work}/out/live`],
    oneSecond: false,
  });

  startUpstream(primaryFile, inputs.primary.urls[0]!);
  await client.send(new StartChannelCommand({ ChannelId: channelId }));
  const deadline = Date.now() + 60_000;
  while ((await activeAttachment(client, channelId)) !== "primary" || workerPid(channelId) === undefined) {
    if (Date.now() > deadline) throw new Error("the channel did not go on air from the primary within 60 s");
    await sleep(500);
  }
  await sleep(SETTLE_MS);
  console.log(`worker pid ${workerPid(channelId)}; children: ${JSON.stringify(childrenOf(workerPid(channelId)!).map((c) => path.basename(c.argv[0] ?? "?")))}; ${os.cpus().length} CPUs, load ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}`);
  console.log(`window ${seconds} s, ${rounds} round(s) of (a) secondary silent, (b) secondary pushing; worker utime+stime as a share of one core`);

  const idle: Window[] = [];
  const busy: Window[] = [];
  for (let round = 1; round <= rounds; round++) {
    const a = await measure(client, channelId, seconds);
    idle.push(a);
    console.log(`  round ${round} (a) secondary silent:  worker ${pct(a.share)} of one core (machine ${pct(a.machineBusy)} busy; on air: ${a.active}; secondary failing: ${a.secondaryFailing})`);
    const secondary = startUpstream(standbyFile, inputs.secondary.urls[0]!);
    await sleep(SETTLE_MS);
    const b = await measure(client, channelId, seconds);
    busy.push(b);
    console.log(`  round ${round} (b) secondary pushing: worker ${pct(b.share)} of one core (machine ${pct(b.machineBusy)} busy; on air: ${b.active}; secondary failing: ${b.secondaryFailing})`);
    await killAndWait(secondary);
    await sleep(SETTLE_MS);
  }
  const problems = [
    ...[...idle, ...busy].filter((w) => w.active !== "primary").map(() => "the primary was not on air in every window"),
    ...idle.filter((w) => !w.secondaryFailing).map(() => "the silent secondary was not reported failing"),
    ...busy.filter((w) => w.secondaryFailing).map(() => "the pushing secondary was reported failing"),
  ];
  const mean = (windows: readonly Window[]): number => windows.reduce((sum, w) => sum + w.share, 0) / windows.length;
  const a = mean(idle);
  const b = mean(busy);
  const cost = b - a;
  const per5M = (cost * REFERENCE_BPS) / standbyBps;
  const differences = busy.map((w, i) => w.share - idle[i]!.share);
  console.log(`(a) secondary silent:  ${pct(a)} of one core (mean of ${idle.length}; min ${pct(Math.min(...idle.map((w) => w.share)))}, max ${pct(Math.max(...idle.map((w) => w.share)))})`);
  console.log(`(b) secondary pushing: ${pct(b)} of one core (mean of ${busy.length}; min ${pct(Math.min(...busy.map((w) => w.share)))}, max ${pct(Math.max(...busy.map((w) => w.share)))})`);
  console.log(`per round (b) − (a): ${differences.map(pct).join(", ")}`);
  console.log(`standby cost (b) − (a): ${pct(cost)} of one core for ${(standbyBps / 1e6).toFixed(2)} Mbit/s = ${pct(per5M)} per 5 Mbit/s; target ≤ ${pct(TARGET_SHARE_PER_5M)} → ${per5M <= TARGET_SHARE_PER_5M ? "MET" : "MISSED"}`);
  console.log(`ratio (b)/(a): ${(b / a).toFixed(2)}`);
  for (const problem of new Set(problems)) console.log(`WARNING: ${problem}`);
  await client.send(new StopChannelCommand({ ChannelId: channelId }));
}

async function cleanUp(): Promise<void> {
  await Promise.all([...children].map((child) => killAndWait(child)));
  await openlive?.stop();
  for (const dir of [work, openlive?.dataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
}

process.once("SIGINT", () => void cleanUp().then(() => process.exit(130)));
try {
  await main();
} finally {
  await cleanUp();
}
