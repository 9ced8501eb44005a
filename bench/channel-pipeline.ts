// Running channels, one run against the built service:
//   (a) StartChannel → first HLS segment at the destination, against segmentLength + 2 s;
//   (b) CPU and memory of one running 720p30 pipeline (worker process + its ffmpeg encoder)
//       against a bare ffmpeg doing the same encode (the pipeline's own ffmpeg arguments,
//       read from /proc) from the same source, in the same run; target ≤ 1.15× CPU;
//   (c) how many 720p30 single-rendition pipelines this machine keeps in real time.
// Every channel is SINGLE_PIPELINE on an RTP_PUSH input, one 1280x720 30 fps H.264 3 Mbit/s
// CBR + AAC 128k output (examples/channel-hls.json), segmentLength 2, file:// destination.
// Each upstream is `ffmpeg -re -stream_loop -1 -i <20 s 720p30 TS> -c copy -f rtp_mpegts`.
//
//   npm run build && node --import tsx bench/channel-pipeline.ts
//   node --import tsx bench/channel-pipeline.ts --only a,b --cpu-seconds 30 --max-channels 4

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  CreateChannelCommand,
  CreateInputCommand,
  DescribeChannelCommand,
  StartChannelCommand,
  StopChannelCommand,
  type MediaLiveClient,
} from "@aws-sdk/client-medialive";
import { EXAMPLE } from "../test/helpers/channel-fixtures.ts";
import { createIsgId } from "../test/helpers/channel-lifecycle.ts";
import { REPO_ROOT, startOpenlive } from "../test/helpers/openlive-process.ts";
import { sdkClient } from "../test/helpers/sdk.ts";
import { cmdline, descendants, pipelineWorkerPid, sampleUsage, type Usage } from "./proc-usage.ts";
import { BenchRun, killAndWait, runAsScript } from "./script-harness.ts";

const SEGMENT_LENGTH_S = 2;
/** (a) target: the first segment within segmentLength + 2 s. */
const FIRST_SEGMENT_TARGET_MS = (SEGMENT_LENGTH_S + 2) * 1000;
/** (b) target: pipeline CPU ≤ 1.15× the bare ffmpeg's. */
const CPU_RATIO_TARGET = 1.15;
/** (c) a pipeline keeps real time when it produces media at ≥ 0.98× the wall clock. */
const REALTIME_SPEED = 0.98;
/** Measurements start this long after the first segment: ffmpeg's probe backlog is encoded in a burst first. */
const WARM_UP_MS = 4_000;
const SEGMENT_POLL_MS = 50;
const VARIANT = "live_720p";
const SEGMENT_NAME = new RegExp(`^${VARIANT}_(\\d+)\\.ts$`);


const USAGE = `usage: node --import tsx bench/channel-pipeline.ts [--only a,b,c] [--repeats 3] [--cpu-seconds 20]
       [--window-seconds 15] [--max-channels 6] [--source-seconds 20] [--source-gop-frames 60]`;

// ---------------------------------------------------------------- cleanup

const children = new Set<ChildProcess>();
const channelIds: string[] = [];

function spawnTracked(command: string, args: readonly string[], stdio: ("ignore" | "pipe")[]): ChildProcess {
  const child = spawn(command, args, { stdio });
  children.add(child);
  child.on("error", () => undefined);
  child.once("exit", () => children.delete(child));
  return child;
}


/**
 * Clean-up: what this bench started (by pid), then openlive, then any pipeline process that
 * outlived it (workers exit when their IPC channel closes and ffmpeg when its stdin closes;
 * give them a moment, then make sure), then the temp folders.
 */
const run = new BenchRun({
  beforeStop: async () => {
    await Promise.all([...children].map((child) => killAndWait(child)));
  },
  afterStop: async () => {
    const deadline = Date.now() + 5_000;
    let left = leftoverPipelinePids();
    while (left.length > 0 && Date.now() < deadline) {
      await sleep(200);
      left = leftoverPipelinePids();
    }
    if (left.length > 0) {
      console.error(`warning: ${left.length} pipeline process(es) outlived openlive (pids ${left.join(", ")}); killing them`);
      for (const pid of left) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // gone meanwhile
        }
      }
    }
  },
});

