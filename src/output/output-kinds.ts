// The kinds of output group openlive produces: the one place a new kind is added (its folder
// beside hls/ implements OutputKind). MediaLive's other group types are refused by the
// channel validator until their kind is listed here.

import type { ChannelConfig } from "../domain/channels/channel-config.ts";
import type { OutputGroup } from "../model/generated/medialive-types.ts";
import type { ValidationProblem } from "../shared/errors.ts";
import { ARCHIVE_OUTPUT } from "./archive/archive-output.ts";
import { FRAME_CAPTURE_OUTPUT } from "./frame-capture/frame-capture-output.ts";
import { HLS_OUTPUT } from "./hls/hls-output.ts";
import { MEDIAPACKAGE_OUTPUT } from "./mediapackage/mediapackage-output.ts";
import { UDP_OUTPUT } from "./udp/udp-output.ts";
import type { OutputCheckContext, OutputKind } from "./output-kind.ts";
import { CMAF_INGEST_OUTPUT } from "./cmaf-ingest/cmaf-ingest-output.ts";
import { MS_SMOOTH_OUTPUT } from "./ms-smooth/ms-smooth-output.ts";
import { RTMP_OUTPUT } from "./rtmp/rtmp-output.ts";
import { SRT_OUTPUT } from "./srt/srt-output.ts";

export const OUTPUT_KINDS: readonly OutputKind[] = [HLS_OUTPUT, ARCHIVE_OUTPUT, FRAME_CAPTURE_OUTPUT, CMAF_INGEST_OUTPUT, MS_SMOOTH_OUTPUT, MEDIAPACKAGE_OUTPUT, UDP_OUTPUT, RTMP_OUTPUT, SRT_OUTPUT];

/** The kind of an output group: the one whose settings member it sets. */
export function outputKindOf(group: OutputGroup): OutputKind | undefined {
  return OUTPUT_KINDS.find((kind) => group.outputGroupSettings?.[kind.kind] !== undefined);
}

/** Every kind's problems with a channel on this host (CreateChannel, UpdateChannel, StartChannel). */
export function checkOutputs(config: ChannelConfig, context: OutputCheckContext): ValidationProblem[] {
  return OUTPUT_KINDS.flatMap((kind) => kind.check(config, context));
}
