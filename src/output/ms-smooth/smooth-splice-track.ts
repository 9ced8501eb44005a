// A Microsoft Smooth output's SCTE-35 sparse track (sparseTrackType SCTE_35 /
// SCTE_35_WITHOUT_SEGMENTATION): the splices sent to the publishing point as a stream of their
// own beside the output's feed, as Azure Media Services' "Signaling Timed Metadata in Live
// Streaming" §2.2 and its fragmented MP4 live ingest specification §11 ("Sparse track") ask
// (media/mp4/smooth-sparse-track.ts has the boxes).
//
// It sits in front of the output's feed sender and reads the feed as it passes
// (fmp4/marked-video-side-track.ts): the header gives the video track (its timescale, and its
// trackName in the feed's Live Server Manifest Box: the sparse track's parentTrackName), and
// the sparse stream's header is sent first. The splices are found as in fMP4 HLS segments
// (hls/fmp4-splice-events.ts): each picture with a new splice mark becomes one sparse fragment
// whose time (tfxd) is that picture's presentation time (presentation_time_delta 0), its
// duration the break's (0 when none), its message the splice_info_section re-based onto the
// picture; a repeated picture's mark is retired in the feed sent on. The sparse sender POSTs the header alone first, then each fragment in a short
// POST of its own after the header (§11: a sparse POST ends once its fragment is sent).

import { EMSG_UNKNOWN_DURATION, EmsgSchemes } from "../../media/mp4/emsg.ts";
import { liveManifestTracks, writeSparseFragment, writeSparseTrackHeader } from "../../media/mp4/smooth-sparse-track.ts";
import { MarkedVideoSideTrack, type SideFragment } from "../fmp4/marked-video-side-track.ts";
import type { PushSender } from "../fmp4/push-beside.ts";
import type { MarkedVideoTrack } from "../hls/fmp4-marked-events.ts";
import { spliceEventsIn } from "../hls/fmp4-splice-events.ts";
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

export class SmoothSpliceTrack extends MarkedVideoSideTrack {
  readonly #options: SmoothSpliceTrackOptions;
  #sequenceNumber = 1;

  constructor(options: SmoothSpliceTrackOptions) {
    super(options.feed, options.sparse);
    this.#options = options;
  }

  protected sideHeader(header: Buffer, video: MarkedVideoTrack): Uint8Array {
    return writeSparseTrackHeader({ trackId: SPARSE_TRACK_ID, trackName: this.#options.trackName, parentTrackName: feedTrackName(header, video.trackId), timescale: video.timescale, scheme: EmsgSchemes.SCTE35_BIN });
  }

  /** A sparse fragment for each new splice. */
  protected sideFragment(bytes: Buffer, video: MarkedVideoTrack): SideFragment {
    const found = spliceEventsIn(bytes, video, this.#options.splices);
    const side = (found?.fragments ?? []).flatMap((fragment) => fragment.events).map((event) => {
      const duration = event.eventDuration === EMSG_UNKNOWN_DURATION ? 0 : event.eventDuration;
      const fragment = writeSparseFragment({ trackId: SPARSE_TRACK_ID, sequenceNumber: this.#sequenceNumber, time: event.presentationTime, duration, id: event.id, presentationTimeDelta: 0, message: event.messageData });
      this.#sequenceNumber += 1;
      return fragment;
    });
    return { side, found };
  }
}