function leftoverPipelinePids(): number[] {
  const pids: number[] = [];
  for (const id of channelIds) {
    const worker = pipelineWorkerPid(id);
    if (worker !== undefined) pids.push(worker, ...descendants(worker));
  }
  return pids;
}

// ---------------------------------------------------------------- small helpers

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(" ");
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;


// ---------------------------------------------------------------- HLS output

/** Segment files (complete: ffmpeg writes `.tmp` and renames) of the variant in `folder`, name → mtime ms. */
function segmentFiles(folder: string): Map<string, number> {
  const files = new Map<string, number>();
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return files;
  }
  for (const name of names) {
    if (!SEGMENT_NAME.test(name)) continue;
    try {
      files.set(name, statSync(path.join(folder, name)).mtimeMs);
    } catch {
      // deleted meanwhile (keepSegments)
    }
  }
  return files;
}

/** Polls `folder` every 50 ms until a segment that was not in `before` (or was rewritten) appears; resolves with performance.now(). */
async function waitForNewSegment(folder: string, before: ReadonlyMap<string, number>, timeoutMs: number): Promise<number> {
  return (await waitForNewSegmentNamed(folder, before, timeoutMs)).at;
}

async function waitForNewSegmentNamed(folder: string, before: ReadonlyMap<string, number>, timeoutMs: number): Promise<{ at: number; name: string }> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    for (const [name, mtime] of segmentFiles(folder)) {
      const old = before.get(name);
      if (old === undefined || mtime > old) return { at: performance.now(), name };
    }
    if (performance.now() > deadline) throw new Error(`no new segment in ${folder} within ${timeoutMs} ms`);
    await sleep(SEGMENT_POLL_MS);
  }
}

/** EXTINF duration of every segment the variant playlist lists. */
function segmentDurations(folder: string): Map<string, number> {
  const durations = new Map<string, number>();
  let text: string;
  try {
    text = readFileSync(path.join(folder, `${VARIANT}.m3u8`), "utf8");
  } catch {
    return durations;
  }
  let pending: number | undefined;
  for (const line of text.split("\n")) {
    const extinf = /^#EXTINF:([\d.]+)/.exec(line);
    if (extinf) pending = Number(extinf[1]);
    else if (pending !== undefined && line.trim() && !line.startsWith("#")) {
      durations.set(line.trim(), pending);
      pending = undefined;
    }
  }
  return durations;
}

interface Production {
  /** Segments completed in the window. */
  readonly segments: number;
  /** Media seconds produced per wall second between the first and the last segment completed in the window. */
  readonly speed: number;
}

/**
 * Real-time check from segment production: the segments completed since `before`, their
 * EXTINF durations and the mtimes at which ffmpeg finished them. Between the first and the
 * last of them, an encoder keeping real time produces one media second per wall second.
 */
function productionSince(folder: string, before: ReadonlyMap<string, number>): Production {
  const durations = segmentDurations(folder);
  const fresh = [...segmentFiles(folder)]
    .filter(([name, mtime]) => before.get(name) === undefined || mtime > before.get(name)!)
    .map(([name, mtime]) => ({ number: Number(SEGMENT_NAME.exec(name)![1]), name, mtime }))
    .sort((a, b) => a.number - b.number);
  if (fresh.length < 2) return { segments: fresh.length, speed: 0 };
  const media = fresh.slice(1).reduce((sum, segment) => sum + (durations.get(segment.name) ?? SEGMENT_LENGTH_S), 0);
  const wall = (fresh.at(-1)!.mtime - fresh[0]!.mtime) / 1000;
  return { segments: fresh.length, speed: wall > 0 ? media / wall : 0 };
}

// ---------------------------------------------------------------- media

