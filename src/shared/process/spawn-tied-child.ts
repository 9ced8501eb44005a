// Spawns a child that dies with this process, even when this process is SIGKILLed (no
// chance to clean up). `setpriv --pdeathsig KILL` (util-linux, Essential in Debian) sets
// the Linux parent-death signal (prctl PR_SET_PDEATHSIG) and then execs the command, so the
// pid we hold is the command's own and signals reach it directly. A child that writes to our
// stdout pipe would also die by EPIPE, but only on its next write: a child still connecting,
// or reading a silent source, would never write again.
//
// `stdinText` is written to the child's stdin, which is then closed: it is how a secret
// reaches a child without appearing in its argv (ffconcat-script.ts).

import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";

export const SETPRIV_COMMAND = "setpriv";

export type TiedChild = ChildProcessByStdio<Writable, Readable, Readable>;

export function spawnTiedChild(command: string, args: readonly string[], stdinText = ""): TiedChild {
  const child = spawn(SETPRIV_COMMAND, ["--pdeathsig", "KILL", "--", command, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  // A child that exits before reading its stdin makes the write fail with EPIPE: its exit
  // is what the caller supervises, so the write error itself is not news.
  child.stdin.on("error", () => {});
  child.stdin.end(stdinText);
  return child;
}
