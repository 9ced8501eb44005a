// A Microsoft Smooth group's part of the encoder plan: one `ismv` tee slave per output (its
// video and audio in one Smooth live feed: the stream manifest `uuid` box, `moov`, then a
// fragment per track per fragmentLength, ffmpeg's `isml` mode), written to the relay socket
// of the output's sender (smooth-beside.ts). With a SCTE-35 sparse track, the video keeps the
// pictures' splice marks (the sender reads the splices back from them).

import type { OutputGroup } from "../../model/generated/medialive-types.ts";
import { encodeFmp4Streams, fmp4OutputMedia, fragmentOptions } from "../fmp4/fmp4-slave.ts";
import { outputGroupKey, outputSlaveKey } from "../output-group-key.ts";
import type { GroupPlan, GroupPlanContext } from "../output-kind.ts";
import { SMOOTH_DEFAULTS, groupSendsSmoothSparseTrack } from "./smooth-names.ts";

export function planMsSmoothGroup(group: OutputGroup, groupIndex: number, context: GroupPlanContext): GroupPlan {
  const settings = group.outputGroupSettings.msSmoothGroupSettings;
  if (!settings) throw new TypeError(`output group "${group.name}" is not a Microsoft Smooth group`);
  const groupKey = outputGroupKey(group, groupIndex);
  const fragmentLengthSec = settings.fragmentLength ?? SMOOTH_DEFAULTS.fragmentLengthSec;
  group.outputs.forEach((output, outputIndex) => {
    const key = outputSlaveKey(groupKey, output.outputName, outputIndex);
    const path = context.request.slaveTargets?.get(key);
    if (!path) throw new TypeError(`no sender for output ${key}`);
    const media = fmp4OutputMedia(output, outputIndex, groupKey, context);
    const streams = encodeFmp4Streams(media, { video: true, audios: media.audios, spliceMarks: groupSendsSmoothSparseTrack(group) }, fragmentLengthSec, context);
    context.addSlave({ format: "ismv", options: fragmentOptions(fragmentLengthSec, media.video !== undefined, ["isml"]), streams, path });
  });
  return {};
}
