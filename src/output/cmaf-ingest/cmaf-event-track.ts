// A CMAF Ingest group's event message track (ISO/IEC 23001-18; media/mp4/event-message-track.ts)
// made from its first video track as that passes, POSTed as its own stream beside the media
// tracks, as DASH-IF Live Media Ingest (interface 1, timed metadata tracks) describes: the
// SCTE-35 track (cmaf-splice-track.ts) and the ID3 track (cmaf-id3-track.ts).
//
// It sits in front of the video track's sender and reads that track's fMP4 as it passes: the
// header gives the video's track and timescale, and the track's init segment (same timescale)
// is sent first; each video fragment (one CMAF segment) gives one track segment over the same
// time range, sent once the video segment is known, in order. The events come from the marks
// in the fragment's pictures (`eventsOf`), which may retire marks in the video sent on. An
// event with a duration is repeated in each later segment it is still active in; a segment
// with no event holds an emeb. The track's sender has the video's retry and alert behaviour
// (segment-sender.ts).

import { mp4Fragments, mp4Tracks } from "../../media/mp4/fragments.ts";
import { EMSG_UNKNOWN_DURATION } from "../../media/mp4/emsg.ts";
import { writeEventTrackInit, writeEventTrackSegment, type TrackEvent } from "../../media/mp4/event-message-track.ts";
import { Fmp4Splitter } from "../fmp4/fmp4-splitter.ts";
import type { PushSender } from "../fmp4/push-beside.ts";
import type { MarkedVideoTrack, SegmentEvents } from "../hls/fmp4-marked-events.ts";
import { markedVideoTrack } from "../hls/fmp4-splice-events.ts";

/** The event track's track_ID in its own init segment (a CMAF track file holds one track). */
const EVENT_TRACK_ID = 1;

export interface CmafEventTrackOptions {
  /** The video track's sender: gets the video, marks retired where eventsOf retired them. */
  readonly video: PushSender;
  /** The event track's sender: gets the track's init segment and segments. */
  readonly events: PushSender;
  /** The handler name in the track's init segment. */
  readonly handlerName: string;
  /** The events of one video fragment's pictures (emsg fields in the video's timescale), or undefined when it holds no mark. */
  readonly eventsOf: (fragment: Uint8Array, video: MarkedVideoTrack) => SegmentEvents | undefined;
}

export class CmafEventTrack implements PushSender {
  readonly #options: CmafEventTrackOptions;
  readonly #splitter = new Fmp4Splitter();
  #video: MarkedVideoTrack | undefined;
  /** The video is not fMP4: passed on as it comes, the video sender reports it. */
  #broken = false;
  #sequenceNumber = 1;
  /** Where the next segment starts: the end of the previous one. */
  #nextStart: number | undefined;
  /** Events with a break duration still running at the end of the previous segment. */
  #active: TrackEvent[] = [];

  constructor(options: CmafEventTrackOptions) {
    this.#options = options;
  }

  streamStarted(): void {
    this.#splitter.reset();
    this.#video = undefined;
    this.#broken = false;
    // A new encoder run starts a new timeline: nothing carries over.
    this.#nextStart = undefined;
    this.#active = [];
    this.#options.video.streamStarted();
    this.#options.events.streamStarted();
  }

  data(chunk: Buffer): void {
    if (this.#broken) {
      this.#options.video.data(chunk);
      return;
    }
    let parts;
    try {
      parts = this.#splitter.push(chunk);
    } catch {
      this.#broken = true;
      this.#options.video.data(chunk);
      return;
    }
    for (const part of parts) {
      if (part.kind === "header") {
        this.#options.video.data(part.bytes);
        this.#video = markedVideoTrack(mp4Tracks(part.bytes));
        if (this.#video) this.#options.events.data(Buffer.from(writeEventTrackInit({ trackId: EVENT_TRACK_ID, timescale: this.#video.timescale, handlerName: this.#options.handlerName })));
      } else if (part.kind === "fragment") {
        this.#options.video.data(this.#fragment(part.bytes));
      } else {
        this.#options.video.data(part.bytes);
      }
    }
  }

  streamEnded(): void {
    this.#splitter.reset();
    this.#options.video.streamEnded();
    this.#options.events.streamEnded();
  }

  delivered(): { readonly sent: number; readonly dropped: number } {
    const video = this.#options.video.delivered();
    const events = this.#options.events.delivered();
    return { sent: video.sent + events.sent, dropped: video.dropped + events.dropped };
  }

  close(): void {
    this.#options.video.close();
    this.#options.events.close();
  }

  /** The fragment as the video sender gets it; its event track segment sent. */
  #fragment(bytes: Buffer): Buffer {
    const video = this.#video;
    if (!video) return bytes;
    const samples = mp4Fragments(bytes).flatMap((fragment) => fragment.samples.filter((sample) => sample.trackId === video.trackId));
    if (samples.length === 0) return bytes;
    const earliest = Math.min(...samples.map((sample) => sample.presentationTime));
    const length = samples.reduce((sum, sample) => sum + sample.duration, 0);
    // Back to back with the previous segment (CMAF §7.3: no gap), unless the video jumped by more than a picture.
    const pictureDuration = samples[0]!.duration;
    const start = this.#nextStart !== undefined && Math.abs(earliest - this.#nextStart) <= pictureDuration ? this.#nextStart : earliest;
    const end = Math.max(start + 1, earliest + length);
    const found = this.#options.eventsOf(bytes, video);
    const fresh: TrackEvent[] = (found?.fragments ?? []).flatMap((fragment) =>
      fragment.events.map(({ timescale: _timescale, ...event }) => ({ ...event, presentationTime: Math.min(end - 1, Math.max(start, event.presentationTime)) })),
    );
    const events = [...this.#active.filter((event) => event.presentationTime + event.eventDuration > start), ...fresh];
    this.#options.events.data(Buffer.from(writeEventTrackSegment({ trackId: EVENT_TRACK_ID, sequenceNumber: this.#sequenceNumber, startTime: start, endTime: end, events })));
    this.#sequenceNumber += 1;
    this.#nextStart = end;
    this.#active = events.filter((event) => event.eventDuration !== EMSG_UNKNOWN_DURATION && event.eventDuration > 0 && event.presentationTime + event.eventDuration > end);
    return found?.changed ? Buffer.from(found.bytes.buffer, found.bytes.byteOffset, found.bytes.byteLength) : bytes;
  }
}
