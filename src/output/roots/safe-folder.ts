// Filesystem checks that keep outputs inside their roots. A folder may receive outputs when
// nobody but the service's own user can change it or any folder between it and its root,
// and none of them is a symbolic link: then no other local user can plant a link that makes
// the encoder or the playlist writer write through it, or the origin read through it. The
// root itself may be reached through links the operator made (its real path is used), and
// every folder above it must be changeable only by root or the service's user (a shared
// one such as /tmp must have the sticky bit, so that nobody can rename the root away).

import { lstatSync, mkdirSync, readdirSync, realpathSync, statSync, unlinkSync, type Stats } from "node:fs";
import path from "node:path";

export type FolderVerdict = { readonly ok: true; readonly folder: string } | { readonly ok: false; readonly reason: string };

/** Group- or other-writable bits (S_IWGRP | S_IWOTH) and the sticky bit (S_ISVTX), stat(2). */
const WRITABLE_BY_OTHERS = 0o022;
const STICKY = 0o1000;

function serviceUid(): number {
  return process.getuid?.() ?? 0;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

function ownershipProblem(folder: string, stats: Stats, uid: number): string | undefined {
  if (stats.uid !== uid) return `${folder} belongs to uid ${stats.uid}, not to the user openlive runs as (uid ${uid})`;
  if ((stats.mode & WRITABLE_BY_OTHERS) !== 0) return `${folder} is writable by its group or by others (mode ${(stats.mode & 0o7777).toString(8)}); run chmod go-w on it`;
  return undefined;
}

/** Why `root` cannot hold outputs, or undefined when it can. */
export function rootProblem(root: string, uid = serviceUid()): string | undefined {
  let real: string;
  let stats: Stats;
  try {
    real = realpathSync(root);
    stats = statSync(real);
  } catch (error) {
    return `output root ${root} cannot be opened (${errorCode(error)})`;
  }
  if (!stats.isDirectory()) return `output root ${root} is not a folder`;
  const own = ownershipProblem(`output root ${root}`, stats, uid);
  if (own) return own;
  for (let dir = path.dirname(real); ; dir = path.dirname(dir)) {
    const above = statSync(dir);
    if (above.uid !== 0 && above.uid !== uid) return `${dir}, above output root ${root}, belongs to uid ${above.uid}: that user could replace the root`;
    if ((above.mode & WRITABLE_BY_OTHERS) !== 0 && (above.mode & STICKY) === 0) return `${dir}, above output root ${root}, is writable by others without the sticky bit: they could replace the root`;
    if (dir === path.dirname(dir)) return undefined;
  }
}

/**
 * Walks `relative` ("/"-separated) down from `root`'s real path, refusing links, non-folders
 * and folders others can change. With `create`, missing folders are made (mode 0755 under
 * the umask); without, the walk stops at the first missing one (nothing below it exists).
 */
export function safeFolder(root: string, relative: string, options: { readonly create: boolean; readonly uid?: number }): FolderVerdict {
  const uid = options.uid ?? serviceUid();
  let current: string;
  try {
    current = realpathSync(root);
  } catch (error) {
    return { ok: false, reason: `output root ${root} cannot be opened (${errorCode(error)})` };
  }
  const parts = relative.split("/").filter((part) => part !== "");
  for (const [index, part] of parts.entries()) {
    current = path.join(current, part);
    let stats: Stats;
    try {
      stats = lstatSync(current);
    } catch (error) {
      if (errorCode(error) !== "ENOENT") return { ok: false, reason: `${current} cannot be read (${errorCode(error)})` };
      if (!options.create) return { ok: true, folder: path.join(current, ...parts.slice(index + 1)) };
      try {
        // Not recursive: each new folder is checked like an existing one.
        mkdirSync(current, { mode: 0o755 });
        stats = lstatSync(current);
      } catch (mkdirError) {
        return { ok: false, reason: `${current} cannot be created (${errorCode(mkdirError)})` };
      }
    }
    if (stats.isSymbolicLink()) return { ok: false, reason: `${current} is a symbolic link; folders below an output root must be real folders` };
    if (!stats.isDirectory()) return { ok: false, reason: `${current} is not a folder` };
    const own = ownershipProblem(current, stats, uid);
    if (own) return { ok: false, reason: own };
  }
  return { ok: true, folder: current };
}

/**
 * Removes what an output must never write through from `folder`: entries named like its
 * files (`prefix`…) that are symbolic links, FIFOs, sockets or devices. The encoder writes
 * `<name>.tmp` and renames it (ffmpeg's temp_file opens with O_TRUNC, following a link), so
 * a link left under such a name would have it overwrite the link's target. Regular files
 * stay: the encoder truncates or replaces them. Returns the names removed.
 */
export function removePlantedEntries(folder: string, prefix: string): string[] {
  const removed: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!entry.name.startsWith(prefix) || entry.isFile() || entry.isDirectory()) continue;
    unlinkSync(path.join(folder, entry.name));
    removed.push(entry.name);
  }
  return removed;
}
