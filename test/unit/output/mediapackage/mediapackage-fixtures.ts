// MediaPackage channels for the unit tests, in MediaLive's wire form: the minimal HLS channel
// with its group turned into a MediaPackage group, as the real MediaPackage channels are built.

import { minimalHls } from "../encoder/encoder-fixtures.ts";

type Json = Record<string, any>;

/** One 720p output and one audio-only output to the MediaPackage channel `channel` (a v1 id, or v2 settings). */
export function minimalMediaPackage(channel: Json = { channelId: "mp-channel" }): Json {
  const config = minimalHls();
  config.destinations = [{ id: "mp", mediaPackageSettings: [channel] }];
  config.encoderSettings.outputGroups = [
    {
      name: "mp-group",
      outputGroupSettings: { mediaPackageGroupSettings: { destination: { destinationRefId: "mp" } } },
      outputs: [
        { outputName: "_1280x720", videoDescriptionName: "v720", audioDescriptionNames: ["a_aac"], outputSettings: { mediaPackageOutputSettings: {} } },
        { outputName: "AAC-LC-128-EN", audioDescriptionNames: ["a_aac"], outputSettings: { mediaPackageOutputSettings: {} } },
      ],
    },
  ];
  return config;
}
