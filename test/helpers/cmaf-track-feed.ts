// What the CMAF ingest event track tests share: a sender that records what it gets, a muxer
// output cut into the objects a CMAF ingest sender POSTs, and a run fed in chunks of random sizes.

import type { PushSender } from "../../src/output/fmp4/push-beside.ts";
import { walkBoxes } from "../../src/media/mp4/boxes.ts";

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

/** A run's bytes grouped as a CMAF ingest sender POSTs them: the header, then each moof with its mdat (a trailing mfra left out). */
export function objects(bytes: Buffer): Buffer[] {
  const boxes = walkBoxes(bytes).boxes;
  const firstMoof = boxes.findIndex((box) => box.type === "moof");
  const out = [bytes.subarray(0, boxes[firstMoof]!.start)];
  boxes.forEach((box, i) => {
    if (box.type === "moof" && boxes[i + 1]?.type === "mdat") out.push(bytes.subarray(box.start, boxes[i + 1]!.end));
  });
  return out;
}

export function feedInChunks(track: PushSender, bytes: Buffer, seed: number): void {
  track.streamStarted();
  let at = 0;
  let state = seed;
  while (at < bytes.length) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const size = 1 + (state % 9000);
    track.data(bytes.subarray(at, at + size));
    at += size;
  }
  track.streamEnded();
}

