// Real MPEG-TS captures made by Debian ffmpeg at test time (testsrc2 + sine, 2 s), shared by
// the capture and fuzz suites. Returns null when ffmpeg is missing (the suites then skip).

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const CAPTURES = {
  "h264-aac": ["-c:v", "libx264", "-preset", "superfast", "-g", "25", "-c:a", "aac"],
  "hevc-aac": ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error:keyint=25", "-c:a", "aac"],
  "mpeg2-ac3": ["-c:v", "mpeg2video", "-g", "25", "-c:a", "ac3"],
  "h264-mp2": ["-c:v", "libx264", "-preset", "superfast", "-g", "25", "-c:a", "mp2"],
  "h264-ac3-system-b": ["-c:v", "libx264", "-preset", "superfast", "-g", "25", "-c:a", "ac3", "-mpegts_flags", "system_b"],
} as const;
export type CaptureName = keyof typeof CAPTURES;

function run(args: readonly string[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile("ffmpeg", args, { timeout: 60_000 }, (error) => resolve(error === null));
  });
}

const cache = new Map<CaptureName, Promise<Uint8Array | null>>();

function makeOne(name: CaptureName): Promise<Uint8Array | null> {
  let pending = cache.get(name);
  if (!pending) {
    pending = (async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "openlive-mpegts-"));
      try {
        const file = path.join(dir, `${name}.ts`);
        const ok = await run([
          "-hide_banner", "-loglevel", "error", "-y",
          "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine",
          "-t", "2", ...CAPTURES[name], "-f", "mpegts", file,
        ]);
        return ok ? new Uint8Array(readFileSync(file)) : null;
      } catch {
        return null;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    })();
    cache.set(name, pending);
  }
  return pending;
}

/** Makes the named captures (default: all) once per process, in parallel; null if ffmpeg failed. */
export async function makeCaptures(names: readonly CaptureName[] = Object.keys(CAPTURES) as CaptureName[]): Promise<Map<CaptureName, Uint8Array> | null> {
  const results = await Promise.all(names.map(async (name) => [name, await makeOne(name)] as const));
  if (results.some(([, data]) => data === null)) return null;
  return new Map(results.map(([name, data]) => [name, data as Uint8Array]));
}
