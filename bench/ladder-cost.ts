// CPU cost of openlive's encoder on MediaLive's console ladder, against the plain ffmpeg
// command a person would write for the same ladder. Target: openlive ≤ 1.10× the plain command.
//
// The ladder is the one MediaLive's console writes into its HLS output group template: nine
// H.264 renditions from 1920x1080 8 Mb/s down to 416x236 200 kb/s (CBR, veryfast-class
// settings as the template sets them: profile, GOP, B-frames, references, look-ahead), each
// with its own AAC description (three settings: 64, 96 and 128 kb/s), in one HLS group with
// 6 s segments. The input is a 1080p29.97 H.264 + AAC TS made with testsrc2 (not measured).
//
//   (a) openlive: planEncoder's arguments for that channel, the TS file written into ffmpeg's
//       stdin as the pipeline worker feeds it (as fast as ffmpeg reads it), writing HLS (nine
//       tee slaves), the progress stream and the thumbnail;
//   (b) plain: `ffmpeg -i in.ts -filter_complex "split=9, scale each" -map … -c:v libx264 …`
//       with the same x264 options per rendition, the three AAC encodes, and `-f null`.
//
// Each run's CPU time is user + sys of the ffmpeg child (cutime + cstime of this process,
// /proc/self/stat, read before and after the waited-for child), in alternating rounds.
//
//   node --import tsx bench/ladder-cost.ts [--seconds 3] [--rounds 2]