/** A 720p30 H.264 + AAC MPEG-TS file: the upstreams loop it with -c copy, the baseline encodes it. */
function makeSource(file: string, seconds: number, gopFrames: number): void {
  const result = spawnSync(
    "ffmpeg",
    [
      "-hide_banner", "-loglevel", "error", "-y",
      "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
      "-t", String(seconds),
      "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-b:v", "4M", "-maxrate", "4M", "-bufsize", "8M",
      "-g", String(gopFrames), "-keyint_min", String(gopFrames), "-sc_threshold", "0",
      "-c:a", "aac", "-b:a", "128k", "-ac", "2",
      "-f", "mpegts", file,
    ],
    { encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`ffmpeg could not make the source file: ${result.stderr}`);
}

interface Upstream {
  readonly child: ChildProcess;
  stderr: string;
}

function startUpstream(source: string, url: string): Upstream {
  const child = spawnTracked("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-stream_loop", "-1", "-i", source, "-c", "copy", "-f", "rtp_mpegts", url], ["ignore", "ignore", "pipe"]);
  const upstream: Upstream = { child, stderr: "" };
  child.stderr!.on("data", (chunk: Buffer) => (upstream.stderr = (upstream.stderr + chunk.toString()).slice(-2000)));
  return upstream;
}

function checkUpstream(upstream: Upstream, what: string): void {
  if (upstream.child.exitCode !== null || upstream.child.signalCode !== null) throw new Error(`${what} exited (${upstream.child.exitCode ?? upstream.child.signalCode}): ${upstream.stderr}`);
}

// ---------------------------------------------------------------- channels

interface BenchChannel {
  readonly id: string;
  readonly endpoint: string;
  /** Folder of the file:// destination. */
  readonly folder: string;
  readonly inputClass: string;
}

async function createChannel(client: MediaLiveClient, isgId: string, index: number, outRoot: string): Promise<BenchChannel> {
  const input = await client.send(new CreateInputCommand({ Name: `bench-rtp-${index}`, Type: "RTP_PUSH", InputSecurityGroups: [isgId] }));
  const folder = path.join(outRoot, `channel${index}`);
  const channel = JSON.parse(EXAMPLE) as Record<string, any>;
  channel.Name = `bench-720p-${index}`;
  channel.ChannelClass = "SINGLE_PIPELINE";
  channel.InputAttachments[0].InputId = input.Input!.Id;
  channel.Destinations[0].Settings = [{ Url: `file://${folder}/live` }];
  channel.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.SegmentLength = SEGMENT_LENGTH_S;
  const created = await client.send(new CreateChannelCommand(channel));
  const id = created.Channel!.Id!;
  channelIds.push(id);
  return { id, endpoint: input.Input!.Destinations![0]!.Url!, folder, inputClass: input.Input!.InputClass ?? "?" };
}

async function waitForState(client: MediaLiveClient, channelId: string, state: string, timeoutMs = 60_000, everyMs = 200): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const described = await client.send(new DescribeChannelCommand({ ChannelId: channelId }));
    if (described.State === state) return performance.now();
    if (performance.now() > deadline) throw new Error(`channel ${channelId} not ${state} within ${timeoutMs} ms (state ${described.State})`);
    await sleep(everyMs);
  }
}

async function stopChannels(client: MediaLiveClient, channels: readonly BenchChannel[]): Promise<void> {
  await Promise.all(channels.map((channel) => client.send(new StopChannelCommand({ ChannelId: channel.id }))));
  await Promise.all(channels.map((channel) => waitForState(client, channel.id, "IDLE")));
}

/** The pipeline's processes by role: its worker and the worker's children (the ffmpeg encoder, and any short-lived helper). */
function pipelineProcesses(channelId: string): Map<string, number[]> {
  const worker = pipelineWorkerPid(channelId);
  if (worker === undefined) return new Map();
  return new Map([
    ["worker", [worker]],
    ["encoder", descendants(worker)],
  ]);
}

function encoderPid(channelId: string): number | undefined {
  const worker = pipelineWorkerPid(channelId);
  if (worker === undefined) return undefined;
  return descendants(worker).find((pid) => {
    const argv = cmdline(pid);
    return path.basename(argv[0] ?? "") === "ffmpeg" && argv.includes("pipe:0");
  });
}

// ---------------------------------------------------------------- (a) start → first segment

interface StartTiming {
  readonly firstSegmentMs: number;
  readonly runningMs: number | undefined;
  /** When the worker process and its ffmpeg encoder were first seen in /proc (polled every 50 ms). */
  readonly workerMs: number | undefined;
  readonly encoderMs: number | undefined;
  /** EXTINF of that first segment, s. */
  readonly firstSegmentSeconds: number | undefined;
  /** performance.now() when the first segment appeared. */
  readonly firstSegmentAt: number;
}

