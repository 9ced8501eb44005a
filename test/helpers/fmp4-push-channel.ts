// A channel with the two fMP4 push groups beside its HLS group, in MediaLive's wire form: a
// CMAF ingest group (a video output and an audio-only output, MediaLive's one track per
// output) and a Microsoft Smooth group (one output with video and audio), each to its own
// destination URLs (one per pipeline).

type Json = Record<string, any>;

export interface PushUrls {
  readonly cmaf: readonly string[];
  readonly smooth: readonly string[];
  readonly cmafSegmentLengthSec?: number;
}

/** `config` (an HLS channel naming video "v720"-like description `videoName` and audio `audioName`) with both push groups added. */
export function withFmp4PushGroups(config: Json, urls: PushUrls, videoName: string, audioName: string): Json {
  config.destinations.push({ id: "cmaf-dest", settings: urls.cmaf.map((url) => ({ url })) });
  config.destinations.push({ id: "smooth-dest", settings: urls.smooth.map((url) => ({ url })) });
  config.encoderSettings.outputGroups.push(
    {
      name: "cmaf",
      outputGroupSettings: { cmafIngestGroupSettings: { destination: { destinationRefId: "cmaf-dest" }, segmentLength: urls.cmafSegmentLengthSec ?? 1, segmentLengthUnits: "SECONDS" } },
      outputs: [
        { outputName: "video", videoDescriptionName: videoName, audioDescriptionNames: [], captionDescriptionNames: [], outputSettings: { cmafIngestOutputSettings: { nameModifier: "video" } } },
        { outputName: "audio", audioDescriptionNames: [audioName], captionDescriptionNames: [], outputSettings: { cmafIngestOutputSettings: { nameModifier: "aac" } } },
      ],
    },
    {
      name: "smooth",
      outputGroupSettings: { msSmoothGroupSettings: { destination: { destinationRefId: "smooth-dest" }, fragmentLength: 1, connectionRetryInterval: 1, eventIdMode: "USE_CONFIGURED", eventId: "e2e" } },
      outputs: [{ outputName: "main", videoDescriptionName: videoName, audioDescriptionNames: [audioName], outputSettings: { msSmoothOutputSettings: { nameModifier: "_main" } } }],
    },
  );
  return config;
}