import { spawn, spawnSync } from "node:child_process";
import { createReadStream, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { ChannelConfig } from "../src/domain/channels/channel-config.ts";
import { planEncoder } from "../src/output/encoder/encoder-plan.ts";
import { minimalHls } from "../test/helpers/minimal-channel.ts";
import { ffmpegSync } from "../test/helpers/ts-file.ts";
import { BenchRun, runAsScript } from "./script-harness.ts";

const TARGET_RATIO = 1.1;
/** Clock ticks per second of /proc times (USER_HZ). */
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
const X264_PRESET = "veryfast";

interface Rung {
  readonly width: number;
  readonly height: number;
  readonly bitrateBps: number;
  readonly profile: "BASELINE" | "MAIN" | "HIGH";
  readonly level: string;
  readonly frameRate: readonly [num: number, den: number];
  readonly gopFrames: number;
  readonly bFrames: number;
  readonly entropy: "CABAC" | "CAVLC";
  readonly bReference: boolean;
  readonly audioBps: number;
}

/** MediaLive console's HLS template, as exported (all: CBR, 1 reference frame, look-ahead HIGH, AQ HIGH, sub-GOP FIXED). */
const CONSOLE_LADDER: readonly Rung[] = [
  { width: 960, height: 540, bitrateBps: 2_200_000, profile: "HIGH", level: "H264_LEVEL_4_1", frameRate: [30000, 1001], gopFrames: 60, bFrames: 3, entropy: "CABAC", bReference: true, audioBps: 96_000 },
  { width: 1280, height: 720, bitrateBps: 3_300_000, profile: "HIGH", level: "H264_LEVEL_4_1", frameRate: [30000, 1001], gopFrames: 60, bFrames: 3, entropy: "CABAC", bReference: true, audioBps: 96_000 },
  { width: 1280, height: 720, bitrateBps: 4_700_000, profile: "HIGH", level: "H264_LEVEL_4_1", frameRate: [30000, 1001], gopFrames: 60, bFrames: 3, entropy: "CABAC", bReference: true, audioBps: 128_000 },
  { width: 1280, height: 720, bitrateBps: 6_200_000, profile: "HIGH", level: "H264_LEVEL_4_1", frameRate: [30000, 1001], gopFrames: 60, bFrames: 3, entropy: "CABAC", bReference: true, audioBps: 128_000 },
  { width: 1920, height: 1080, bitrateBps: 8_000_000, profile: "HIGH", level: "H264_LEVEL_4_1", frameRate: [30000, 1001], gopFrames: 60, bFrames: 1, entropy: "CABAC", bReference: false, audioBps: 128_000 },
  { width: 416, height: 236, bitrateBps: 200_000, profile: "BASELINE", level: "H264_LEVEL_3", frameRate: [15000, 1001], gopFrames: 30, bFrames: 0, entropy: "CAVLC", bReference: false, audioBps: 64_000 },
  { width: 480, height: 272, bitrateBps: 400_000, profile: "BASELINE", level: "H264_LEVEL_3", frameRate: [15000, 1001], gopFrames: 30, bFrames: 0, entropy: "CAVLC", bReference: false, audioBps: 64_000 },
  { width: 640, height: 360, bitrateBps: 800_000, profile: "MAIN", level: "H264_LEVEL_3", frameRate: [30000, 1001], gopFrames: 60, bFrames: 3, entropy: "CABAC", bReference: true, audioBps: 64_000 },
  { width: 768, height: 432, bitrateBps: 1_200_000, profile: "MAIN", level: "H264_LEVEL_4_1", frameRate: [30000, 1001], gopFrames: 60, bFrames: 3, entropy: "CABAC", bReference: true, audioBps: 96_000 },
];
const LOOKAHEAD_HIGH_FRAMES = 40;

/** The minimal channel with the console template's ladder (CONSOLE_LADDER) in its one HLS group. */
function ladderChannel(): ChannelConfig {
  const config = minimalHls();
  const audioNames = CONSOLE_LADDER.map((rung, i) => `audio_${(i % 3) + 1}_aac${rung.audioBps / 1000}`);
  config.encoderSettings.videoDescriptions = CONSOLE_LADDER.map((rung) => ({
    name: `video_${rung.width}_${rung.height}_${rung.bitrateBps}`,
    width: rung.width,
    height: rung.height,
    scalingBehavior: "DEFAULT",
    codecSettings: {
      h264Settings: {
        adaptiveQuantization: "HIGH",
        bitrate: rung.bitrateBps,
        entropyEncoding: rung.entropy,
        framerateControl: "SPECIFIED",
        framerateNumerator: rung.frameRate[0],
        framerateDenominator: rung.frameRate[1],
        gopBReference: rung.bReference ? "ENABLED" : "DISABLED",
        gopClosedCadence: 1,
        gopNumBFrames: rung.bFrames,
        gopSize: rung.gopFrames,
        gopSizeUnits: "FRAMES",
        level: rung.level,
        lookAheadRateControl: "HIGH",
        numRefFrames: 1,
        parControl: "INITIALIZE_FROM_SOURCE",
        profile: rung.profile,
        rateControlMode: "CBR",
        sceneChangeDetect: "ENABLED",
        spatialAq: "ENABLED",
        subgopLength: "FIXED",
        temporalAq: "ENABLED",
      },
    },
  }));
  config.encoderSettings.audioDescriptions = [...new Set(audioNames)].map((name) => ({
    name,
    audioSelectorName: "default",
    audioTypeControl: "FOLLOW_INPUT",
    languageCodeControl: "FOLLOW_INPUT",
    codecSettings: { aacSettings: { bitrate: Number(/aac(\d+)$/.exec(name)![1]) * 1000, rawFormat: "NONE", spec: "MPEG4" } },
  }));
  const group = config.encoderSettings.outputGroups[0];
  group.outputGroupSettings.hlsGroupSettings = { ...group.outputGroupSettings.hlsGroupSettings, segmentLength: 6, indexNSegments: 10, keepSegments: 21 };
  group.outputs = CONSOLE_LADDER.map((rung, i) => ({
    outputName: `${rung.width}x${rung.height}_${rung.bitrateBps / 1000}k`,
    videoDescriptionName: config.encoderSettings.videoDescriptions[i].name,
    audioDescriptionNames: [audioNames[i]],
    outputSettings: { hlsOutputSettings: { nameModifier: `_${rung.width}x${rung.height}_${rung.bitrateBps / 1000}k`, hlsSettings: { standardHlsSettings: { m3u8Settings: { pmtPid: "480", videoPid: "481", audioPids: "492-498" } } } } },
  }));
  return config as unknown as ChannelConfig;
}

function openliveArgs(dir: string): readonly string[] {
  const folder = path.join(dir, "hls");
  mkdirSync(folder, { recursive: true });
  const plan = planEncoder({
    config: ladderChannel(),
    pipelineIndex: 0,
    fed: { videoCodec: "H264", width: 1920, height: 1080, frameRate: { num: 30000, den: 1001 }, audioSelectorNames: ["default"] },
    destinations: new Map([["hls", { kind: "file", folder, baseName: "index" }]]),
    thumbnailFile: path.join(dir, "thumb.jpg"),
  });
  if (plan.warnings.length > 0) console.log(`plan warnings:\n  ${plan.warnings.join("\n  ")}`);
  return plan.args;
}

/** The plain command: one split + scale per rung, the same x264 options, three AAC encodes, no muxing. */
function plainArgs(input: string): string[] {
  const pads = CONSOLE_LADDER.map((_, i) => `[s${i}]`).join("");
  const chains = CONSOLE_LADDER.map((rung, i) => `[s${i}]fps=${rung.frameRate[0]}/${rung.frameRate[1]},scale=${rung.width}:${rung.height}[o${i}]`);
  const args = ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", input, "-filter_complex", `[0:v]split=${CONSOLE_LADDER.length}${pads};${chains.join(";")}`];
  CONSOLE_LADDER.forEach((rung, i) => {
    const b = String(rung.bitrateBps);
    args.push("-map", `[o${i}]`, `-c:v:${i}`, "libx264", `-preset:v:${i}`, X264_PRESET, `-profile:v:${i}`, rung.profile.toLowerCase());
    args.push(`-b:v:${i}`, b, `-maxrate:v:${i}`, b, `-bufsize:v:${i}`, String(2 * rung.bitrateBps), `-g:v:${i}`, String(rung.gopFrames), `-bf:v:${i}`, String(rung.bFrames), `-refs:v:${i}`, "1");
    args.push(`-rc-lookahead:v:${i}`, String(LOOKAHEAD_HIGH_FRAMES), `-coder:v:${i}`, rung.entropy.toLowerCase(), `-x264-params:v:${i}`, "nal-hrd=cbr");
    if (rung.bFrames > 1) args.push(`-b-pyramid:v:${i}`, rung.bReference ? "normal" : "none");
  });
  [...new Set(CONSOLE_LADDER.map((rung) => rung.audioBps))].forEach((bitrateBps, k) => args.push("-map", "0:a:0", `-c:a:${k}`, "aac", `-b:a:${k}`, String(bitrateBps)));
  args.push("-f", "null", "-");
  return args;
}

/** cutime + cstime of this process: the CPU of every child it has waited for, seconds. */
function childrenCpuSeconds(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After "pid (comm) ": cutime is field 16 and cstime field 17 of proc(5).
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

interface RunCost {
  readonly cpuS: number;
  readonly wallS: number;
}

/** Runs ffmpeg to its end (stdin: `stdinFile` or nothing; fd 3 drained for -progress); its CPU and wall time. */
function runFfmpeg(args: readonly string[], stdinFile?: string): Promise<RunCost> {
  const cpu0 = childrenCpuSeconds();
  const t0 = process.hrtime.bigint();
  const child = spawn("ffmpeg", args, { stdio: [stdinFile ? "pipe" : "ignore", "ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  (child.stdio[3] as NodeJS.ReadableStream | null)?.resume();
  if (stdinFile) createReadStream(stdinFile).pipe(child.stdin!);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`ffmpeg exited ${code}: ${stderr.slice(-2000)}`));
      // /proc/self/stat has the child's times once it has been waited for, which 'close' follows.
      resolve({ cpuS: childrenCpuSeconds() - cpu0, wallS: Number(process.hrtime.bigint() - t0) / 1e9 });
    });
  });
}

