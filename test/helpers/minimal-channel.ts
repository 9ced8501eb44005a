// The smallest HLS channel, in MediaLive's wire form (camelCase) as CreateChannel takes it: one H.264 720p30
// rendition and one AAC track to a file:// destination (the same shape as examples/channel-hls.json).
// Unit tests change copies of it; nothing here touches the disk.

type Json = Record<string, any>;

export function minimalHls(): Json {
  return {
    name: "demo-hls",
    channelClass: "SINGLE_PIPELINE",
    roleArn: "arn:aws:iam::111122223333:role/MediaLiveAccessRole",
    inputSpecification: { codec: "AVC", resolution: "HD", maximumBitrate: "MAX_10_MBPS" },
    inputAttachments: [
      { inputId: "1234567", inputAttachmentName: "main", inputSettings: { audioSelectors: [{ name: "default" }], sourceEndBehavior: "CONTINUE" } },
    ],
    destinations: [{ id: "hls-dest", settings: [{ url: "file:///tmp/openlive-out/live/index" }] }],
    encoderSettings: {
      timecodeConfig: { source: "SYSTEMCLOCK" },
      videoDescriptions: [
        {
          name: "v720",
          width: 1280,
          height: 720,
          codecSettings: {
            h264Settings: { rateControlMode: "CBR", bitrate: 3000000, framerateControl: "SPECIFIED", framerateNumerator: 30, framerateDenominator: 1, gopSize: 2, gopSizeUnits: "SECONDS", profile: "MAIN" },
          },
        },
      ],
      audioDescriptions: [
        { name: "a_aac", audioSelectorName: "default", codecSettings: { aacSettings: { bitrate: 128000, codingMode: "CODING_MODE_2_0", sampleRate: 48000 } } },
      ],
      outputGroups: [
        {
          name: "hls",
          outputGroupSettings: {
            hlsGroupSettings: { destination: { destinationRefId: "hls-dest" }, segmentLength: 6, indexNSegments: 10, keepSegments: 21, mode: "LIVE", inputLossAction: "EMIT_OUTPUT" },
          },
          outputs: [
            {
              outputName: "720p",
              videoDescriptionName: "v720",
              audioDescriptionNames: ["a_aac"],
              outputSettings: { hlsOutputSettings: { nameModifier: "_720p", hlsSettings: { standardHlsSettings: { m3u8Settings: {} } } } },
            },
          ],
        },
      ],
    },
  };
}
