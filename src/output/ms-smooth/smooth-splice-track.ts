// A Microsoft Smooth output's SCTE-35 sparse track (sparseTrackType SCTE_35 /
// SCTE_35_WITHOUT_SEGMENTATION): the splices sent to the publishing point as a stream of their
// own beside the output's feed, as Azure Media Services' "Signaling Timed Metadata in Live
// Streaming" §2.2 and its fragmented MP4 live ingest specification §11 ("Sparse track") ask
// (media/mp4/smooth-sparse-track.ts has the boxes).
//
// It sits in front of the output's feed sender and reads the feed as it passes: the header
// gives the video track (its timescale, and its trackName in the feed's Live Server Manifest
// Box: the sparse track's parentTrackName), and the sparse stream's header is sent first. The
// splices are found as in fMP4 HLS segments (hls/fmp4-splice-events.ts): each picture with a new
// splice mark becomes one sparse fragment whose time (tfxd) is that picture's presentation time
// (presentation_time_delta 0), its duration the break's (0 when none), its message the
// splice_info_section re-based onto the picture; a repeated picture's mark is retired in the
// feed sent on. The sparse sender POSTs the header alone first, then each fragment in a short
// POST of its own after the header (§11: a sparse POST ends once its fragment is sent).

import { EMSG_UNKNOWN_DURATION, EmsgSchemes } from "../../media/mp4/emsg.ts";
import { mp4Tracks } from "../../media/mp4/fragments.ts";
import { liveManifestTracks, writeSparseFragment, writeSparseTrackHeader } from "../../media/mp4/smooth-sparse-track.ts";
import { Fmp4Splitter } from "../fmp4/fmp4-splitter.ts";
import type { PushSender } from "../fmp4/push-beside.ts";
import type { MarkedVideoTrack } from "../hls/fmp4-marked-events.ts";
import { markedVideoTrack, spliceEventsIn } from "../hls/fmp4-splice-events.ts";
import type { MarkedSplices } from "../scte35/scte35-passthrough.ts";

/** The sparse track's track_ID in its own stream (it holds one track). */
const SPARSE_TRACK_ID = 1;
/** A parent track's name when the feed's manifest gives none: the name IIS gives a video track. */
const DEFAULT_PARENT_TRACK_NAME = "video";

export interface SmoothSpliceTrackOptions {
  /** The output's feed sender: gets the feed, marks of repeated pictures retired. */
  readonly feed: PushSender;
  /** The sparse stream's sender: gets its header, then one fragment per splice. */
  readonly sparse: PushSender;
  /** The splices passed so far (kept across encoder runs, as the other outputs keep theirs). */
  readonly splices: MarkedSplices;
  /** The sparse track's trackName. */
  readonly trackName: string;
}

/** The trackName the feed's Live Server Manifest Box gives the track `trackId`. */
function feedTrackName(header: Uint8Array, trackId: number): string {
  const track = liveManifestTracks(header).find((each) => each.params.get("trackID") === String(trackId));
  return track?.params.get("trackName") || DEFAULT_PARENT_TRACK_NAME;
}

export class SmoothSpliceTrack implements PushSender {
  readonly #options: SmoothSpliceTrackOptions;
  readonly #splitter = new Fmp4Splitter();
  #video: MarkedVideoTrack | undefined;
  /** The feed is not fMP4: passed on as it comes, the feed sender reports it. */
  #broken = false;
  #sequenceNumber = 1;

  constructor(options: SmoothSpliceTrackOptions) {
    this.#options = options;
  }

  streamStarted(): void {
    this.#splitter.reset();
    this.#video = undefined;
    this.#broken = false;
    this.#options.feed.streamStarted();
    this.#options.sparse.streamStarted();
  }

  data(chunk: Buffer): void {
    if (this.#broken) {
      this.#options.feed.data(chunk);
      return;
    }
    let parts;
    try {
      parts = this.#splitter.push(chunk);
    } catch {
      this.#broken = true;
      this.#options.feed.data(chunk);
      return;
    }
    for (const part of parts) {
      if (part.kind === "header") {
        this.#options.feed.data(part.bytes);
        this.#header(part.bytes);
      } else if (part.kind === "fragment") {
        this.#options.feed.data(this.#fragment(part.bytes));
      } else {
        this.#options.feed.data(part.bytes);
      }
    }
  }

  streamEnded(): void {
    this.#splitter.reset();
    this.#options.feed.streamEnded();
    this.#options.sparse.streamEnded();
  }

  delivered(): { readonly sent: number; readonly dropped: number } {
    const feed = this.#options.feed.delivered();
    const sparse = this.#options.sparse.delivered();
    return { sent: feed.sent + sparse.sent, dropped: feed.dropped + sparse.dropped };
  }

  close(): void {
    this.#options.feed.close();
    this.#options.sparse.close();
  }

  #header(bytes: Buffer): void {
    this.#video = markedVideoTrack(mp4Tracks(bytes));
    if (!this.#video) return;
    const header = writeSparseTrackHeader({ trackId: SPARSE_TRACK_ID, trackName: this.#options.trackName, parentTrackName: feedTrackName(bytes, this.#video.trackId), timescale: this.#video.timescale, scheme: EmsgSchemes.SCTE35_BIN });
    this.#options.sparse.data(Buffer.from(header));
  }

  /** The fragment as the feed sender gets it; a sparse fragment sent for each new splice. */
  #fragment(bytes: Buffer): Buffer {
    const video = this.#video;
    if (!video) return bytes;
    const found = spliceEventsIn(bytes, video, this.#options.splices);
    for (const event of (found?.fragments ?? []).flatMap((fragment) => fragment.events)) {
      const duration = event.eventDuration === EMSG_UNKNOWN_DURATION ? 0 : event.eventDuration;
      const fragment = writeSparseFragment({ trackId: SPARSE_TRACK_ID, sequenceNumber: this.#sequenceNumber, time: event.presentationTime, duration, id: event.id, presentationTimeDelta: 0, message: event.messageData });
      this.#sequenceNumber += 1;
      this.#options.sparse.data(Buffer.from(fragment));
    }
    return found?.changed ? Buffer.from(found.bytes.buffer, found.bytes.byteOffset, found.bytes.byteLength) : bytes;
  }
}
