// A CMAF ingest group's ID3 track (id3Behavior ENABLED): an event message track
// (cmaf-event-track.ts) as MediaLive sends it, `Streams(<id3NameModifier, default "id3">.cmfm)`.
// Each tag an ID3 mark brings for the group's carriage (hls/fmp4-id3-events.ts: the group's
// timedMetadataId3Frame timestamps, the schedule's timedMetadataSettings and
// id3SegmentTaggingSettings tags) becomes an event (scheme https://aomedia.org/emsg/ID3, AOM
// "Carriage of ID3 Timed Metadata in CMAF"; message_data the whole ID3v2 tag; id the mark) at
// the presentation time of the picture it was fed with; its duration is unknown, so it is in
// the segment it starts in only. The video sent on keeps no mark.

import type { PushSender } from "../fmp4/push-beside.ts";
import { id3EventsIn, type MarkedId3 } from "../hls/fmp4-id3-events.ts";
import { CmafEventTrack } from "./cmaf-event-track.ts";

export interface CmafId3TrackOptions {
  /** The video track's sender: gets the video, ID3 marks retired. */
  readonly video: PushSender;
  /** The ID3 track's sender: gets the track's init segment and segments. */
  readonly events: PushSender;
  /** The ID3 marks passed so far, for the group's carriage. */
  readonly marks: MarkedId3;
}

export class CmafId3Track extends CmafEventTrack {
  constructor(options: CmafId3TrackOptions) {
    super({ video: options.video, events: options.events, handlerName: "ID3", eventsOf: (fragment, video) => id3EventsIn(fragment, video, options.marks) });
  }
}
