// MPEG-TS files for tests and benches: made by Debian ffmpeg synchronously, and read back as
// the access units our own demuxer finds in them (video keyframes decided from the bitstream).

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { isKeyframe } from "../../src/media/keyframes.ts";
import { TsDemuxer } from "../../src/media/mpegts/ts-demuxer.ts";
import type { AccessUnit } from "../../src/media/types.ts";

/** Runs `ffmpeg -hide_banner -loglevel error -nostdin -y <args>` to the end; throws with its stderr if it fails. */
export function ffmpegSync(args: readonly string[]): void {
  const result = spawnSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", ...args]);
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`);
}

/** The timed audio and video access units of a TS file (PES without PTS/DTS are left out); audio units are all keyframes. */
export function accessUnitsOfTsFile(file: string): AccessUnit[] {
  const demuxer = new TsDemuxer();
  const units: AccessUnit[] = [];
  for (const event of [...demuxer.push(readFileSync(file), 0), ...demuxer.flush()]) {
    if (event.type !== "pes") continue;
    const { pes } = event;
    if (pes.pts90k === null || pes.dts90k === null || (pes.kind !== "video" && pes.kind !== "audio")) continue;
    units.push({
      trackId: pes.pid,
      kind: pes.kind,
      codec: pes.codec,
      pts90k: pes.pts90k,
      dts90k: pes.dts90k,
      keyframe: pes.kind === "audio" || isKeyframe(pes.codec, pes.data),
      data: pes.data,
    });
  }
  return units;
}
