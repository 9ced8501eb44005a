// Test helpers for the MPEG-TS suites: a small synthetic program made with TsMuxer, and a
// demux driver that feeds a stream in given chunk sizes and collects events.

import { TsDemuxer, type TsDemuxEvent, type TsDemuxerStats } from "../../../../src/media/mpegts/ts-demuxer.ts";
import { TsMuxer, type TsMuxUnit } from "../../../../src/media/mpegts/ts-muxer.ts";

export const VIDEO_PID = 0x100;
export const AUDIO_PID = 0x101;

export { concatBytes } from "../../../../src/media/bits/bytes.ts";

import { pseudoRandomBytes } from "../../../../src/media/bits/pseudo-random.ts";

export { pseudoRandomBytes };

/** 25 fps H.264-typed video with B-frame-like PTS > DTS, and AAC-typed audio every 1024 samples at 48 kHz. */
export function syntheticUnits(frames: number, startDts90k = 900_000): TsMuxUnit[] {
  const units: TsMuxUnit[] = [];
  let audioPts = startDts90k;
  for (let i = 0; i < frames; i++) {
    const dts90k = startDts90k + i * 3600;
    const size = i % 25 === 0 ? 9000 : 300 + ((i * 677) % 2500);
    units.push({ trackId: VIDEO_PID, pts90k: dts90k + 7200, dts90k, keyframe: i % 25 === 0, data: pseudoRandomBytes(size, i + 1) });
    while (audioPts < dts90k + 3600) {
      units.push({ trackId: AUDIO_PID, pts90k: audioPts, dts90k: audioPts, keyframe: true, data: pseudoRandomBytes(200 + (audioPts % 150), audioPts) });
      audioPts += 1920;
    }
  }
  return units;
}

export function muxUnits(units: readonly TsMuxUnit[], options: { psiIntervalMs?: number } = {}): Uint8Array[] {
  const muxer = new TsMuxer({
    streams: [
      { pid: VIDEO_PID, streamType: 0x1b },
      { pid: AUDIO_PID, streamType: 0x0f },
    ],
    ...options,
  });
  return units.flatMap((u) => muxer.mux(u));
}

export interface DemuxRun {
  readonly events: TsDemuxEvent[];
  readonly stats: TsDemuxerStats;
  readonly maxRemainder: number;
}

/** Feeds `stream` in chunks of the sizes `nextSize` returns, then flushes. */
export function demuxInChunks(stream: Uint8Array, nextSize: () => number, demuxer = new TsDemuxer()): DemuxRun {
  const events: TsDemuxEvent[] = [];
  let maxRemainder = 0;
  for (let offset = 0; offset < stream.length; ) {
    const size = Math.max(1, nextSize());
    events.push(...demuxer.push(stream.subarray(offset, offset + size), offset));
    maxRemainder = Math.max(maxRemainder, demuxer.remainderBytes);
    offset += size;
  }
  events.push(...demuxer.flush());
  return { events, stats: demuxer.stats(), maxRemainder };
}

/**
 * Events without the chunking-dependent parts, for comparing runs: PCR wall times, and the
 * `errors` events (emitted once per push, so their position depends on chunk boundaries).
 */
export function comparable(events: readonly TsDemuxEvent[]): unknown[] {
  return events.flatMap((e): unknown[] => (e.type === "pcr" ? [{ type: "pcr", pid: e.pcr.pid, pcr27m: e.pcr.pcr27m }] : e.type === "errors" ? [] : [e]));
}
