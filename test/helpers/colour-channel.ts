// The small colour channels of the real-time tests and benches: EXAMPLE reshaped to a 320x180
// 25 fps 300 kbit/s H.264 output (the colour upstreams' layout, so a switch needs no new
// encoder), with 1 s segments and GOPs and a solid-colour input-loss image, and the
// RTP_PUSH primary/secondary pairs of automatic input failover.

import { CreateInputCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { EXAMPLE } from "./channel-fixtures.ts";
import { createChannelId } from "./channel-lifecycle.ts";
import { TEST_PALETTE, type Palette } from "./colour-frames.ts";

export const FPS = 25;
export const FRAME_MS = 1000 / FPS;
/** The usual input-loss image: green, so fill frames are told apart from the red and blue sources and from black. */
export const GREEN_FILL_COLOUR = "00FF00";
/** Scheduling slack on top of a failover threshold: the worker's 40 ms tick, RTP/TS buffering, one more frame. */
export const SWITCH_SLACK_MS = 200;

/** Fill frames allowed between the last primary and the first secondary frame after an input loss of `thresholdMs`. */
export function lossGapBoundFrames(thresholdMs: number): number {
  return Math.ceil((thresholdMs + 2 * FRAME_MS + SWITCH_SLACK_MS) / FRAME_MS);
}

/** TEST_PALETTE plus ffmpeg's yellow and magenta. */
export const WIDE_PALETTE: Palette = { ...TEST_PALETTE, yellow: [255, 255, 0], magenta: [255, 0, 255] };

export interface ColourChannelOptions {
  readonly name: string;
  /** Default SINGLE_PIPELINE. */
  readonly channelClass?: "SINGLE_PIPELINE" | "STANDARD";
  readonly inputAttachments: readonly Record<string, unknown>[];
  /** The HLS destination URLs, one per pipeline. */
  readonly outputUrls: readonly string[];
  /** RRGGBB of a COLOR input-loss image shown at once (no repeated or black frames); EXAMPLE's behaviour if not given. */
  readonly fillColour?: string;
  /** 1 s HLS segments and a 1 s GOP. Default true; false keeps EXAMPLE's. */
  readonly oneSecond?: boolean;
  /** EXT-X-PROGRAM-DATE-TIME from the system clock. Default false. */
  readonly programDateTime?: boolean;
}

/** A CreateChannel request for a 320x180 colour channel. */
export function colourChannel(options: ColourChannelOptions): Record<string, any> {
  const channel = JSON.parse(EXAMPLE) as Record<string, any>;
  channel.Name = options.name;
  channel.ChannelClass = options.channelClass ?? "SINGLE_PIPELINE";
  channel.InputAttachments = options.inputAttachments;
  channel.Destinations[0].Settings = options.outputUrls.map((url) => ({ Url: url }));
  if (options.fillColour !== undefined) {
    channel.EncoderSettings.GlobalConfiguration = { InputLossBehavior: { RepeatFrameMsec: 0, BlackFrameMsec: 0, InputLossImageType: "COLOR", InputLossImageColor: options.fillColour } };
  }
  const oneSecond = options.oneSecond ?? true;
  const hls = channel.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings;
  if (oneSecond) hls.SegmentLength = 1;
  if (options.programDateTime) Object.assign(hls, { ProgramDateTime: "INCLUDE", ProgramDateTimeClock: "SYSTEM_CLOCK" });
  const video = channel.EncoderSettings.VideoDescriptions[0];
  video.Width = 320;
  video.Height = 180;
  Object.assign(video.CodecSettings.H264Settings, { Bitrate: 300_000, FramerateNumerator: FPS, FramerateDenominator: 1, ...(oneSecond ? { GopSize: 1, GopSizeUnits: "SECONDS" } : {}) });
  return channel;
}

export interface FailoverPairSettings {
  readonly InputPreference: "EQUAL_INPUT_PREFERENCE" | "PRIMARY_INPUT_PREFERRED";
  readonly ErrorClearTimeMsec?: number;
  readonly FailoverConditions: readonly Record<string, unknown>[];
}

/** An input-loss failover condition. */
export function inputLossCondition(thresholdMs: number): Record<string, unknown> {
  return { FailoverConditionSettings: { InputLossSettings: { InputLossThresholdMsec: thresholdMs } } };
}

/**
 * The attachments "primary" (carrying automaticInputFailoverSettings) and "secondary", both with
 * the audio selector "default" (failover conditions may name it) and SourceEndBehavior CONTINUE.
 */
export function failoverAttachments(primaryInputId: string, secondaryInputId: string, failover: FailoverPairSettings): Record<string, unknown>[] {
  const inputSettings = { AudioSelectors: [{ Name: "default" }], SourceEndBehavior: "CONTINUE" };
  return [
    {
      InputId: primaryInputId,
      InputAttachmentName: "primary",
      InputSettings: inputSettings,
      AutomaticInputFailoverSettings: { SecondaryInputId: secondaryInputId, ...failover },
    },
    { InputId: secondaryInputId, InputAttachmentName: "secondary", InputSettings: inputSettings },
  ];
}

export interface PushInput {
  readonly id: string;
  /** Input.Destinations[].Url: one per pipeline. */
  readonly urls: string[];
}

/** Creates the RTP_PUSH inputs `${namePrefix}-primary` and `${namePrefix}-secondary` in the security group. */
export async function createRtpPair(client: MediaLiveClient, namePrefix: string, isgId: string): Promise<{ primary: PushInput; secondary: PushInput }> {
  const create = async (role: string): Promise<PushInput> => {
    const created = await client.send(new CreateInputCommand({ Name: `${namePrefix}-${role}`, Type: "RTP_PUSH", InputSecurityGroups: [isgId] }));
    return { id: created.Input!.Id!, urls: created.Input!.Destinations!.map((d) => d.Url!) };
  };
  const primary = await create("primary");
  const secondary = await create("secondary");
  return { primary, secondary };
}

export interface FailoverChannelOptions extends Omit<ColourChannelOptions, "inputAttachments"> {
  /** The security group of the two RTP_PUSH inputs. */
  readonly isgId: string;
  /** The inputs are `${inputPrefix}-primary` and `${inputPrefix}-secondary`; default the channel's name. */
  readonly inputPrefix?: string;
  /** The primary attachment's automaticInputFailoverSettings. */
  readonly failover: FailoverPairSettings;
}

/** Creates an RTP_PUSH failover pair (createRtpPair) and a colour channel on it (failoverAttachments); returns the channel id and the inputs. */
export async function createFailoverChannel(client: MediaLiveClient, options: FailoverChannelOptions): Promise<{ channelId: string; primary: PushInput; secondary: PushInput }> {
  const { isgId, inputPrefix, failover, ...channelOptions } = options;
  const { primary, secondary } = await createRtpPair(client, inputPrefix ?? options.name, isgId);
  const channelId = await createChannelId(client, colourChannel({ ...channelOptions, inputAttachments: failoverAttachments(primary.id, secondary.id, failover) }));
  return { channelId, primary, secondary };
}
