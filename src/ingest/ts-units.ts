// MPEG-TS bytes → edge events, for every edge that receives TS (RTP, SRT listener, pulls):
// demuxes (ISO/IEC 13818-1), decides each video picture's keyframe flag from the bitstream
// once (many encoders do not set random_access_indicator), and counts the bytes handed on.
// Pure: bytes and time in, events out.

import { TsDemuxer } from "../media/mpegts/ts-demuxer.ts";
import { isKeyframe } from "../media/keyframes.ts";
import type { InputEdgeEvent } from "./input-edge.ts";

export class TsUnits {
  readonly #demuxer = new TsDemuxer();
  #mediaBytes = 0;
  #continuityErrors = 0;

  /** MPEG-TS bytes (whole packets or not). */
  push(bytes: Uint8Array, nowMs: number): InputEdgeEvent[] {
    this.#mediaBytes += bytes.length;
    const events: InputEdgeEvent[] = [{ type: "media", bytes: bytes.length }];
    for (const event of this.#demuxer.push(bytes, nowMs)) {
      if (event.type === "program") events.push({ type: "program", program: event.program });
      else if (event.type === "pes") {
        const pes = event.pes;
        const keyframe = pes.kind === "audio" || (pes.kind === "video" && isKeyframe(pes.codec, pes.data));
        events.push({
          type: "unit",
          unit: { trackId: pes.pid, kind: pes.kind, codec: pes.codec, pts90k: pes.pts90k, dts90k: pes.dts90k, keyframe, randomAccess: pes.randomAccess, data: pes.data },
        });
      } else if (event.type === "scte35") events.push(event);
      else if (event.type === "errors" && event.stats.continuityErrors !== this.#continuityErrors) {
        this.#continuityErrors = event.stats.continuityErrors;
        events.push({ type: "continuity", continuityErrors: this.#continuityErrors });
      }
    }
    return events;
  }

  /** TS bytes pushed so far. */
  get mediaBytes(): number {
    return this.#mediaBytes;
  }

  get continuityErrors(): number {
    return this.#continuityErrors;
  }
}
