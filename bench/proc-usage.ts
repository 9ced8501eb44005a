// CPU time and memory of running processes from /proc, for the benches that measure a running
// channel's processes (the pipeline worker and its children) against a baseline.

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc times (USER_HZ). */
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
const PAGE_SIZE = Number(spawnSync("getconf", ["PAGESIZE"], { encoding: "utf8" }).stdout.trim()) || 4096;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

export function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds (user + system) of each of a process's threads so far, summed by thread name
 * (/proc/<pid>/task/<tid>/stat; the main thread is "main", whatever its name; "main sys" is the
 * main thread's system time, a part of "main").
 */
export function threadCpuSeconds(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return byName;
  }
  for (const task of tasks) {
    const stat = readProc(pid, `task/${task}/stat`);
    if (!stat) continue;
    const name = Number(task) === pid ? "main" : stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14 and 15 of stat(5) (utime, stime) are 11 and 12 after the name.
    const seconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    byName.set(name, (byName.get(name) ?? 0) + seconds);
    if (name === "main") byName.set("main sys", Number(fields[12]) / CLOCK_TICKS);
  }
  return byName;
}

/** argv of a process (its title, for a pipeline worker). */
export function cmdline(pid: number): string[] {
  return (readProc(pid, "cmdline") ?? "").split("\0").filter((arg) => arg.length > 0);
}

/** The worker of `channelId`'s pipeline 0, found by its process title. */
export function pipelineWorkerPid(channelId: string): number | undefined {
  const title = `openlive-pipeline ${channelId} 0`;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const text = readProc(Number(entry), "cmdline");
    if (text?.startsWith(title) && !/\) Z /.test(readProc(Number(entry), "stat") ?? "")) return Number(entry);
  }
  return undefined;
}

function childPids(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const found = new Set<number>();
  let readable = false;
  for (const task of tasks) {
    const text = readProc(pid, `task/${task}/children`);
    if (text === undefined) continue;
    readable = true;
    for (const child of text.trim().split(/\s+/)) if (child) found.add(Number(child));
  }
  if (!readable) {
    // Kernels without CONFIG_PROC_CHILDREN: scan every process for its parent.
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = readProc(Number(entry), "stat");
      if (stat && Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) found.add(Number(entry));
    }
  }
  return [...found];
}

export function descendants(pid: number): number[] {
  const all: number[] = [];
  for (const child of childPids(pid)) all.push(child, ...descendants(child));
  return all;
}

export interface ProcStat {
  /** utime + stime + cutime + cstime, clock ticks (cutime/cstime: reaped children such as the fill-picture ffmpeg runs). */
  readonly ticks: number;
  readonly rssBytes: number;
}

export function procStat(pid: number): ProcStat | undefined {
  const stat = readProc(pid, "stat");
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  if (fields[0] === "Z") return undefined;
  const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  return { ticks, rssBytes: Number(fields[21]) * PAGE_SIZE };
}

/** The whole machine's busy and total jiffies, from /proc/stat. */
export function machineJiffies(): { busy: number; total: number } {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  return { busy: total - idle, total };
}

export interface Usage {
  readonly seconds: number;
  /** CPU seconds per wall second, per role and in total. */
  readonly cpu: Readonly<Record<string, number>>;
  readonly cpuTotal: number;
  /** Mean and peak of the summed RSS over the samples; mean RSS per role. */
  readonly rssMean: number;
  readonly rssPeak: number;
  readonly rss: Readonly<Record<string, number>>;
  /** Busy share of the whole machine (1 = every CPU busy). */
  readonly machineBusy: number;
  readonly pidSetChanged: boolean;
}

/**
 * Samples CPU time and RSS of a set of processes every second for `seconds`. `roots()` returns
 * the processes by role (e.g. worker, encoder); the set is re-read at every sample, so a
 * process that starts in the window counts from zero.
 */
export async function sampleUsage(roots: () => ReadonlyMap<string, readonly number[]>, seconds: number): Promise<Usage> {
  const first = new Map<number, number>();
  const last = new Map<number, { ticks: number; role: string }>();
  const rssSums: number[] = [];
  const rssByRole = new Map<string, number[]>();
  const initialPids = new Set<number>();
  let changed = false;
  const sample = (initial: boolean): void => {
    let sum = 0;
    const roleSums = new Map<string, number>();
    for (const [role, pids] of roots()) {
      for (const pid of pids) {
        const stat = procStat(pid);
        if (!stat) continue;
        if (initial) initialPids.add(pid);
        else if (!initialPids.has(pid)) changed = true;
        if (!first.has(pid)) first.set(pid, initial ? stat.ticks : 0);
        last.set(pid, { ticks: stat.ticks, role });
        sum += stat.rssBytes;
        roleSums.set(role, (roleSums.get(role) ?? 0) + stat.rssBytes);
      }
    }
    rssSums.push(sum);
    for (const [role, value] of roleSums) rssByRole.set(role, [...(rssByRole.get(role) ?? []), value]);
  };
  const machineBefore = machineJiffies();
  const started = performance.now();
  sample(true);
  for (let i = 1; i <= seconds; i++) {
    await sleep(started + i * 1000 - performance.now());
    sample(false);
  }
  const elapsed = (performance.now() - started) / 1000;
  const machineAfter = machineJiffies();
  const cpu: Record<string, number> = {};
  let cpuTotal = 0;
  for (const [pid, { ticks, role }] of last) {
    const used = (ticks - (first.get(pid) ?? 0)) / CLOCK_TICKS / elapsed;
    cpu[role] = (cpu[role] ?? 0) + used;
    cpuTotal += used;
  }
  const rss: Record<string, number> = {};
  for (const [role, values] of rssByRole) rss[role] = values.reduce((a, b) => a + b, 0) / values.length;
  return {
    seconds: elapsed,
    cpu,
    cpuTotal,
    rssMean: rssSums.reduce((a, b) => a + b, 0) / rssSums.length,
    rssPeak: Math.max(...rssSums),
    rss,
    machineBusy: (machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total),
    pidSetChanged: changed,
  };
}
