// Channel configurations for the encoder-plan tests, in MediaLive's wire form (camelCase), as
// validate-channel.ts accepts them; the smallest channel is test/helpers/minimal-channel.ts.

import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import type { EncoderPlanRequest, FedStreamLayout, FileDestination } from "../../../../src/output/encoder/encoder-plan.ts";
import { minimalHls } from "../../../helpers/minimal-channel.ts";

export { minimalHls };

type Json = Record<string, any>;

export function h264Video(name: string, width: number, height: number, h264: Json): Json {
  return { name, width, height, codecSettings: { h264Settings: { framerateControl: "SPECIFIED", framerateNumerator: 30, framerateDenominator: 1, gopSize: 2, gopSizeUnits: "SECONDS", profile: "HIGH", ...h264 } } };
}

export function hlsOutput(outputName: string, videoDescriptionName: string, nameModifier: string, extra: Json = {}): Json {
  return {
    outputName,
    videoDescriptionName,
    audioDescriptionNames: ["a_aac"],
    outputSettings: { hlsOutputSettings: { nameModifier, hlsSettings: { standardHlsSettings: { m3u8Settings: {} } } } },
    ...extra,
  };
}

/** The minimal channel with a 3-rung H.264 ladder (1080p VBR, 720p CBR, 360p QVBR) in one group. */
export function abrLadder(): Json {
  const config = minimalHls();
  config.encoderSettings.videoDescriptions = [
    h264Video("v1080", 1920, 1080, { rateControlMode: "VBR", bitrate: 5000000, maxBitrate: 7500000 }),
    h264Video("v720", 1280, 720, { rateControlMode: "CBR", bitrate: 3000000, bufSize: 6000000 }),
    h264Video("v360", 640, 360, { rateControlMode: "QVBR", maxBitrate: 1000000, qvbrQualityLevel: 8, profile: "MAIN" }),
  ];
  config.encoderSettings.outputGroups[0].outputs = [hlsOutput("1080p", "v1080", "_1080p"), hlsOutput("720p", "v720", "_720p"), hlsOutput("360p", "v360", "_360p")];
  return config;
}

export const FED_720P30: FedStreamLayout = { videoCodec: "H264", width: 1280, height: 720, frameRate: { num: 30, den: 1 }, audioSelectorNames: ["default"] };

export function fileDestination(folder: string, baseName = "index"): FileDestination {
  return { kind: "file", folder, baseName };
}

export function planRequest(config: Json, destinations: Record<string, FileDestination> = { hls: fileDestination("/srv/out/live") }, fed: FedStreamLayout = FED_720P30): EncoderPlanRequest {
  return {
    config: config as unknown as ChannelConfig,
    pipelineIndex: 0,
    fed,
    destinations: new Map(Object.entries(destinations)),
    thumbnailFile: "/srv/thumbs/pipeline0.jpg",
  };
}
