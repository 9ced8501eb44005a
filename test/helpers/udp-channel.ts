// A UDP output group added to a channel in MediaLive's wire form: one destination per
// output (udp:// or rtp:// URLs) and one udpOutputSettings each, naming the channel's first
// video and audio descriptions. Unit tests and the UDP e2e test share it.

type Json = Record<string, any>;

export interface UdpOutputSpec {
  readonly outputName: string;
  /** One URL per pipeline. */
  readonly urls: readonly string[];
  readonly m2tsSettings?: Json;
  readonly fecOutputSettings?: Json;
  readonly bufferMsec?: number;
}

/** `config` with a group named `groupName` sending each of `outputs` (changes and returns `config`). */
export function withUdpGroup(config: Json, groupName: string, outputs: readonly UdpOutputSpec[], groupSettings: Json = {}): Json {
  const video = config.encoderSettings.videoDescriptions[0].name;
  const audio = config.encoderSettings.audioDescriptions[0].name;
  for (const output of outputs) config.destinations.push({ id: `${groupName}-${output.outputName}`, settings: output.urls.map((url) => ({ url })) });
  config.encoderSettings.outputGroups.push({
    name: groupName,
    outputGroupSettings: { udpGroupSettings: groupSettings },
    outputs: outputs.map((output) => ({
      outputName: output.outputName,
      videoDescriptionName: video,
      audioDescriptionNames: [audio],
      outputSettings: {
        udpOutputSettings: {
          destination: { destinationRefId: `${groupName}-${output.outputName}` },
          containerSettings: { m2tsSettings: output.m2tsSettings ?? {} },
          ...(output.fecOutputSettings ? { fecOutputSettings: output.fecOutputSettings } : {}),
          ...(output.bufferMsec !== undefined ? { bufferMsec: output.bufferMsec } : {}),
        },
      },
    })),
  });
  return config;
}
