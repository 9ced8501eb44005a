// A pushed MPEG-TS output (UDP/RTP, SRT) with SCTE-35 pass-through (m2tsSettings.scte35Control:
// PASSTHROUGH): the encoder's transport stream goes through the SCTE-35 inserter before the
// sender (the UDP sender cuts it into datagrams; the SRT sender sends it as it is). The inserter leaves out a null packet for every packet it
// adds, so a constant-rate mux keeps its rate.

import { Buffer } from "node:buffer";
import type { TsSectionInserter } from "../../media/mpegts/section-inserter.ts";
import type { SpliceMarkLog } from "../hls/splice-mark-log.ts";
import type { PushSink } from "../push/push-beside.ts";
import { scte35Inserter } from "./scte35-passthrough.ts";

/** `sink` itself, or behind the inserter when the output passes SCTE-35 (`scte35Pid`) and the channel marks splices. */
export function withScte35(sink: PushSink, scte35Pid: number | undefined, spliceMarks: SpliceMarkLog | undefined): PushSink {
  return scte35Pid === undefined || !spliceMarks ? sink : new Scte35Sink(sink, scte35Inserter(spliceMarks, scte35Pid));
}

export class Scte35Sink implements PushSink {
  readonly #sink: PushSink;
  readonly #inserter: TsSectionInserter;

  constructor(sink: PushSink, inserter: TsSectionInserter) {
    this.#sink = sink;
    this.#inserter = inserter;
  }

  streamStarted(): void {
    this.#inserter.flush(); // what the previous run left unfinished is dropped, as the sender resets
    this.#sink.streamStarted();
  }

  data(chunk: Buffer): void {
    const out = this.#inserter.push(chunk);
    if (out.length) this.#sink.data(Buffer.from(out.buffer, out.byteOffset, out.byteLength));
  }

  streamEnded(): void {
    const out = this.#inserter.flush();
    if (out.length) this.#sink.data(Buffer.from(out.buffer, out.byteOffset, out.byteLength));
    this.#sink.streamEnded();
  }

  close(): Promise<void> {
    return this.#sink.close();
  }
}
