// Channel request material shared by the channel e2e files (SDK and aws CLI).

import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT, TEST_OUTPUT_ROOT } from "./openlive-process.ts";

/** examples/channel-hls.json (the README channel, PascalCase), with INPUT_ID to replace; it publishes inside TEST_OUTPUT_ROOT. */
export const EXAMPLE = readFileSync(path.join(REPO_ROOT, "examples", "channel-hls.json"), "utf8").replaceAll("OUTPUT_ROOT", TEST_OUTPUT_ROOT);

/** An ISO timestamp `ms` from now. */
export function isoIn(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

/**
 * A maker of fresh file:// destination URLs under <TEST_OUTPUT_ROOT>/<folder>/<pid>/<n>/index
 * (inside the test services' output root), so no two channels ever publish to one place.
 */
export function fileUrls(folder: string): () => string {
  let counter = 0;
  return () => `file://${TEST_OUTPUT_ROOT}/${folder}/${process.pid}/${++counter}/index`;
}

export interface SmallChannelOptions {
  /** HLS segment length in seconds (the example's 6 when not given). */
  segmentLengthS?: number;
}

/**
 * EXAMPLE on one input and one destination, encoding 320x180 at 300 kbit/s so that tests running real channels
 * on two cores stay light. `destination` is a URL or a whole destination setting (credentials, …).
 */
export function smallChannel(inputId: string, destination: string | Record<string, unknown>, options: SmallChannelOptions = {}): Record<string, any> {
  const channel = JSON.parse(EXAMPLE) as Record<string, any>;
  channel.InputAttachments[0].InputId = inputId;
  channel.Destinations[0].Settings = [typeof destination === "string" ? { Url: destination } : destination];
  if (options.segmentLengthS !== undefined) channel.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.SegmentLength = options.segmentLengthS;
  const video = channel.EncoderSettings.VideoDescriptions[0];
  Object.assign(video, { Width: 320, Height: 180 });
  video.CodecSettings.H264Settings.Bitrate = 300_000;
  return channel;
}

export interface ExampleChannelOptions {
  /** Default the example's name. */
  readonly name?: string;
  /** Default the example's SINGLE_PIPELINE; STANDARD wants two URLs. */
  readonly channelClass?: "SINGLE_PIPELINE" | "STANDARD";
  /** Default the example's "main". */
  readonly attachmentName?: string;
}

/** EXAMPLE as a CreateChannel request on `inputId`, publishing to `urls` (one per pipeline). */
export function exampleChannelOn(inputId: string, urls: readonly string[], options: ExampleChannelOptions = {}): Record<string, any> {
  const channel = JSON.parse(EXAMPLE.replaceAll("INPUT_ID", inputId)) as Record<string, any>;
  if (options.name !== undefined) channel.Name = options.name;
  if (options.channelClass !== undefined) channel.ChannelClass = options.channelClass;
  if (options.attachmentName !== undefined) channel.InputAttachments[0].InputAttachmentName = options.attachmentName;
  channel.Destinations[0].Settings = urls.map((url) => ({ Url: url }));
  return channel;
}
