// Command lines of a process's descendants, read from /proc the way any local user can
// (/proc/<pid>/cmdline is world-readable unless /proc is mounted with hidepid).

import { readdirSync, readFileSync } from "node:fs";

export interface ProcessLine {
  readonly pid: number;
  /** argv joined with spaces. */
  readonly cmdline: string;
}

/** Every live descendant of `rootPid` (children of all its threads, recursively). */
export function descendantCommandLines(rootPid: number = process.pid): ProcessLine[] {
  const found: ProcessLine[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      let children: string;
      try {
        children = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8");
      } catch {
        continue;
      }
      for (const child of children.split(" ").filter((entry) => entry !== "")) {
        const childPid = Number(child);
        try {
          found.push({ pid: childPid, cmdline: readFileSync(`/proc/${childPid}/cmdline`, "utf8").split("\0").join(" ") });
        } catch {
          // gone meanwhile
        }
        queue.push(childPid);
      }
    }
  }
  return found;
}

/** Samples descendantCommandLines every `intervalMs` until stop(); returns all lines seen. */
export function sampleDescendants(intervalMs = 10): { stop: () => ProcessLine[] } {
  const seen: ProcessLine[] = [];
  const take = (): void => {
    seen.push(...descendantCommandLines());
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return seen;
    },
  };
}
