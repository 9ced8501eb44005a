// A CMAF ingest group's SCTE-35 track (scte35Type SCTE_35_WITHOUT_SEGMENTATION): an event
// message track (cmaf-event-track.ts) as MediaLive sends it (`Streams(scte.cmfm)`). The splices
// are found as in fMP4 HLS segments (hls/fmp4-splice-events.ts): each picture with a new splice
// mark becomes an event (scheme urn:scte:scte35:2013:bin, SCTE 214-3; message_data the
// splice_info_section re-based onto that picture; id the mark) at its presentation time, and a
// repeated picture's mark is retired in the video sent on. An event with a break duration is
// repeated in each later segment it is still active in.

import type { PushSender } from "../fmp4/push-beside.ts";
import { spliceEventsIn } from "../hls/fmp4-splice-events.ts";
import type { MarkedSplices } from "../scte35/scte35-passthrough.ts";
import { CmafEventTrack } from "./cmaf-event-track.ts";

export interface CmafSpliceTrackOptions {
  /** The video track's sender: gets the video, marks of repeated pictures retired. */
  readonly video: PushSender;
  /** The SCTE-35 track's sender: gets the track's init segment and segments. */
  readonly events: PushSender;
  /** The splices passed so far (kept across encoder runs, as the other outputs keep theirs). */
  readonly splices: MarkedSplices;
}

export class CmafSpliceTrack extends CmafEventTrack {
  constructor(options: CmafSpliceTrackOptions) {
    super({ video: options.video, events: options.events, handlerName: "SCTE-35", eventsOf: (fragment, video) => spliceEventsIn(fragment, video, options.splices) });
  }
}