const run = new BenchRun();

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { seconds: { type: "string", default: "3" }, rounds: { type: "string", default: "2" } } });
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  const dir = run.tempDir("ladder-cost-");
  const input = path.join(dir, "in.ts");
  ffmpegSync([
    ...["-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30000/1001", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", String(seconds)],
    ...["-c:v", "libx264", "-preset", "veryfast", "-b:v", "10M", "-g", "60", "-c:a", "aac", "-b:a", "192k", "-f", "mpegts", input],
  ]);
  console.log(`console HLS ladder: ${CONSOLE_LADDER.length} H.264 renditions (${CONSOLE_LADDER.map((r) => `${r.height}p`).join(" ")}) + AAC, ${seconds} s of 1080p29.97 testsrc2, ${rounds} round(s)`);
  const totals = { openlive: { cpuS: 0, wallS: 0 }, plain: { cpuS: 0, wallS: 0 } };
  for (let round = 0; round < rounds; round++) {
    // Alternate the order, so a neighbour's load at one moment does not land on one side only.
    const order = round % 2 === 0 ? (["openlive", "plain"] as const) : (["plain", "openlive"] as const);
    for (const side of order) {
      const cost = side === "openlive" ? await runFfmpeg(openliveArgs(path.join(dir, `round${round}`)), input) : await runFfmpeg(plainArgs(input));
      totals[side].cpuS += cost.cpuS;
      totals[side].wallS += cost.wallS;
      console.log(`  round ${round + 1} ${side.padEnd(8)} cpu ${cost.cpuS.toFixed(2)} s  wall ${cost.wallS.toFixed(2)} s`);
    }
  }
  const ratio = totals.openlive.cpuS / totals.plain.cpuS;
  console.log(`openlive ${totals.openlive.cpuS.toFixed(2)} s CPU, plain ffmpeg ${totals.plain.cpuS.toFixed(2)} s CPU: ratio ${ratio.toFixed(3)}× (target ≤ ${TARGET_RATIO}×) ${ratio <= TARGET_RATIO ? "OK" : "OVER"}`);
  console.log(`per second of media: openlive ${(totals.openlive.cpuS / (rounds * seconds)).toFixed(2)} CPU-s, plain ${(totals.plain.cpuS / (rounds * seconds)).toFixed(2)} CPU-s`);
  return ratio <= TARGET_RATIO ? 0 : 1;
}

runAsScript({ moduleUrl: import.meta.url, run, main, onInterrupt: "the temp folder is removed" });
