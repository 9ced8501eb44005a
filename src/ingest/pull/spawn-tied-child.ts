// Spawns a child that dies with this process, even when this process is SIGKILLed (no
// chance to clean up). `setpriv --pdeathsig KILL` (util-linux, Essential in Debian) sets
// the Linux parent-death signal (prctl PR_SET_PDEATHSIG) and then execs the command, so the
// pid we hold is the command's own and signals reach it directly. A child that writes to our
// stdout pipe would also die by EPIPE, but only on its next write: a child still connecting,
// or reading a silent source, would never write again.

import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";

export const SETPRIV_COMMAND = "setpriv";

export type TiedChild = ChildProcessByStdio<null, Readable, Readable>;

export function spawnTiedChild(command: string, args: readonly string[]): TiedChild {
  return spawn(SETPRIV_COMMAND, ["--pdeathsig", "KILL", "--", command, ...args], { stdio: ["ignore", "pipe", "pipe"] });
}
