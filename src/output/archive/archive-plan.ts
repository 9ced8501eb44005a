// An archive output group's part of the encoder plan: one `segment` slave of the shared
// encode per output, cutting a new MPEG-TS file every rolloverInterval seconds (the encode
// puts IDRs on those boundaries, so every file starts with one). The encoder writes into the
// group's staging folder under names of its own (o<output>.<n>.ts); archive/staged-files.ts
// gives each finished file MediaLive's name (archive-names.ts).
//
// Timestamps run on across files (reset_timestamps off): consecutive files join into one
// continuous stream, as a recorder's rolled files do.

import path from "node:path";
import type { OutputGroup } from "../../model/generated/medialive-types.ts";
import { outputCaptionBurnin } from "../captions/burnin-captions.ts";
import { embeddedCaptionNames } from "../captions/webvtt-renditions.ts";
import { destinationTemplate } from "../encoder/destination-paths.ts";
import { outputGroupKey } from "../output-group-key.ts";
import type { GroupPlan, GroupPlanContext } from "../output-kind.ts";
import { ARCHIVE_COUNTER_DIGITS, ARCHIVE_DEFAULT_ROLLOVER_SEC, type CountedName } from "./archive-names.ts";
import { m2tsMuxerOptions } from "../encoder/m2ts-options.ts";
import { m2tsScte35Pid } from "../scte35/scte35-passthrough.ts";

/** The encoder's own name for output `outputIndex`'s files in the staging folder. */
export function stagedArchiveName(outputIndex: number): CountedName {
  return { prefix: `o${outputIndex}`, digits: ARCHIVE_COUNTER_DIGITS, extension: "ts" };
}

export function rolloverSecOf(group: OutputGroup): number {
  return group.outputGroupSettings.archiveGroupSettings?.rolloverInterval || ARCHIVE_DEFAULT_ROLLOVER_SEC;
}

/** The segment muxer's options: a whole MPEG-TS file per rollover, numbered from 0 each run. */
export function archiveSlaveOptions(rolloverSec: number, mpegtsOptions: readonly (readonly [string, string])[]): [string, string][] {
  return [
    ["segment_time", String(rolloverSec)],
    ["segment_format", "mpegts"],
    ["segment_format_options", mpegtsOptions.map(([key, value]) => `${key}=${value}`).join(":")],
    ["segment_start_number", "0"],
  ];
}

export function planArchiveGroup(group: OutputGroup, groupIndex: number, context: GroupPlanContext): GroupPlan {
  if (!group.outputGroupSettings.archiveGroupSettings) throw new TypeError(`output group "${group.name}" is not an archive group`);
  const name = outputGroupKey(group, groupIndex);
  const destination = context.request.destinations.get(name);
  if (!destination) throw new TypeError(`no destination resolved for output group "${name}"`);
  const rolloverSec = rolloverSecOf(group);
  group.outputs.forEach((output, outputIndex) => {
    const archive = output.outputSettings.archiveOutputSettings;
    if (!archive) throw new TypeError(`output ${outputIndex} of group "${name}" is not an archive output`);
    const requester = `output "${output.outputName ?? outputIndex}" of group "${name}"`;
    const video = output.videoDescriptionName ? context.videos.get(output.videoDescriptionName) : undefined;
    if (output.videoDescriptionName && !video) throw new TypeError(`${requester} names no known video description`);
    const audios = (output.audioDescriptionNames ?? []).map((audioName) => {
      const audio = context.audios.get(audioName);
      if (!audio) throw new TypeError(`${requester} names unknown audio description "${audioName}"`);
      return audio;
    });
    const captionDescriptionNames = output.captionDescriptionNames ?? [];
    const embedded = embeddedCaptionNames(context.request.config, captionDescriptionNames);
    const captions = embedded.length > 0 && video?.codec === "H264";
    if (embedded.length > 0 && !captions) context.warn(`${requester}: only H.264 video carries A/53 captions here; the archive has none`);
    const burnin = outputCaptionBurnin(context.request.config, captionDescriptionNames, path.dirname(context.request.thumbnailFile));
    const mux = m2tsMuxerOptions(archive.containerSettings.m2tsSettings, { videoBitrateBps: video ? (video.rate.bitrateBps ?? video.rate.maxBitrateBps) : 0, audios });
    const streams = context.encodeOnce({ ...(video ? { video } : {}), captions, ...(burnin ? { burnin } : {}), audios, segmentLengthSec: rolloverSec, videoPid: mux.videoPid, audioPids: mux.audioPids, ...(m2tsScte35Pid(archive.containerSettings.m2tsSettings) !== undefined ? { spliceMarks: true } : {}), requester });
    const staged = stagedArchiveName(outputIndex);
    context.addSlave({ format: "segment", options: archiveSlaveOptions(rolloverSec, mux.options), streams, path: destinationTemplate(destination, `${staged.prefix}.%0${staged.digits}d.${staged.extension}`) });
  });
  return {};
}
