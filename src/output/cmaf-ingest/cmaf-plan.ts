// A CMAF ingest group's part of the encoder plan: one fragmented-MP4 tee slave per track
// (CMAF: one track per stream), fed by the shared encode and written to the relay socket
// of the track's sender (cmaf-beside.ts). Each fragment is one CMAF segment of the group's
// segmentLength, starting with an IDR for video (fmp4/fmp4-slave.ts). A group that sends a
// SCTE-35 or an ID3 track has its first video track's pictures keep their splice and ID3 marks
// (the sender makes the tracks from them, cmaf-splice-track.ts, cmaf-id3-track.ts).

import type { OutputGroup } from "../../model/generated/medialive-types.ts";
import { encodeFmp4Streams, fmp4OutputMedia, fragmentOptions } from "../fmp4/fmp4-slave.ts";
import { outputGroupKey } from "../output-group-key.ts";
import type { GroupPlan, GroupPlanContext } from "../output-kind.ts";
import { cmafSegmentLengthSec, cmafSpliceSourceKey, cmafTracks, groupSendsCmafId3, groupSendsCmafScte35 } from "./cmaf-names.ts";

/** CMAF brands and sample grouping as ISO/IEC 23000-19 asks (ffmpeg's mp4 `cmaf` flag), each fragment's base its own moof. */
const CMAF_MOVFLAGS = ["default_base_moof", "cmaf"] as const;

export function planCmafIngestGroup(group: OutputGroup, groupIndex: number, context: GroupPlanContext): GroupPlan {
  const settings = group.outputGroupSettings.cmafIngestGroupSettings;
  if (!settings) throw new TypeError(`output group "${group.name}" is not a CMAF ingest group`);
  const groupKey = outputGroupKey(group, groupIndex);
  const segmentLengthSec = cmafSegmentLengthSec(settings);
  const spliceSource = groupSendsCmafScte35(group) || groupSendsCmafId3(group) ? cmafSpliceSourceKey(groupKey, group.outputs) : undefined;
  group.outputs.forEach((output, outputIndex) => {
    const media = fmp4OutputMedia(output, outputIndex, groupKey, context);
    for (const track of cmafTracks(groupKey, output, outputIndex)) {
      const path = context.request.slaveTargets?.get(track.key);
      if (!path) throw new TypeError(`no sender for track ${track.key}`);
      const audios = track.type === "audio" ? [media.audios[track.audioIndex!]!] : [];
      const streams = encodeFmp4Streams(media, { video: track.type === "video", audios, spliceMarks: track.key === spliceSource }, segmentLengthSec, context);
      context.addSlave({ format: "mp4", options: fragmentOptions(segmentLengthSec, track.type === "video", CMAF_MOVFLAGS), streams, path });
    }
  });
  return {};
}
