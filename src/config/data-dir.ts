// The data dir holds the database, the API credentials, the route tokens and the secrets:
// only the service user may read it. Modes are set with chmod after creating, because the
// `mode` of mkdir/open goes through the process umask.

import { chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";

export const DATA_DIR_MODE = 0o700;
export const SECRET_FILE_MODE = 0o600;

/** Creates the data dir (and its parents) and makes it 0700, also when it already existed. */
export function prepareDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  chmodSync(dataDir, DATA_DIR_MODE);
}

/** chmod 0600 each of these files that exists (a SQLite database and its -wal/-shm files). */
export function restrictFiles(files: readonly string[]): void {
  for (const file of files) if (existsSync(file)) chmodSync(file, SECRET_FILE_MODE);
}

/** The database file and the two files SQLite's WAL mode keeps next to it. */
export function sqliteFiles(databaseFile: string): readonly string[] {
  return [databaseFile, `${databaseFile}-wal`, `${databaseFile}-shm`];
}

/**
 * A warning when `file` exists and its group or others may read or write it, naming the fix;
 * undefined otherwise.
 */
export function looseModeWarning(file: string): string | undefined {
  let mode: number;
  try {
    mode = statSync(file).mode & 0o777;
  } catch {
    return undefined;
  }
  if ((mode & 0o077) === 0) return undefined;
  return `${file} is readable or writable by other users (mode ${mode.toString(8).padStart(4, "0")}); it holds input passwords and passphrases: run chmod 600 ${path.resolve(file)}`;
}