async function timeStart(client: MediaLiveClient, channel: BenchChannel): Promise<StartTiming> {
  const before = segmentFiles(channel.folder);
  const started = performance.now();
  await client.send(new StartChannelCommand({ ChannelId: channel.id }));
  let runningAt: number | undefined;
  const running = waitForState(client, channel.id, "RUNNING", 60_000, 100).then(
    (at) => (runningAt = at),
    () => undefined, // reported as "RUNNING after ? ms"
  );
  let workerAt: number | undefined;
  let encoderAt: number | undefined;
  let watching = true;
  const watch = (async () => {
    while (watching && encoderAt === undefined) {
      if (workerAt === undefined && pipelineWorkerPid(channel.id) !== undefined) workerAt = performance.now();
      if (workerAt !== undefined && encoderPid(channel.id) !== undefined) encoderAt = performance.now();
      await sleep(SEGMENT_POLL_MS);
    }
  })();
  const { at: firstSegmentAt, name } = await waitForNewSegmentNamed(channel.folder, before, 60_000);
  watching = false;
  await Promise.all([running, watch]);
  let firstSegmentSeconds: number | undefined;
  for (let i = 0; i < 20 && firstSegmentSeconds === undefined; i++) {
    firstSegmentSeconds = segmentDurations(channel.folder).get(name);
    if (firstSegmentSeconds === undefined) await sleep(SEGMENT_POLL_MS);
  }
  const since = (at: number | undefined): number | undefined => (at === undefined ? undefined : at - started);
  return { firstSegmentMs: firstSegmentAt - started, runningMs: since(runningAt), workerMs: since(workerAt), encoderMs: since(encoderAt), firstSegmentSeconds, firstSegmentAt };
}

async function benchStart(client: MediaLiveClient, channel: BenchChannel, source: string, repeats: number): Promise<StartTiming> {
  console.log(`\n(a) StartChannel → first segment file at the destination (upstream pushing before start; folder polled every ${SEGMENT_POLL_MS} ms)`);
  const upstream = startUpstream(source, channel.endpoint);
  await sleep(1_500);
  checkUpstream(upstream, "the upstream ffmpeg");
  const timings: StartTiming[] = [];
  for (let i = 1; i <= repeats; i++) {
    if (i > 1) await stopChannels(client, [channel]);
    const timing = await timeStart(client, channel);
    timings.push(timing);
    const ratio = timing.firstSegmentMs / FIRST_SEGMENT_TARGET_MS;
    console.log(
      `  start ${i}: first segment after ${timing.firstSegmentMs.toFixed(0)} ms = ${ratio.toFixed(2)}× segmentLength + 2 s (${FIRST_SEGMENT_TARGET_MS} ms)` +
        ` (worker process seen after ${timing.workerMs?.toFixed(0) ?? "?"} ms, its ffmpeg after ${timing.encoderMs?.toFixed(0) ?? "?"} ms, RUNNING after ${timing.runningMs?.toFixed(0) ?? "?"} ms; the segment's EXTINF ${timing.firstSegmentSeconds?.toFixed(3) ?? "?"} s)`,
    );
  }
  checkUpstream(upstream, "the upstream ffmpeg");
  const med = median(timings.map((t) => t.firstSegmentMs));
  console.log(
    `  median of ${repeats}: ${med.toFixed(0)} ms = ${(med / FIRST_SEGMENT_TARGET_MS).toFixed(2)}× the target of ${FIRST_SEGMENT_TARGET_MS} ms → ${med <= FIRST_SEGMENT_TARGET_MS ? "MET" : "MISSED"}` +
      ` (median RUNNING after ${median(timings.map((t) => t.runningMs ?? Number.NaN)).toFixed(0)} ms; MediaLive's ChannelRunning waiter allows 10 minutes)`,
  );
  // The channel stays RUNNING on its upstream for (b).
  return timings.at(-1)!;
}

// ---------------------------------------------------------------- (b) CPU and memory against bare ffmpeg

