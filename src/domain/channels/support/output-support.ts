// Output groups, outputs and destinations: how openlive honours each member, which it accepts and tells, which it refuses.
// Part of the one list in ../supported-features.ts (read its header for the rules).

import { noEffect, type ShapeSupport } from "./member-support.ts";

/** Output kinds openlive does not write yet: refused, since accepting would publish nothing where the channel names. */
const PENDING_OUTPUT = "are not supported by openlive yet; use hlsGroupSettings (HLS to a file:// folder or an HTTP origin) for now";
const NO_MULTIPLEX = "openlive has no multiplexes (ListMultiplexes is empty); send the channel to your own multiplexer instead";
const NO_ROUTER = "openlive has no MediaConnect routers; send the channel to your own router instead";

export const OUTPUT_SUPPORT = {
  // --- Output groups and outputs: HLS with TS segments.
  OutputGroup: {
    path: "encoderSettings.outputGroups[]",
    members: {
      name: { note: "unique, ≤ 32 characters" },
      outputGroupSettings: { note: "required: hlsGroupSettings" },
      outputs: { note: "required, at least one" },
    },
  },
  OutputGroupSettings: {
    path: "encoderSettings.outputGroups[].outputGroupSettings",
    union: true,
    members: { hlsGroupSettings: { note: "HLS" } },
    refused: {
      archiveGroupSettings: `archive output groups ${PENDING_OUTPUT}`,
      frameCaptureGroupSettings: `frame capture output groups ${PENDING_OUTPUT}`,
      mediaPackageGroupSettings: `MediaPackage output groups ${PENDING_OUTPUT}`,
      msSmoothGroupSettings: `Microsoft Smooth output groups ${PENDING_OUTPUT}`,
      multiplexGroupSettings: `multiplex output groups: ${NO_MULTIPLEX}`,
      rtmpGroupSettings: `RTMP output groups ${PENDING_OUTPUT}`,
      udpGroupSettings: `UDP/RTP output groups ${PENDING_OUTPUT}`,
      cmafIngestGroupSettings: `CMAF ingest output groups ${PENDING_OUTPUT}`,
      srtGroupSettings: `SRT output groups ${PENDING_OUTPUT}`,
      mediaConnectRouterGroupSettings: `MediaConnect router output groups: ${NO_ROUTER}`,
    },
  },
  HlsGroupSettings: {
    path: "encoderSettings.outputGroups[].outputGroupSettings.hlsGroupSettings",
    members: {
      destination: { note: "required: destinationRefId of a destination used by no other group" },
      segmentLength: { note: "seconds" },
      indexNSegments: { note: "segments listed in each media playlist" },
      keepSegments: { note: "segments kept at the destination (older ones deleted); ≥ indexNSegments" },
      mode: { note: "", values: ["LIVE"] },
      inputLossAction: { note: "EMIT_OUTPUT keeps publishing fill, PAUSE_OUTPUT stops adding segments" },
      programDateTime: { note: "INCLUDE writes EXT-X-PROGRAM-DATE-TIME" },
      programDateTimeClock: { note: "INITIALIZE_FROM_OUTPUT_TIMECODE or SYSTEM_CLOCK" },
      programDateTimePeriod: { note: "seconds; openlive writes the tag on every segment, which meets any period ≥ segmentLength" },
      redundantManifest: { note: "ENABLED lists both pipelines' variants in each master playlist" },
      hlsCdnSettings: { note: "http(s) destinations only: hlsBasicPutSettings or hlsWebdavSettings" },
      captionLanguageSetting: { note: "INSERT, OMIT or NONE: the CLOSED-CAPTIONS line of the master playlist" },
      captionLanguageMappings: { note: "CC channel → language for INSERT" },
      manifestDurationFormat: { note: "FLOATING_POINT or INTEGER EXTINF durations" },
      streamInfResolution: { note: "INCLUDE or EXCLUDE RESOLUTION in EXT-X-STREAM-INF" },
      codecSpecification: { note: "RFC_4281 or RFC_6381 CODECS strings (identical for H.264/AAC)" },
      clientCache: { note: "no EXT-X-ALLOW-CACHE:NO", values: ["ENABLED"] },
      outputSelection: { note: "", values: ["MANIFESTS_AND_SEGMENTS"] },
      segmentationMode: { note: "", values: ["USE_SEGMENT_DURATION"] },
      tsFileMode: { note: "", values: ["SEGMENTED_FILES"] },
      directoryStructure: { note: "", values: ["SINGLE_DIRECTORY"] },
      discontinuityTags: { note: "discontinuities are always marked with EXT-X-DISCONTINUITY", values: ["INSERT"] },
      incompleteSegmentBehavior: { note: "", values: ["AUTO"] },
      iFrameOnlyPlaylists: { note: "", values: ["DISABLED"] },
      manifestCompression: { note: "", values: ["NONE"] },
      hlsId3SegmentTagging: { note: "", values: ["DISABLED"] },
      timedMetadataId3Frame: { note: "no ID3 timed metadata", values: ["NONE"] },
      minSegmentLength: { note: "", values: [0] },
      timestampDeltaMilliseconds: { note: "", values: [0] },
      baseUrlContent: { note: "playlists use relative URIs", values: [""] },
      baseUrlContent1: { note: "playlists use relative URIs", values: [""] },
      baseUrlManifest: { note: "playlists use relative URIs", values: [""] },
      baseUrlManifest1: { note: "playlists use relative URIs", values: [""] },
      ivInManifest: { note: noEffect("encryption") },
      ivSource: { note: noEffect("encryption") },
    },
    told: {
      adMarkers: "ad markers: not reproduced by openlive yet",
      encryptionType: "HLS encryption: not reproduced by openlive yet",
      keyProviderSettings: "HLS encryption: not reproduced by openlive yet",
      keyFormat: "HLS encryption: not reproduced by openlive yet",
      keyFormatVersions: "HLS encryption: not reproduced by openlive yet",
      constantIv: "HLS encryption: not reproduced by openlive yet",
      segmentsPerSubdirectory: "subdirectories per stream: not reproduced by openlive yet",
      timedMetadataId3Period: "ID3 timed metadata: not reproduced by openlive yet",
    },
  },
  OutputLocationRef: {
    path: "encoderSettings.outputGroups[].outputGroupSettings.hlsGroupSettings.destination",
    members: { destinationRefId: { note: "required: the id of one of destinations[]" } },
  },
  HlsCdnSettings: {
    path: "encoderSettings.outputGroups[].outputGroupSettings.hlsGroupSettings.hlsCdnSettings",
    union: true,
    members: {
      hlsBasicPutSettings: { note: "HTTP PUT (and DELETE of expired segments) with retries" },
      hlsWebdavSettings: { note: "WebDAV PUT/DELETE with retries" },
    },
    refused: {
      hlsAkamaiSettings: "Akamai ingest is not supported by openlive yet: use hlsBasicPutSettings or hlsWebdavSettings for an HTTP origin",
      hlsMediaStoreSettings: "MediaStore destinations are not supported by openlive yet: use hlsBasicPutSettings or hlsWebdavSettings for an HTTP origin",
      hlsS3Settings: "S3 destinations are not supported by openlive yet: use a file:// destination or an HTTP origin",
    },
  },
  HlsBasicPutSettings: {
    path: "…hlsCdnSettings.hlsBasicPutSettings",
    members: {
      connectionRetryInterval: { note: "seconds between retries" },
      numRetries: { note: "retries per request" },
      filecacheDuration: { note: "files are retried from the staging folder until the encoder expires them (keepSegments), which covers any cache duration" },
      restartDelay: { note: "seconds to wait after retries are exhausted" },
    },
  },
  HlsWebdavSettings: {
    path: "…hlsCdnSettings.hlsWebdavSettings",
    members: {
      connectionRetryInterval: { note: "seconds between retries" },
      numRetries: { note: "retries per request" },
      filecacheDuration: { note: "files are retried from the staging folder until the encoder expires them (keepSegments), which covers any cache duration" },
      restartDelay: { note: "seconds to wait after retries are exhausted" },
      httpTransferMode: { note: "", values: ["NON_CHUNKED"] },
    },
  },
  Output: {
    path: "encoderSettings.outputGroups[].outputs[]",
    members: {
      outputName: { note: "unique within the group" },
      outputSettings: { note: "required: hlsOutputSettings" },
      videoDescriptionName: { note: "required: audio-only HLS renditions are not supported yet" },
      audioDescriptionNames: { note: "names of audio descriptions" },
      captionDescriptionNames: { note: "names of caption descriptions" },
    },
  },
  OutputSettings: {
    path: "encoderSettings.outputGroups[].outputs[].outputSettings",
    union: true,
    members: { hlsOutputSettings: { note: "an HLS variant" } },
    refused: {
      archiveOutputSettings: `archive outputs ${PENDING_OUTPUT}`,
      frameCaptureOutputSettings: `frame capture outputs ${PENDING_OUTPUT}`,
      mediaPackageOutputSettings: `MediaPackage outputs ${PENDING_OUTPUT}`,
      msSmoothOutputSettings: `Microsoft Smooth outputs ${PENDING_OUTPUT}`,
      multiplexOutputSettings: `multiplex outputs: ${NO_MULTIPLEX}`,
      rtmpOutputSettings: `RTMP outputs ${PENDING_OUTPUT}`,
      udpOutputSettings: `UDP/RTP outputs ${PENDING_OUTPUT}`,
      cmafIngestOutputSettings: `CMAF ingest outputs ${PENDING_OUTPUT}`,
      srtOutputSettings: `SRT outputs ${PENDING_OUTPUT}`,
      mediaConnectRouterOutputSettings: `MediaConnect router outputs: ${NO_ROUTER}`,
    },
  },
  HlsOutputSettings: {
    path: "encoderSettings.outputGroups[].outputs[].outputSettings.hlsOutputSettings",
    members: {
      hlsSettings: { note: "required: standardHlsSettings" },
      nameModifier: { note: "required, unique in the group: `<base><nameModifier>.m3u8`; no `/` and no `$…$` identifiers" },
      segmentModifier: { note: "`<base><nameModifier><segmentModifier>_00001.ts`; no `/` and no `$…$` identifiers" },
      h265PackagingType: { note: "no effect on TS segments (it applies to fMP4); accepted as metadata" },
    },
  },
  HlsSettings: {
    path: "encoderSettings.outputGroups[].outputs[].outputSettings.hlsOutputSettings.hlsSettings",
    union: true,
    members: { standardHlsSettings: { note: "MPEG-TS segments" } },
    told: { audioOnlyHlsSettings: "audio-only HLS renditions are not written yet" },
    refused: {
      fmp4HlsSettings: "fMP4 HLS segments are not supported by openlive yet: use standardHlsSettings (MPEG-TS segments)",
      frameCaptureHlsSettings: "frame capture HLS is not supported by openlive yet: use standardHlsSettings",
    },
  },
  StandardHlsSettings: {
    path: "…hlsSettings.standardHlsSettings",
    members: {
      m3u8Settings: { note: "required (may be {})" },
      audioRenditionSets: { note: noEffect("audio-only renditions") },
    },
  },
  M3u8Settings: {
    path: "…hlsSettings.standardHlsSettings.m3u8Settings",
    members: {
      programNum: { note: "MPEG-TS program number" },
      transportStreamId: { note: "MPEG-TS transport_stream_id" },
      pmtPid: { note: "PMT PID" },
      videoPid: { note: "video PID" },
      audioPids: { note: "audio PIDs, in order of the output's audio descriptions" },
      patInterval: { note: "milliseconds between PAT/PMT pairs (0 = once per segment)" },
      pcrPeriod: { note: "milliseconds between PCRs" },
      pcrControl: { note: "", values: ["CONFIGURED_PCR_PERIOD"] },
      scte35Behavior: { note: "", values: ["NO_PASSTHROUGH"] },
      scte35Pid: { note: noEffect("SCTE-35 pass-through") },
      timedMetadataBehavior: { note: "", values: ["NO_PASSTHROUGH"] },
      timedMetadataPid: { note: noEffect("timed metadata pass-through") },
      nielsenId3Behavior: { note: "", values: ["NO_PASSTHROUGH"] },
      klvBehavior: { note: "", values: ["NO_PASSTHROUGH"] },
      klvDataPids: { note: noEffect("KLV pass-through") },
    },
    told: {
      audioFramesPerPes: "audio frames per PES: not reproduced by openlive yet",
      ecmPid: "ECM PIDs: not reproduced by openlive yet",
      pcrPid: "a separate PCR PID: not reproduced by openlive yet",
      pmtInterval: "a PMT interval of its own: the PMT follows each PAT",
    },
  },

  // --- Output destinations.
  OutputDestination: {
    path: "destinations[]",
    members: {
      id: { note: "required, unique; referenced by destinationRefId" },
      settings: { note: "one URL per pipeline: 2 for STANDARD, 1 for SINGLE_PIPELINE" },
    },
    told: { logicalInterfaceNames: "logical interfaces belong to MediaLive Anywhere clusters, which openlive does not have" },
    refused: {
      mediaPackageSettings: `MediaPackage destinations ${PENDING_OUTPUT}, with an http(s) destination`,
      multiplexSettings: `multiplex destinations: ${NO_MULTIPLEX}`,
      srtSettings: `SRT destinations ${PENDING_OUTPUT}`,
      mediaConnectRouterSettings: `MediaConnect router destinations: ${NO_ROUTER}`,
    },
  },
  OutputDestinationSettings: {
    path: "destinations[].settings[]",
    members: {
      url: { note: "see the URL forms above" },
      username: { note: "http(s) only: basic-auth user" },
      passwordParam: { note: "http(s) only: name of the secret holding the password" },
    },
    told: { streamName: "stream names, RTMP outputs: not reproduced by openlive yet" },
  },

} as const satisfies Readonly<Record<string, ShapeSupport>>;
