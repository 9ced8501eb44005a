// For the tests of the senders that read an fMP4 stream on its way to the push senders (the CMAF
// ingest SCTE-35 track, the Smooth sparse track): a source whose picture carries a splice mark,
// a sender that records what it gets, the stream cut into the objects a sender POSTs, and a feed
// in chunks of pseudo-random sizes.

import { writeFileSync } from "node:fs";
import path from "node:path";
import { walkBoxes } from "../../src/media/mp4/boxes.ts";
import { spliceSection, writeSpliceInfoSection } from "../../src/media/scte35/splice-writer.ts";
import type { PushSender } from "../../src/output/fmp4/push-beside.ts";
import { SpliceMarkLog } from "../../src/output/hls/splice-mark-log.ts";
import type { SlaveStreamSink } from "../../src/output/relay/slave-socket.ts";
import { makeCaptures } from "../unit/media/mpegts/ffmpeg-captures.ts";
import { markedVideoTs } from "./ts-demux-run.ts";

/**
 * `dir`/source.ts: the h264 capture's video with picture `markedPicture` carrying a splice mark
 * (a time_signal starting a 1.5 s break, in `log`); undefined when ffmpeg is not available.
 */
export async function markedSpliceSource(dir: string, markedPicture: number): Promise<{ readonly source: string; readonly log: SpliceMarkLog; readonly mark: number } | undefined> {
  const capture = (await makeCaptures(["h264-aac"]))?.get("h264-aac");
  if (!capture) return undefined;
  const log = new SpliceMarkLog();
  const section = writeSpliceInfoSection(spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: 0 } }));
  const mark = log.add({ action: "start", eventId: 4, durationSec: 1.5, section, upid: null });
  const source = path.join(dir, "source.ts");
  writeFileSync(source, markedVideoTs(capture, markedPicture, mark).ts);
  return { source, log, mark };
}

/** A sender that keeps what it is given, one entry per run. */
export class RecordingSender implements PushSender {
  readonly runs: Buffer[][] = [];
  streamStarted(): void {
    this.runs.push([]);
  }
  data(chunk: Buffer): void {
    this.runs.at(-1)!.push(Buffer.from(chunk));
  }
  streamEnded(): void {}
  delivered(): { sent: number; dropped: number } {
    return { sent: 0, dropped: 0 };
  }
  close(): void {}
}

/** A run's bytes grouped as the senders POST them: the header (every box before the first moof), then each moof with its mdat (a trailing mfra left out). */
export function fmp4Objects(bytes: Buffer): Buffer[] {
  const boxes = walkBoxes(bytes).boxes;
  const firstMoof = boxes.findIndex((box) => box.type === "moof");
  const out = [bytes.subarray(0, firstMoof < 0 ? bytes.length : boxes[firstMoof]!.start)];
  boxes.forEach((box, i) => {
    if (box.type === "moof" && boxes[i + 1]?.type === "mdat") out.push(bytes.subarray(box.start, boxes[i + 1]!.end));
  });
  return out;
}

/** One run of `bytes` into `sink`, in chunks of 1 to 9000 bytes drawn from `seed`. */
export function feedInChunks(sink: SlaveStreamSink, bytes: Buffer, seed: number): void {
  sink.streamStarted();
  let at = 0;
  let state = seed;
  while (at < bytes.length) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const size = 1 + (state % 9000);
    sink.data(bytes.subarray(at, at + size));
    at += size;
  }
  sink.streamEnded();
}
