// MediaLive's names of frame captures: `<baseFilename><nameModifier>.<counter>.jpg`, the
// counter five digits from 00000 (growing to six after 99999) (MediaLive User Guide, "Frame
// capture destination").

import type { FrameCaptureOutputSettings } from "../../model/generated/medialive-types.ts";
import type { CountedName } from "../archive/archive-names.ts";

export const FRAME_CAPTURE_COUNTER_DIGITS = 5;
export const FRAME_CAPTURE_EXTENSION = "jpg";

export function frameCaptureName(baseName: string, settings: FrameCaptureOutputSettings | undefined): CountedName {
  return { prefix: `${baseName}${settings?.nameModifier ?? ""}`, digits: FRAME_CAPTURE_COUNTER_DIGITS, extension: FRAME_CAPTURE_EXTENSION };
}

/** The encoder's own name for output `outputIndex`'s captures in the staging folder. */
export function stagedCaptureName(outputIndex: number): CountedName {
  return { prefix: `o${outputIndex}`, digits: FRAME_CAPTURE_COUNTER_DIGITS, extension: FRAME_CAPTURE_EXTENSION };
}
