// The parameter sets of one input's video, so that the first keyframe after a switch carries
// them. Many encoders repeat SPS/PPS before every
// IDR, but some send them only at the start of the stream (or every few GOPs); the encoder
// reading the program would then decode the new input's pictures with the old input's
// parameter sets (same ids, other sizes): garbage. Pure: bytes in, bytes out.
//
//   keyframe as received:  [AUD] [SEI] [IDR slice …]
//   first after a switch:  [AUD] [SPS] [PPS] [SEI] [IDR slice …]      H.264, ITU-T H.264 §7.4.1.2.3
//                          [AUD] [VPS] [SPS] [PPS] [SEI] [IRAP …]     H.265, ITU-T H.265 §7.4.2.4.4
// (parameter sets go after an access unit delimiter, before any other NAL unit of the unit).

import { joinAnnexB, splitAnnexB } from "../../media/bits/annex-b.ts";
import { H264NalTypes } from "../../media/h264/nal-header.ts";
import { H265NalTypes, h265NalType } from "../../media/h265/nal-header.ts";
import type { Codec } from "../../media/types.ts";

function nalType(codec: Codec, nal: Uint8Array): number {
  return codec === "H265" ? h265NalType(nal) : (nal[0] ?? 0) & 0x1f;
}

/** Parameter-set NAL types in the order they must appear. */
function parameterSetTypes(codec: Codec): readonly number[] {
  if (codec === "H264") return [H264NalTypes.SPS, H264NalTypes.PPS];
  if (codec === "H265") return [H265NalTypes.VPS, H265NalTypes.SPS, H265NalTypes.PPS];
  return [];
}

function audType(codec: Codec): number {
  return codec === "H265" ? H265NalTypes.AUD : H264NalTypes.AUD;
}

export class ParameterSets {
  #codec: Codec | undefined;
  /** The latest NAL unit of each parameter-set type (one per type: ids other than 0 are rare in broadcast). */
  readonly #latest = new Map<number, Uint8Array>();

  /** Remembers the parameter sets a video access unit carries. */
  observe(codec: Codec, data: Uint8Array): void {
    const types = parameterSetTypes(codec);
    if (types.length === 0) return;
    if (codec !== this.#codec) {
      this.#codec = codec;
      this.#latest.clear();
    }
    // Cheap test first: most access units carry no parameter set.
    for (const nal of splitAnnexB(data)) {
      const type = nalType(codec, nal);
      if (types.includes(type)) this.#latest.set(type, nal.slice());
    }
  }

  /** The keyframe with the remembered parameter sets it lacks inserted (the keyframe itself when it has them all, or nothing is known). */
  complete(codec: Codec, keyframe: Uint8Array): Uint8Array {
    const types = parameterSetTypes(codec);
    if (types.length === 0 || codec !== this.#codec) return keyframe;
    const nals = splitAnnexB(keyframe);
    const present = new Set(nals.map((nal) => nalType(codec, nal)));
    const missing = types.filter((type) => !present.has(type) && this.#latest.has(type)).map((type) => this.#latest.get(type)!);
    if (missing.length === 0) return keyframe;
    const at = nals.length > 0 && nalType(codec, nals[0]!) === audType(codec) ? 1 : 0;
    return joinAnnexB([...nals.slice(0, at), ...missing, ...nals.slice(at)]);
  }
}
