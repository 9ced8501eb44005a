// RTMP output ad markers (rtmpGroupSettings.adMarkers ON_CUE_POINT_SCTE35): each splice the
// pipeline marked on a picture (media/scte35/splice-mark-sei.ts; the splice mark log says
// which section it stands for) becomes an AMF0 data message `onCuePoint` sent just before that
// picture's video message, at its timestamp. MediaLive's documentation does not show the object
// it writes; this is Adobe's cue point object (ActionScript NetStream.onCuePoint) carrying the
// message, as RTMP ingest servers that read SCTE-35 cue points take it:
//
//   "onCuePoint", {
//     name: "scte35",
//     time: <the picture's presentation time on the publish's timeline, s>,
//     type: "event",
//     parameters: { cue: <base64 splice_info_section>, duration: <s, avail starts that declare one> }
//   }
//
// The section is the one the splice stands for with pts_adjustment set so that its splice time
// is that same instant (ANSI/SCTE 35 2023 §9.6.1, 90 kHz = ms × 90). The picture's presentation
// time is the message timestamp (DTS) plus the AVC CompositionTime (Adobe FLV spec v10.1 §E.4.3 VIDEODATA).
// A mark is passed once (a picture the encoder repeated carries it again). Pure.

import { Buffer } from "node:buffer";
import { joinAnnexB } from "../../media/bits/annex-b.ts";
import { parseFlvVideoTag } from "../../media/flv/flv-tags.ts";
import { SPLICE_MARK_UUID } from "../../media/scte35/splice-mark-sei.ts";
import { wrap33 } from "../../media/scte35/splice-pts.ts";
import { encodeAmf0 } from "../../protocols/rtmp/amf0.ts";
import type { SpliceMarkLog } from "../hls/splice-mark-log.ts";
import { MarkedSplices } from "../scte35/scte35-passthrough.ts";
import { FlvTagTypes, type FlvTag } from "./flv-tag-reader.ts";

/** The data message's handler name and the cue point's name. */
export const CUE_POINT_HANDLER = "onCuePoint";
export const SCTE35_CUE_NAME = "scte35";

const TICKS_PER_MS = 90;
const MS_PER_SECOND = 1000;

export class FlvCuePoints {
  readonly #splices: MarkedSplices;

  constructor(log: SpliceMarkLog) {
    this.#splices = new MarkedSplices(log);
  }

  /** The onCuePoint messages (AMF0 values, handler name first) to send just before `tag`, a video tag on the publish's timeline. */
  before(tag: FlvTag): Uint8Array[] {
    if (tag.type !== FlvTagTypes.VIDEO || !holdsMark(tag.data)) return [];
    const video = parseFlvVideoTag(tag.data);
    if (video.kind !== "avc-nalus") return [];
    const ptsMs = tag.timestampMs + video.compositionTimeMs;
    const picture = { codec: "H264" as const, pts90k: wrap33(ptsMs * TICKS_PER_MS), accessUnit: joinAnnexB(video.nalus) };
    return this.#splices.splicesFor(picture).map((splice) =>
      encodeAmf0(CUE_POINT_HANDLER, {
        name: SCTE35_CUE_NAME,
        time: ptsMs / MS_PER_SECOND,
        type: "event",
        parameters: { cue: Buffer.from(splice.section).toString("base64"), ...(splice.durationSec !== null ? { duration: splice.durationSec } : {}) },
      }),
    );
  }
}

// The UUID holds no 00 00, so no emulation prevention byte splits it: a tag without it has no mark.
function holdsMark(data: Uint8Array): boolean {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).indexOf(SPLICE_MARK_UUID) >= 0;
}