function printUsage(label: string, usage: Usage): void {
  const roles = Object.entries(usage.cpu)
    .map(([role, value]) => `${role} ${value.toFixed(3)}`)
    .join(" + ");
  const rssRoles = Object.entries(usage.rss)
    .map(([role, value]) => `${role} ${mib(value)}`)
    .join(" + ");
  console.log(`  ${label}: CPU ${usage.cpuTotal.toFixed(3)} s/s${roles.includes("+") ? ` (${roles})` : ""}; RSS mean ${mib(usage.rssMean)}, peak ${mib(usage.rssPeak)}${rssRoles.includes("+") ? ` (${rssRoles})` : ""}; machine ${(usage.machineBusy * 100).toFixed(0)} % busy${usage.pidSetChanged ? "; WARNING: a process started during the window" : ""}`);
}

async function benchCpu(client: MediaLiveClient, channel: BenchChannel, source: string, firstSegmentAt: number, seconds: number, baselineRoot: string, dataDir: string): Promise<void> {
  console.log(
    `\n(b) CPU and memory of one running 720p30 pipeline against a bare ffmpeg with the same arguments from the same source, both sampled from /proc` +
      ` every second over the same ${seconds} s (both running, so both see the same machine), from ${WARM_UP_MS / 1000} s after each one's first segment`,
  );
  const pushing = [...children].find((child) => cmdline(child.pid ?? 0).includes(channel.endpoint));
  await sleep(firstSegmentAt + WARM_UP_MS - performance.now());
  const ffmpegPid = encoderPid(channel.id);
  if (ffmpegPid === undefined) throw new Error(`no ffmpeg encoder under the worker of channel ${channel.id}`);
  const encoderArgs = cmdline(ffmpegPid).slice(1);

  // The same encode from the same file: the pipeline's arguments with `-i pipe:0` → `-re -stream_loop -1 -i <file>`,
  // its HLS output and thumbnail in another folder; -progress goes to a pipe this bench drains, as the worker does.
  const baselineOut = path.join(baselineRoot, "out");
  const baselineWork = path.join(baselineRoot, "work");
  mkdirSync(baselineOut, { recursive: true });
  const inputAt = encoderArgs.findIndex((arg, i) => arg === "-i" && encoderArgs[i + 1] === "pipe:0");
  if (inputAt < 0) throw new Error(`the encoder's arguments have no "-i pipe:0": ${encoderArgs.join(" ")}`);
  const baselineArgs = [...encoderArgs.slice(0, inputAt), "-re", "-stream_loop", "-1", "-i", source, ...encoderArgs.slice(inputAt + 2)].map((arg) =>
    arg.split(channel.folder).join(baselineOut).split(dataDir).join(baselineWork),
  );
  const stray = baselineArgs.filter((arg) => arg.includes(channel.folder) || arg.includes(dataDir));
  if (stray.length > 0) throw new Error(`baseline arguments still point into the pipeline's folders: ${stray.join(" ")}`);
  for (const arg of baselineArgs) if (arg.startsWith(baselineWork)) mkdirSync(path.dirname(arg), { recursive: true });
  const progressFd = /^pipe:(\d+)$/.exec(baselineArgs[baselineArgs.indexOf("-progress") + 1] ?? "")?.[1];
  const stdio: ("ignore" | "pipe")[] = ["ignore", "ignore", "pipe"];
  while (progressFd !== undefined && stdio.length <= Number(progressFd)) stdio.push("pipe");
  const bare = spawnTracked("ffmpeg", baselineArgs, stdio);
  let bareStderr = "";
  bare.stderr!.on("data", (chunk: Buffer) => (bareStderr = (bareStderr + chunk.toString()).slice(-2000)));
  if (progressFd !== undefined) bare.stdio[Number(progressFd)]?.on("data", () => undefined);
  const baselineStarted = await waitForNewSegment(baselineOut, new Map(), 30_000).catch((error: Error) => {
    throw new Error(`${error.message}; bare ffmpeg: ${bareStderr}`);
  });
  await sleep(baselineStarted + WARM_UP_MS - performance.now());

  const pipelineBefore = segmentFiles(channel.folder);
  const baselineBefore = segmentFiles(baselineOut);
  const servicePid = run.openlive!.child.pid!;
  const [pipeline, baseline, service, upstream] = await Promise.all([
    sampleUsage(() => pipelineProcesses(channel.id), seconds),
    sampleUsage(() => new Map([["ffmpeg", [bare.pid!]]]), seconds),
    sampleUsage(() => new Map([["service", [servicePid]]]), seconds),
    sampleUsage(() => new Map([["upstream", pushing?.pid ? [pushing.pid] : []]]), seconds),
  ]);
  const pipelineProduction = productionSince(channel.folder, pipelineBefore);
  const baselineProduction = productionSince(baselineOut, baselineBefore);
  if (bare.exitCode !== null || bare.signalCode !== null) throw new Error(`the bare ffmpeg exited during the measurement: ${bareStderr}`);
  const stillSameEncoder = encoderPid(channel.id) === ffmpegPid;
  await Promise.all([stopChannels(client, [channel]), killAndWait(bare), pushing ? killAndWait(pushing) : Promise.resolve()]);

  printUsage("pipeline (worker + its ffmpeg)", pipeline);
  printUsage("bare ffmpeg, same arguments   ", baseline);
  console.log(`  not counted: the service process ${service.cpuTotal.toFixed(3)} s/s, RSS ${mib(service.rssMean)}; the upstream (ffmpeg -c copy → RTP) ${upstream.cpuTotal.toFixed(3)} s/s`);
  console.log(
    `  media produced per wall second over the window (segments): pipeline ${pipelineProduction.speed.toFixed(3)}× (${pipelineProduction.segments}), bare ffmpeg ${baselineProduction.speed.toFixed(3)}× (${baselineProduction.segments})` +
      `${stillSameEncoder ? "" : "; WARNING: the pipeline's ffmpeg was restarted during the window"}`,
  );
  const rawRatio = pipeline.cpuTotal / baseline.cpuTotal;
  // An encoder that fell behind real time did less work per wall second: compare CPU per media second encoded.
  const perMedia = (usage: Usage, production: Production): number => (production.speed > 0 ? usage.cpuTotal / production.speed : Number.NaN);
  const pipelinePerMedia = perMedia(pipeline, pipelineProduction);
  const baselinePerMedia = perMedia(baseline, baselineProduction);
  const ratio = pipelinePerMedia / baselinePerMedia;
  const behind = Math.min(pipelineProduction.speed, baselineProduction.speed) < REALTIME_SPEED;
  console.log(`  CPU seconds per media second: pipeline ${pipelinePerMedia.toFixed(3)}, bare ffmpeg ${baselinePerMedia.toFixed(3)}`);
  console.log(
    `  CPU ratio pipeline/bare ffmpeg: ${ratio.toFixed(3)}× per media second, ${rawRatio.toFixed(3)}× per wall second (target ≤ ${CPU_RATIO_TARGET}×) → ${ratio <= CPU_RATIO_TARGET ? "MET" : "MISSED"}` +
      `; of it the pipeline's ffmpeg ${((pipeline.cpu.encoder ?? 0) / baseline.cpuTotal).toFixed(3)}× and the worker ${((pipeline.cpu.worker ?? 0) / baseline.cpuTotal).toFixed(3)}× (per wall second)` +
      `${behind ? "; note: an encoder fell below real time in the window (machine too busy), read the per-media-second ratio" : ""}`,
  );
  console.log(`  memory ratio pipeline/bare ffmpeg (mean RSS): ${(pipeline.rssMean / baseline.rssMean).toFixed(2)}× (${mib(pipeline.rssMean)} against ${mib(baseline.rssMean)})`);
  console.log(`  encoder arguments (the pipeline's, from /proc/${ffmpegPid}/cmdline): ffmpeg ${encoderArgs.join(" ")}`);
}

