// One MPEG-2 video access unit (or any ES chunk) → keyframe (an I picture, §6.3.9) and the
// sequence header / extension it repeats. Streams usually put a sequence header and GOP
// header before every I picture.

import { Codecs, type VideoInfo } from "../types.ts";
import { parseMpeg2PictureHeader, PictureCodingTypes } from "./picture-header.ts";
import { mpeg2LevelName, mpeg2ProfileName, parseMpeg2SequenceExtension, type Mpeg2SequenceExtension } from "./sequence-extension.ts";
import { parseMpeg2SequenceHeader, type Mpeg2SequenceHeader } from "./sequence-header.ts";
import { Mpeg2StartCodes, splitMpeg2StartCodes } from "./start-codes.ts";

export interface Mpeg2AccessUnitInfo {
  readonly keyframe: boolean;
  readonly gopHeader: boolean;
  readonly sequenceHeader?: Mpeg2SequenceHeader;
  readonly sequenceExtension?: Mpeg2SequenceExtension;
}

export function parseMpeg2VideoAccessUnit(es: Uint8Array): Mpeg2AccessUnitInfo {
  let keyframe = false;
  let gopHeader = false;
  let sequenceHeader: Mpeg2SequenceHeader | undefined;
  let sequenceExtension: Mpeg2SequenceExtension | undefined;
  for (const unit of splitMpeg2StartCodes(es)) {
    if (unit.code === Mpeg2StartCodes.SEQUENCE_HEADER) sequenceHeader = parseMpeg2SequenceHeader(unit.body) ?? sequenceHeader;
    else if (unit.code === Mpeg2StartCodes.EXTENSION) sequenceExtension = parseMpeg2SequenceExtension(unit.body) ?? sequenceExtension;
    else if (unit.code === Mpeg2StartCodes.GROUP) gopHeader = true;
    else if (unit.code === Mpeg2StartCodes.PICTURE && parseMpeg2PictureHeader(unit.body)?.pictureCodingType === PictureCodingTypes.I) keyframe = true;
  }
  const out: { keyframe: boolean; gopHeader: boolean; sequenceHeader?: Mpeg2SequenceHeader; sequenceExtension?: Mpeg2SequenceExtension } = { keyframe, gopHeader };
  if (sequenceHeader) out.sequenceHeader = sequenceHeader;
  if (sequenceExtension) out.sequenceExtension = sequenceExtension;
  return out;
}

/** Sequence header (+ extension for MPEG-2; without it the stream is MPEG-1, progressive) → VideoInfo. */
export function videoInfoFromMpeg2Sequence(header: Mpeg2SequenceHeader, extension?: Mpeg2SequenceExtension): VideoInfo {
  const width = header.horizontalSize + ((extension?.horizontalSizeExtension ?? 0) << 12);
  const height = header.verticalSize + ((extension?.verticalSizeExtension ?? 0) << 12);
  // §6.3.5: frame_rate = frame_rate_value × (frame_rate_extension_n + 1) ÷ (frame_rate_extension_d + 1)
  const frameRate =
    header.frameRate === undefined
      ? undefined
      : Math.round(((header.frameRate * ((extension?.frameRateExtensionN ?? 0) + 1)) / ((extension?.frameRateExtensionD ?? 0) + 1)) * 1000) / 1000;
  return {
    codec: Codecs.MPEG2_VIDEO,
    ...(extension ? { profile: mpeg2ProfileName(extension.profileAndLevelIndication), level: mpeg2LevelName(extension.profileAndLevelIndication) } : {}),
    width,
    height,
    ...(frameRate !== undefined ? { frameRate } : {}),
    interlaced: extension ? !extension.progressiveSequence : false,
  };
}
