// What the tests of the senders that read an fMP4 stream on its way to the push senders share
// (the CMAF ingest event message tracks, the Smooth sparse track): a sender that records what it
// gets, the stream cut into the objects a sender POSTs, and a feed in chunks of pseudo-random
// sizes.

import { walkBoxes } from "../../src/media/mp4/boxes.ts";
import type { PushSender } from "../../src/output/fmp4/push-beside.ts";
import type { SlaveStreamSink } from "../../src/output/relay/slave-socket.ts";

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