// ---------------------------------------------------------------- (c) pipelines kept in real time

async function benchCapacity(client: MediaLiveClient, channels: readonly BenchChannel[], source: string, windowSeconds: number): Promise<void> {
  const expected = windowSeconds / SEGMENT_LENGTH_S;
  console.log(
    `\n(c) 720p30 single-rendition pipelines kept in real time: N channels at once, each on its own looped upstream; a pipeline keeps real time when` +
      ` it produces ≥ ${REALTIME_SPEED}× media seconds per wall second over ${windowSeconds} s (segment EXTINF durations against the times ffmpeg finished them;` +
      ` ${expected.toFixed(1)} segments expected), measured from ${WARM_UP_MS / 1000} s after every channel's first segment`,
  );
  let sustained = 0;
  let perPipelineAlone: number | undefined;
  for (let n = 1; n <= channels.length; n++) {
    const active = channels.slice(0, n);
    const upstreams = active.map((channel) => startUpstream(source, channel.endpoint));
    let ok = true;
    try {
      await sleep(1_000);
      upstreams.forEach((upstream, i) => checkUpstream(upstream, `upstream ${i + 1}`));
      const befores = active.map((channel) => segmentFiles(channel.folder));
      await Promise.all(active.map((channel) => client.send(new StartChannelCommand({ ChannelId: channel.id }))));
      const firsts = await Promise.all(active.map((channel, i) => waitForNewSegment(channel.folder, befores[i]!, 45_000)));
      await sleep(Math.max(...firsts) + WARM_UP_MS - performance.now());
      const windowBefore = active.map((channel) => segmentFiles(channel.folder));
      const servicePid = run.openlive!.child.pid!;
      const [usage, others] = await Promise.all([
        sampleUsage(() => {
          const roles = new Map<string, number[]>([["worker", []], ["encoder", []]]);
          for (const channel of active) for (const [role, pids] of pipelineProcesses(channel.id)) roles.get(role)!.push(...pids);
          return roles;
        }, windowSeconds),
        sampleUsage(() => new Map([["service", [servicePid]], ["upstreams", upstreams.map((u) => u.child.pid!)]]), windowSeconds),
      ]);
      const cpus = os.cpus().length;
      const outside = Math.max(0, usage.machineBusy * cpus - usage.cpuTotal - others.cpuTotal);
      const productions = active.map((channel, i) => productionSince(channel.folder, windowBefore[i]!));
      const states = await Promise.all(active.map(async (channel) => (await client.send(new DescribeChannelCommand({ ChannelId: channel.id }))).State));
      if (n === 1) perPipelineAlone = usage.cpuTotal;
      ok = productions.every((p) => p.speed >= REALTIME_SPEED) && states.every((state) => state === "RUNNING");
      const speeds = productions.map((p) => `${p.speed.toFixed(3)}×/${p.segments}`).join(" ");
      console.log(
        `  N=${n}: ${ok ? "real time" : "NOT real time"} — speed/segments per channel: ${speeds}; states ${[...new Set(states)].join(",")}` +
          `; pipelines' CPU ${usage.cpuTotal.toFixed(2)} s/s (${(usage.cpuTotal / n).toFixed(2)} per pipeline), service + upstreams ${others.cpuTotal.toFixed(2)} s/s,` +
          ` machine ${(usage.machineBusy * 100).toFixed(0)} % busy (≈ ${outside.toFixed(2)} CPU s/s of work outside this bench), load ${loadAverage()}`,
      );
    } catch (error) {
      ok = false;
      console.log(`  N=${n}: NOT real time — ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await stopChannels(client, active);
      await Promise.all(upstreams.map((upstream) => killAndWait(upstream.child)));
    }
    if (!ok) break;
    sustained = n;
  }
  console.log(
    `  largest N kept in real time: ${sustained}${sustained === channels.length ? ` (the cap of this run; more may fit)` : ""} on ${os.cpus().length} CPUs` +
      ` (other work on a shared machine takes its share: see "machine % busy" against the pipelines' CPU)`,
  );
  if (perPipelineAlone) {
    console.log(`  CPU bound on an otherwise idle machine: ${os.cpus().length} CPUs / ${perPipelineAlone.toFixed(2)} CPU s/s of one pipeline ≈ ${(os.cpus().length / perPipelineAlone).toFixed(1)} pipelines (an estimate, not measured)`);
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        only: { type: "string", default: "a,b,c" },
        repeats: { type: "string", default: "3" },
        "cpu-seconds": { type: "string", default: "20" },
        "window-seconds": { type: "string", default: "15" },
        "max-channels": { type: "string", default: "6" },
        "source-seconds": { type: "string", default: "20" },
        "source-gop-frames": { type: "string", default: "60" },
      },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const parts = new Set(values.only!.split(","));
  const repeats = Number(values.repeats);
  const cpuSeconds = Number(values["cpu-seconds"]);
  const windowSeconds = Number(values["window-seconds"]);
  const maxChannels = Number(values["max-channels"]);
  const gopFrames = Number(values["source-gop-frames"]);
  if (![repeats, cpuSeconds, windowSeconds, maxChannels, gopFrames].every((v) => Number.isInteger(v) && v > 0) || [...parts].some((p) => !["a", "b", "c"].includes(p))) {
    console.error(USAGE);
    return 2;
  }
  if (!existsSync(path.join(REPO_ROOT, "dist", "cli.js"))) {
    console.error("openlive is not built: run `npm run build` (or ./scripts/install.sh) first, then rerun this bench.");
    return 2;
  }
  const runStarted = performance.now();
  const root = run.tempDir("openlive-bench-pipeline-");
  const source = path.join(root, "source.ts");
  makeSource(source, Number(values["source-seconds"]), gopFrames);
  console.log(
    `source: ${values["source-seconds"]} s of 1280x720 30 fps H.264 (x264 veryfast, 4 Mbit/s, GOP ${gopFrames} frames) + AAC 128k stereo 48 kHz, ${(statSync(source).size / 1e6).toFixed(1)} MB of MPEG-TS;` +
      ` each upstream: ffmpeg -re -stream_loop -1 -i source.ts -c copy -f rtp_mpegts rtp://<endpoint>`,
  );
  console.log(`channels: SINGLE_PIPELINE, RTP_PUSH input, one 1280x720 30 fps H.264 3 Mbit/s CBR + AAC 128k output, segmentLength ${SEGMENT_LENGTH_S}, file:// destination`);
  console.log(`machine: ${os.cpus().length} CPUs, node ${process.version}, ${spawnSync("ffmpeg", ["-version"], { encoding: "utf8" }).stdout.split("\n")[0]}; load average ${loadAverage()} at the start`);

  const dataDir = path.join(root, "data");
  mkdirSync(dataDir);
  // Log level info (the helper's): the "listening" line it waits for is an info line. Push endpoints from a random
  // high range, not the default 5000–5999 that other openlive instances on a shared machine use.
  const portBase = 20_000 + 200 * Math.floor(Math.random() * 100);
  const openlive = await startOpenlive({ dataDir, startTimeoutMs: 30_000, extraArgs: ["--push-port-range", `${portBase}-${portBase + 199}`] });
  run.openlive = openlive;
  const client = sdkClient(openlive);
  const isgId = await createIsgId(client);
  const channelCount = parts.has("c") ? maxChannels : 1;
  const channels: BenchChannel[] = [];
  for (let i = 1; i <= channelCount; i++) channels.push(await createChannel(client, isgId, i, path.join(root, "out")));
  console.log(`note: the RTP_PUSH inputs are of class ${[...new Set(channels.map((c) => c.inputClass))].join(",")} (two endpoints; the SINGLE_PIPELINE channels use the first)`);

  const first = channels[0]!;
  if (parts.has("a") || parts.has("b")) {
    const start = parts.has("a") ? await benchStart(client, first, source, repeats) : await benchStart(client, first, source, 1);
    if (parts.has("b")) await benchCpu(client, first, source, start.firstSegmentAt, cpuSeconds, path.join(root, "baseline"), dataDir);
    else {
      await stopChannels(client, [first]);
      await Promise.all([...children].map((child) => killAndWait(child)));
    }
  }
  if (parts.has("c")) await benchCapacity(client, channels, source, windowSeconds);
  console.log(`\nload average ${loadAverage()} at the end; the run took ${((performance.now() - runStarted) / 1000).toFixed(0)} s`);
  return 0;
}

runAsScript({ moduleUrl: import.meta.url, run, main, onInterrupt: "stopping openlive, its pipelines and the ffmpeg processes of this bench" });
