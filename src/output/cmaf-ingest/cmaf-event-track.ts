// A CMAF Ingest group's event message track (ISO/IEC 23001-18; media/mp4/event-message-track.ts)
// made from its first video track as that passes, POSTed as its own stream beside the media
// tracks, as DASH-IF Live Media Ingest (interface 1, timed metadata tracks) describes: the
// SCTE-35 track (cmaf-splice-track.ts) and the ID3 track (cmaf-id3-track.ts).
//
// It sits in front of the video track's sender and reads that track's fMP4 as it passes
// (fmp4/marked-video-side-track.ts): the header gives the video's track and timescale, and the
// track's init segment (same timescale) is sent first; each video fragment (one CMAF segment)
// gives one track segment over the same time range, sent once the video segment is known, in
// order. The events come from the marks
// in the fragment's pictures (`eventsOf`), which may retire marks in the video sent on. An
// event with a duration is repeated in each later segment it is still active in; a segment
// with no event holds an emeb. The track's sender has the video's retry and alert behaviour
// (segment-sender.ts).

import { mp4Fragments } from "../../media/mp4/fragments.ts";
import { EMSG_UNKNOWN_DURATION } from "../../media/mp4/emsg.ts";
import { writeEventTrackInit, writeEventTrackSegment, type TrackEvent } from "../../media/mp4/event-message-track.ts";
import { MarkedVideoSideTrack, type SideFragment } from "../fmp4/marked-video-side-track.ts";
import type { PushSender } from "../fmp4/push-beside.ts";
import type { MarkedVideoTrack, SegmentEvents } from "../hls/fmp4-marked-events.ts";

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

export class CmafEventTrack extends MarkedVideoSideTrack {
  readonly #options: CmafEventTrackOptions;
  #sequenceNumber = 1;
  /** Where the next segment starts: the end of the previous one. */
  #nextStart: number | undefined;
  /** Events with a break duration still running at the end of the previous segment. */
  #active: TrackEvent[] = [];

  constructor(options: CmafEventTrackOptions) {
    super(options.video, options.events);
    this.#options = options;
  }

  protected override runStarted(): void {
    // A new encoder run starts a new timeline: nothing carries over.
    this.#nextStart = undefined;
    this.#active = [];
  }

  protected sideHeader(_header: Buffer, video: MarkedVideoTrack): Uint8Array {
    return writeEventTrackInit({ trackId: EVENT_TRACK_ID, timescale: video.timescale, handlerName: this.#options.handlerName });
  }

  /** The fragment's event track segment. */
  protected sideFragment(bytes: Buffer, video: MarkedVideoTrack): SideFragment {
    const samples = mp4Fragments(bytes).flatMap((fragment) => fragment.samples.filter((sample) => sample.trackId === video.trackId));
    if (samples.length === 0) return { side: [], found: undefined };
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
    const segment = writeEventTrackSegment({ trackId: EVENT_TRACK_ID, sequenceNumber: this.#sequenceNumber, startTime: start, endTime: end, events });
    this.#sequenceNumber += 1;
    this.#nextStart = end;
    this.#active = events.filter((event) => event.eventDuration !== EMSG_UNKNOWN_DURATION && event.eventDuration > 0 && event.presentationTime + event.eventDuration > end);
    return { side: [segment], found };
  }
}
