// Cost of the failover analysis child (src/pipeline/analysis/media-analyser.ts): a 720p25
// H.264 stream at 5 Mbit/s with a keyframe every 50 frames plus AAC, demuxed by our own
// TsDemuxer and pushed in real time. The child's CPU (utime + stime from /proc/<pid>/stat)
// over a window of `--seconds` is printed as a percentage of one core, against a baseline
// measured in the same run: ffmpeg decoding every frame (and the audio) of the same file at
// real time (`-re`, `-threads 1`, `-f null`). Target: ≤ 5 % of one core.
//
//   node --import tsx bench/analysis-cost.ts [--seconds 10]

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { AccessUnit } from "../src/media/types.ts";
import { MediaAnalyser } from "../src/pipeline/analysis/media-analyser.ts";
import { accessUnitsOfTsFile, ffmpegSync } from "../test/helpers/ts-file.ts";

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"]).stdout.toString().trim()) || 100;
/** Media before the window: the child's start-up and probe are not steady state. */
const WARMUP_S = 3;

function makeStream(dir: string, seconds: number): string {
  const file = path.join(dir, "720p25.ts");
  ffmpegSync([
    "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
    "-t", String(seconds), "-c:v", "libx264", "-preset", "veryfast", "-b:v", "5M", "-maxrate", "5M", "-bufsize", "5M", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
    "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-f", "mpegts", file,
  ]);
  return file;
}

/** utime + stime of a process in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After "pid (comm) ": state is field 3, utime field 14, stime field 15 (proc(5)).
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU share of one core of `pid` between WARMUP_S and WARMUP_S + windowS after `startedMs`. */
async function measureWindow(pid: () => number | undefined, startedMs: number, windowS: number): Promise<number> {
  await sleep(startedMs + WARMUP_S * 1000 - Date.now());
  const first = pid();
  if (first === undefined) throw new Error("no process to measure");
  const cpu0 = cpuSeconds(first);
  const t0 = process.hrtime.bigint();
  await sleep(windowS * 1000);
  if (pid() !== first) throw new Error("the measured process was replaced during the window");
  const cpu1 = cpuSeconds(first);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  return (cpu1 - cpu0) / wall;
}

async function analysisShare(units: readonly AccessUnit[], windowS: number): Promise<{ share: number; latenciesMs: number[]; pictures: number; keyframes: number; blocks: number; bytes: number; dropped: number; restarts: number }> {
  let lastKeyframeMs = 0;
  const latenciesMs: number[] = [];
  const onPicture = (_black: boolean, atMs: number): void => void latenciesMs.push(atMs - lastKeyframeMs);
  const analyser = new MediaAnalyser({ videoCodec: "H264", audioCodec: "AAC", blackDetectThreshold: 0.1, onPicture, onAudio: () => {} });
  const startedMs = Date.now();
  let stop = false;
  let keyframes = 0;
  const pushing = (async () => {
    const firstDts = units[0]!.dts90k;
    for (const unit of units) {
      if (stop) return;
      const waitMs = startedMs + (unit.dts90k - firstDts) / 90 - Date.now();
      if (waitMs > 0) await sleep(waitMs);
      if (unit.kind === "video" && unit.keyframe) {
        keyframes++;
        lastKeyframeMs = Date.now();
      }
      analyser.push(unit);
    }
  })();
  try {
    const share = await measureWindow(() => analyser.pid, startedMs, windowS);
    const stats = analyser.stats;
    return { share, latenciesMs, pictures: stats.picturesAnalysed, keyframes, blocks: stats.audioBlocksAnalysed, bytes: stats.bytesWritten, dropped: stats.unitsDropped, restarts: stats.restarts };
  } finally {
    stop = true;
    await pushing;
    await analyser.close();
  }
}

async function baselineShare(file: string, windowS: number): Promise<number> {
  const child = spawn("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-threads", "1", "-re", "-i", file, "-map", "0:v:0", "-map", "0:a:0", "-f", "null", "-"], { stdio: "ignore" });
  try {
    return await measureWindow(() => child.pid, Date.now(), windowS);
  } finally {
    child.kill("SIGKILL");
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: "string", default: "10" } } });
  const windowS = Number(values.seconds);
  const dir = mkdtempSync(path.join(tmpdir(), "openlive-analysis-bench-"));
  try {
    const file = makeStream(dir, WARMUP_S + windowS + 3);
    const units = accessUnitsOfTsFile(file);
    const analysis = await analysisShare(units, windowS);
    const baseline = await baselineShare(file, windowS);
    const pct = (share: number): string => `${(share * 100).toFixed(2)} %`;
    console.log(`stream: 1280x720 25 fps H.264 5 Mbit/s, GOP 50, + AAC 128k; ${windowS} s window after ${WARMUP_S} s of warm-up, pushed in real time`);
    console.log(`analysis child (keyframes + audio -> 64x36 gray + 8 kHz mono): ${pct(analysis.share)} of one core (target <= 5 %; ${analysis.share <= 0.05 ? "MET" : "MISSED"})`);
    console.log(`  by the end of the window: ${analysis.pictures} pictures of ${analysis.keyframes} keyframes pushed, ${analysis.blocks} audio blocks; ${(analysis.bytes / 1e6).toFixed(2)} MB written, ${analysis.dropped} units dropped, ${analysis.restarts} restarts`);
    // The first pictures of a child wait for its probe; after that, a picture comes out before the next keyframe.
    const steady = analysis.latenciesMs.slice(1).sort((a, b) => a - b);
    if (steady.length > 0) console.log(`  picture latency after the first (keyframe pushed -> result): median ${steady[Math.floor(steady.length / 2)]} ms, max ${steady.at(-1)} ms`);
    console.log(`baseline ffmpeg decoding every frame + audio (-threads 1 -re -f null): ${pct(baseline)} of one core`);
    console.log(`ratio analysis/baseline: ${(analysis.share / baseline).toFixed(3)} (${(baseline / analysis.share).toFixed(1)}x cheaper)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
