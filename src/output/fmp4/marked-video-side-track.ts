// The pass-through shape shared by the push outputs' tracks made from the video as it passes
// (the CMAF ingest event message tracks, cmaf-ingest/cmaf-event-track.ts; the Smooth SCTE-35
// sparse track, ms-smooth/smooth-splice-track.ts): it sits in front of the video's sender, cuts
// the muxer output into its header and fragments (fmp4-splitter.ts) and sends both on, while a
// second sender gets what the subclass makes of them — its own header once the video's header
// names a video track that can carry marks, then what each video fragment gives. A fragment's
// marks may be retired in the video sent on (the reader's copy is sent in its place). Bytes that
// are not fMP4 go to the video sender as they came, and its sender reports them.

import { mp4Tracks } from "../../media/mp4/fragments.ts";
import type { MarkedVideoTrack, SegmentEvents } from "../hls/fmp4-marked-events.ts";
import { markedVideoTrack } from "../hls/fmp4-splice-events.ts";
import { Fmp4Splitter } from "./fmp4-splitter.ts";
import type { PushSender } from "./push-beside.ts";

/** What one video fragment gives: the side sender's objects, in order, and the marks read from it. */
export interface SideFragment {
  readonly side: readonly Uint8Array[];
  /** The fragment's marks (its copy with marks retired when `changed`), or undefined when it holds none. */
  readonly found: SegmentEvents | undefined;
}

export abstract class MarkedVideoSideTrack implements PushSender {
  readonly #video: PushSender;
  readonly #side: PushSender;
  readonly #splitter = new Fmp4Splitter();
  #track: MarkedVideoTrack | undefined;
  /** The video is not fMP4: passed on as it comes, the video sender reports it. */
  #broken = false;

  constructor(video: PushSender, side: PushSender) {
    this.#video = video;
    this.#side = side;
  }

  /** The side stream's header, made from the video's header (`header`) and its video track. */
  protected abstract sideHeader(header: Buffer, video: MarkedVideoTrack): Uint8Array;

  /** What one video fragment (`fragment`) gives the side sender, and the marks it held. */
  protected abstract sideFragment(fragment: Buffer, video: MarkedVideoTrack): SideFragment;

  /** A new encoder run starts, before the senders are told: what a subclass keeps per run is dropped here. */
  protected runStarted(): void {}

  streamStarted(): void {
    this.#splitter.reset();
    this.#track = undefined;
    this.#broken = false;
    this.runStarted();
    this.#video.streamStarted();
    this.#side.streamStarted();
  }

  data(chunk: Buffer): void {
    if (this.#broken) {
      this.#video.data(chunk);
      return;
    }
    let parts;
    try {
      parts = this.#splitter.push(chunk);
    } catch {
      this.#broken = true;
      this.#video.data(chunk);
      return;
    }
    for (const part of parts) {
      if (part.kind === "header") {
        this.#video.data(part.bytes);
        this.#track = markedVideoTrack(mp4Tracks(part.bytes));
        if (this.#track) this.#side.data(Buffer.from(this.sideHeader(part.bytes, this.#track)));
      } else if (part.kind === "fragment") {
        this.#video.data(this.#fragment(part.bytes));
      } else {
        this.#video.data(part.bytes);
      }
    }
  }

  streamEnded(): void {
    this.#splitter.reset();
    this.#video.streamEnded();
    this.#side.streamEnded();
  }

  delivered(): { readonly sent: number; readonly dropped: number } {
    const video = this.#video.delivered();
    const side = this.#side.delivered();
    return { sent: video.sent + side.sent, dropped: video.dropped + side.dropped };
  }

  close(): void {
    this.#video.close();
    this.#side.close();
  }

  /** The fragment as the video sender gets it; what it gives the side sender sent first. */
  #fragment(bytes: Buffer): Buffer {
    const track = this.#track;
    if (!track) return bytes;
    const { side, found } = this.sideFragment(bytes, track);
    for (const object of side) this.#side.data(Buffer.from(object));
    return found?.changed ? Buffer.from(found.bytes.buffer, found.bytes.byteOffset, found.bytes.byteLength) : bytes;
  }
}
