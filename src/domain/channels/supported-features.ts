// What openlive's encoder produces: the ONE list, as data. Channel validation
// (validate-channel.ts) refuses with a 422 every member of a channel configuration that
// is not listed here, and every listed member whose value is not among `values`; the
// docs (docs/channels.md) are rendered from the same data by
// renderSupportedFeaturesMarkdown(), and a unit test fails when the two drift apart.
//
// Rule for adding a member (anything validation accepts must be honoured):
// list it only when the running pipeline (ffmpeg + openlive's HLS writer) really does
// what MediaLive documents for it, or when it is pure metadata with no effect on the
// output (said so in its note). A value-restricted member (`values`) is honoured only
// with those values; typically the one that switches a feature off.
//
// Keys are MediaLive model shape names (src/model/generated/medialive-model.ts), member
// names are wire names (camelCase). A member whose nested shape has no entry here is
// accepted whole (used only for metadata shapes such as inputSpecification).

import { MODEL_SHAPES } from "../../model/generated/medialive-model.ts";
import type { ValidationProblem } from "../../shared/errors.ts";

export interface MemberSupport {
  /** What openlive does with the member, or why it has no effect. */
  readonly note: string;
  /** Only these values are honoured; absent = every value the model allows. */
  readonly values?: readonly (string | number | boolean)[];
}

export interface ShapeSupport {
  /** Where the shape sits in a CreateChannel body (for the docs). */
  readonly path: string;
  /** A union in MediaLive's style (exactly one member is set): messages name the supported alternatives. */
  readonly union?: boolean;
  readonly members: Readonly<Record<string, MemberSupport>>;
  /** Friendlier names for members that are not supported yet, used in messages and docs. */
  readonly notYet?: Readonly<Record<string, string>>;
}

/** Note for a member that only configures a feature openlive lacks: accepted, with no effect on the output. */
function noEffect(feature: string): string {
  return `metadata: no effect while ${feature} is not supported`;
}

export const SUPPORTED_SHAPES = {
  // --- The channel request (docs/channels.md). Top-level members the channel service handles
  // itself (tags, requestId, dryRun) are listed so the docs show the whole request.
  CreateChannelRequest: {
    path: "(the request body)",
    members: {
      name: { note: "stored and returned" },
      channelClass: { note: "STANDARD (default) runs two pipelines, SINGLE_PIPELINE one" },
      inputAttachments: { note: "1–20 inputs, at most 2 push inputs" },
      destinations: { note: "see Output destinations" },
      encoderSettings: { note: "required" },
      inputSpecification: { note: "metadata (MediaLive uses it for billing); stored and returned" },
      roleArn: { note: "metadata: openlive has no IAM; stored and returned" },
      logLevel: { note: "metadata: stored and returned (openlive logs per its own configuration)" },
      maintenance: { note: "metadata: openlive has no maintenance windows; stored and returned" },
      tags: { note: "stored; TagResource/UntagResource work too" },
      requestId: { note: "idempotency token" },
      dryRun: { note: "validating without creating is not supported yet", values: [false] },
    },
    notYet: {
      cdiInputSpecification: "CDI inputs",
      vpc: "VPC outputs",
      anywhereSettings: "MediaLive Anywhere",
      linkedChannelSettings: "linked channels",
      channelSecurityGroups: "channel security groups",
      inferenceSettings: "inference/AI features",
      channelEngineVersion: "engine versions",
      specialRouterSettings: "MediaConnect router outputs",
      reserved: "reservations",
    },
  },

  EncoderSettings: {
    path: "encoderSettings",
    members: {
      videoDescriptions: { note: "required; each referenced by at least one output" },
      audioDescriptions: { note: "required; may be empty (video-only outputs)" },
      captionDescriptions: { note: "optional" },
      outputGroups: { note: "required, at least one" },
      timecodeConfig: { note: "required" },
      globalConfiguration: { note: "input loss behaviour and friends" },
      thumbnailConfiguration: { note: "openlive always takes thumbnails (DescribeThumbnails)" },
    },
    notYet: {
      availBlanking: "ad-avail blanking",
      availConfiguration: "ad avails, SCTE-35",
      blackoutSlate: "blackout slates",
      featureActivations: "feature activations",
      motionGraphicsConfiguration: "motion graphics",
      nielsenConfiguration: "Nielsen watermarks",
      colorCorrectionSettings: "colour correction, 3D LUTs",
    },
  },
  ThumbnailConfiguration: {
    path: "encoderSettings.thumbnailConfiguration",
    members: { state: { note: "thumbnails are always taken", values: ["AUTO"] } },
  },

  TimecodeConfig: {
    path: "encoderSettings.timecodeConfig",
    members: { source: { note: "EMBEDDED (falls back to ZEROBASED), SYSTEMCLOCK, ZEROBASED" } },
  },

  GlobalConfiguration: {
    path: "encoderSettings.globalConfiguration",
    members: {
      inputLossBehavior: { note: "repeat → black → colour or slate while the input is lost" },
      inputEndAction: { note: "SWITCH_AND_LOOP_INPUTS is not supported yet", values: ["NONE"] },
      outputLockingMode: {
        note: "each pipeline keeps its own output timeline; pipeline and epoch locking are not supported yet",
        values: ["DISABLED"],
      },
      outputTimingSource: { note: "MediaLive's default", values: ["INPUT_CLOCK"] },
      supportLowFramerateInputs: { note: "", values: ["DISABLED"] },
      initialAudioGain: { note: "dB applied to every audio encode (ffmpeg volume filter)" },
    },
    notYet: { outputLockingSettings: "output locking" },
  },
  InputLossBehavior: {
    path: "encoderSettings.globalConfiguration.inputLossBehavior",
    members: {
      repeatFrameMsec: { note: "repeat the last frame this long (1000000 = forever)" },
      blackFrameMsec: { note: "then black this long (1000000 = forever)" },
      inputLossImageType: { note: "then COLOR or SLATE" },
      inputLossImageColor: { note: "6 hex digits RGB" },
      inputLossImageSlate: { note: "uri: file:///absolute/path or http(s)://" },
    },
  },
  InputLocation: {
    path: "encoderSettings.globalConfiguration.inputLossBehavior.inputLossImageSlate",
    members: {
      uri: { note: "file:///absolute/path or http(s)://host/path; s3ssl:// is not supported yet" },
      username: { note: "HTTP basic auth user" },
      passwordParam: { note: "name of the secret holding the password" },
    },
  },

  // --- Video encodes.
  VideoDescription: {
    path: "encoderSettings.videoDescriptions[]",
    members: {
      name: { note: "required, unique" },
      codecSettings: { note: "required: h264Settings or h265Settings" },
      width: { note: "with height, even; both absent = follow the source" },
      height: { note: "with width, even; both absent = follow the source" },
      scalingBehavior: { note: "DEFAULT (fit, letter/pillarbox) or STRETCH_TO_OUTPUT", values: ["DEFAULT", "STRETCH_TO_OUTPUT"] },
      respondToAfd: { note: "", values: ["NONE"] },
      sharpness: { note: "MediaLive's recommended value; ffmpeg's scaler has no equivalent knob", values: [50] },
    },
  },
  VideoCodecSettings: {
    path: "encoderSettings.videoDescriptions[].codecSettings",
    union: true,
    members: {
      h264Settings: { note: "H.264/AVC with libx264" },
      h265Settings: { note: "H.265/HEVC with libx265" },
    },
    notYet: { mpeg2Settings: "MPEG-2 video", av1Settings: "AV1 video", frameCaptureSettings: "frame capture (JPEG) encodes" },
  },
  H264Settings: {
    path: "encoderSettings.videoDescriptions[].codecSettings.h264Settings",
    members: {
      rateControlMode: { note: "CBR, VBR, QVBR (absent = CBR); MULTIPLEX is not supported", values: ["CBR", "VBR", "QVBR"] },
      bitrate: { note: "bits/s; required for CBR and VBR" },
      maxBitrate: { note: "bits/s; required for QVBR, ≥ bitrate for VBR" },
      bufSize: { note: "VBV buffer, bits" },
      bufFillPct: { note: "initial VBV fill, percent" },
      qvbrQualityLevel: { note: "QVBR quality 1–10 (mapped to a constant-quality factor capped by maxBitrate)" },
      framerateControl: { note: "SPECIFIED (needs numerator and denominator) or INITIALIZE_FROM_SOURCE" },
      framerateNumerator: { note: "output frame rate numerator" },
      framerateDenominator: { note: "output frame rate denominator" },
      gopSize: { note: "GOP length; a whole number when gopSizeUnits is FRAMES" },
      gopSizeUnits: { note: "FRAMES or SECONDS" },
      gopNumBFrames: { note: "B-frames between reference frames" },
      gopBReference: { note: "B-frames used as references (x264 b-pyramid)" },
      gopClosedCadence: { note: "0 = open GOPs allowed, 1 = every GOP closed", values: [0, 1] },
      subgopLength: { note: "FIXED or DYNAMIC B-frame placement (x264 b-adapt)" },
      minIInterval: { note: "minimum frames between IDR frames (x264 min-keyint)" },
      profile: { note: "BASELINE, MAIN, HIGH; 10-bit and 4:2:2 profiles are not supported yet", values: ["BASELINE", "MAIN", "HIGH"] },
      level: { note: "any level, or H264_LEVEL_AUTO" },
      scanType: { note: "PROGRESSIVE or INTERLACED" },
      entropyEncoding: { note: "CABAC or CAVLC" },
      numRefFrames: { note: "reference frames" },
      slices: { note: "slices per picture" },
      sceneChangeDetect: { note: "ENABLED inserts I-frames on scene cuts; DISABLED keeps a fixed cadence" },
      lookAheadRateControl: { note: "LOW, MEDIUM, HIGH rate-control look-ahead depth" },
      adaptiveQuantization: { note: "mapped to x264 AQ strength (OFF disables AQ)" },
      spatialAq: { note: "x264 spatial AQ on/off" },
      temporalAq: { note: "x264 macroblock-tree on/off" },
      flickerAq: { note: "no flicker AQ in x264", values: ["DISABLED"] },
      parControl: { note: "SPECIFIED (needs numerator and denominator) or INITIALIZE_FROM_SOURCE" },
      parNumerator: { note: "pixel aspect ratio numerator" },
      parDenominator: { note: "pixel aspect ratio denominator" },
      colorMetadata: { note: "colour metadata of the source is carried to the output", values: ["INSERT"] },
      afdSignaling: { note: "no AFD in the output", values: ["NONE"] },
      timecodeInsertion: { note: "no pic-timing SEI", values: ["DISABLED"] },
      forceFieldPictures: { note: "", values: ["DISABLED"] },
      syntax: { note: "", values: ["DEFAULT"] },
    },
  },
  H265Settings: {
    path: "encoderSettings.videoDescriptions[].codecSettings.h265Settings",
    members: {
      rateControlMode: { note: "CBR or QVBR (absent = CBR); MULTIPLEX is not supported", values: ["CBR", "QVBR"] },
      bitrate: { note: "bits/s; required for CBR" },
      maxBitrate: { note: "bits/s; required for QVBR" },
      bufSize: { note: "VBV buffer, bits" },
      qvbrQualityLevel: { note: "QVBR quality 1–10 (mapped to a constant-quality factor capped by maxBitrate)" },
      framerateNumerator: { note: "required (model)" },
      framerateDenominator: { note: "required (model)" },
      gopSize: { note: "GOP length; a whole number when gopSizeUnits is FRAMES" },
      gopSizeUnits: { note: "FRAMES or SECONDS" },
      gopNumBFrames: { note: "B-frames between reference frames" },
      gopClosedCadence: { note: "0 = open GOPs allowed, 1 = every GOP closed", values: [0, 1] },
      minIInterval: { note: "minimum frames between IDR frames (x265 min-keyint)" },
      profile: { note: "MAIN_10BIT is not supported yet", values: ["MAIN"] },
      tier: { note: "MAIN or HIGH" },
      level: { note: "any level, or H265_LEVEL_AUTO" },
      scanType: { note: "", values: ["PROGRESSIVE"] },
      slices: { note: "slices per picture" },
      sceneChangeDetect: { note: "ENABLED inserts I-frames on scene cuts; DISABLED keeps a fixed cadence" },
      lookAheadRateControl: { note: "LOW, MEDIUM, HIGH rate-control look-ahead depth" },
      adaptiveQuantization: { note: "mapped to x265 AQ strength (OFF disables AQ)" },
      flickerAq: { note: "", values: ["DISABLED"] },
      deblocking: { note: "ENABLED or DISABLED (x265 deblock)" },
      parNumerator: { note: "pixel aspect ratio numerator" },
      parDenominator: { note: "pixel aspect ratio denominator" },
      colorMetadata: { note: "colour metadata of the source is carried to the output", values: ["INSERT"] },
      alternativeTransferFunction: { note: "", values: ["OMIT"] },
      afdSignaling: { note: "no AFD in the output", values: ["NONE"] },
      timecodeInsertion: { note: "no pic-timing SEI", values: ["DISABLED"] },
    },
  },

  // --- Audio encodes.
  AudioDescription: {
    path: "encoderSettings.audioDescriptions[]",
    members: {
      name: { note: "required, unique" },
      audioSelectorName: { note: "required; an audio selector of that name must exist in every input attachment" },
      codecSettings: { note: "required: aacSettings or passThroughSettings" },
      languageCode: { note: "ISO 639 language written to the TS descriptor and the HLS playlist" },
      languageCodeControl: { note: "FOLLOW_INPUT (source language when present) or USE_CONFIGURED" },
      audioType: { note: "written to the TS ISO 639 descriptor" },
      audioTypeControl: { note: "FOLLOW_INPUT or USE_CONFIGURED" },
      streamName: { note: "the rendition's NAME in the HLS playlist" },
    },
    notYet: {
      remixSettings: "audio remixing",
      audioNormalizationSettings: "loudness normalisation",
      audioWatermarkingSettings: "audio watermarks",
      audioDashRoles: "DASH roles",
      dvbDashAccessibility: "DVB-DASH accessibility",
    },
  },
  AudioCodecSettings: {
    path: "encoderSettings.audioDescriptions[].codecSettings",
    union: true,
    members: {
      aacSettings: { note: "AAC-LC with ffmpeg's encoder" },
      passThroughSettings: { note: "the source audio unchanged (AAC, AC-3, E-AC-3, MPEG audio fit in TS)" },
    },
    notYet: { ac3Settings: "AC-3 encoding", eac3Settings: "E-AC-3 encoding", eac3AtmosSettings: "Dolby Atmos", mp2Settings: "MP2 encoding", wavSettings: "WAV" },
  },
  AacSettings: {
    path: "encoderSettings.audioDescriptions[].codecSettings.aacSettings",
    members: {
      bitrate: { note: "bits/s" },
      codingMode: { note: "CODING_MODE_1_0, CODING_MODE_2_0, CODING_MODE_5_1 (channel count)", values: ["CODING_MODE_1_0", "CODING_MODE_2_0", "CODING_MODE_5_1"] },
      sampleRate: { note: "Hz", values: [32000, 44100, 48000] },
      profile: { note: "HE-AAC needs an encoder Debian's ffmpeg does not ship", values: ["LC"] },
      rateControlMode: { note: "", values: ["CBR"] },
      rawFormat: { note: "", values: ["NONE"] },
      spec: { note: "", values: ["MPEG4"] },
      inputType: { note: "", values: ["NORMAL"] },
    },
  },

  // --- Captions: embedded CEA-608/708 pass-through only.
  CaptionDescription: {
    path: "encoderSettings.captionDescriptions[]",
    members: {
      name: { note: "required, unique" },
      captionSelectorName: { note: "required; a caption selector of that name must exist in every input attachment" },
      destinationSettings: { note: "required: embeddedDestinationSettings" },
      languageCode: { note: "LANGUAGE of the CLOSED-CAPTIONS rendition in the HLS playlist" },
      languageDescription: { note: "NAME of the CLOSED-CAPTIONS rendition in the HLS playlist" },
      accessibility: { note: "CHARACTERISTICS of the rendition in the HLS playlist" },
    },
    notYet: { captionDashRoles: "DASH roles", dvbDashAccessibility: "DVB-DASH accessibility" },
  },
  CaptionDestinationSettings: {
    path: "encoderSettings.captionDescriptions[].destinationSettings",
    union: true,
    members: {
      embeddedDestinationSettings: { note: "CEA-608/708 kept in the video's SEI, CLOSED-CAPTIONS signalled in the master playlist" },
    },
    notYet: {
      aribDestinationSettings: "ARIB captions",
      burnInDestinationSettings: "burn-in captions",
      dvbSubDestinationSettings: "DVB-Sub captions",
      ebuTtDDestinationSettings: "EBU-TT-D captions",
      embeddedPlusScte20DestinationSettings: "embedded+SCTE-20 captions",
      rtmpCaptionInfoDestinationSettings: "RTMP CaptionInfo",
      scte20PlusEmbeddedDestinationSettings: "SCTE-20+embedded captions",
      scte27DestinationSettings: "SCTE-27 captions",
      smpteTtDestinationSettings: "SMPTE-TT captions",
      teletextDestinationSettings: "Teletext captions",
      ttmlDestinationSettings: "TTML captions",
      webvttDestinationSettings: "WebVTT captions",
    },
  },

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
    notYet: {
      archiveGroupSettings: "archive output groups",
      frameCaptureGroupSettings: "frame capture output groups",
      mediaPackageGroupSettings: "MediaPackage output groups",
      msSmoothGroupSettings: "Microsoft Smooth output groups",
      multiplexGroupSettings: "multiplex output groups",
      rtmpGroupSettings: "RTMP output groups",
      udpGroupSettings: "UDP/RTP output groups",
      cmafIngestGroupSettings: "CMAF ingest output groups",
      srtGroupSettings: "SRT output groups",
      mediaConnectRouterGroupSettings: "MediaConnect router output groups",
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
    notYet: {
      adMarkers: "ad markers",
      encryptionType: "HLS encryption",
      keyProviderSettings: "HLS encryption",
      keyFormat: "HLS encryption",
      keyFormatVersions: "HLS encryption",
      constantIv: "HLS encryption",
      segmentsPerSubdirectory: "subdirectories per stream",
      timedMetadataId3Period: "ID3 timed metadata",
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
    notYet: { hlsAkamaiSettings: "Akamai ingest", hlsMediaStoreSettings: "MediaStore", hlsS3Settings: "S3" },
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
    notYet: {
      archiveOutputSettings: "archive outputs",
      frameCaptureOutputSettings: "frame capture outputs",
      mediaPackageOutputSettings: "MediaPackage outputs",
      msSmoothOutputSettings: "Microsoft Smooth outputs",
      multiplexOutputSettings: "multiplex outputs",
      rtmpOutputSettings: "RTMP outputs",
      udpOutputSettings: "UDP/RTP outputs",
      cmafIngestOutputSettings: "CMAF ingest outputs",
      srtOutputSettings: "SRT outputs",
      mediaConnectRouterOutputSettings: "MediaConnect router outputs",
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
    notYet: {
      fmp4HlsSettings: "fMP4/CMAF HLS segments",
      audioOnlyHlsSettings: "audio-only HLS renditions",
      frameCaptureHlsSettings: "frame capture HLS",
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
    notYet: {
      audioFramesPerPes: "audio frames per PES",
      ecmPid: "ECM PIDs",
      pcrPid: "a separate PCR PID",
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
    notYet: {
      mediaPackageSettings: "MediaPackage destinations",
      multiplexSettings: "multiplex destinations",
      srtSettings: "SRT destinations",
      mediaConnectRouterSettings: "MediaConnect router destinations",
      logicalInterfaceNames: "logical interfaces, MediaLive Anywhere",
    },
  },
  OutputDestinationSettings: {
    path: "destinations[].settings[]",
    members: {
      url: { note: "see the URL forms above" },
      username: { note: "http(s) only: basic-auth user" },
      passwordParam: { note: "http(s) only: name of the secret holding the password" },
    },
    notYet: { streamName: "stream names, RTMP outputs" },
  },

  // --- Inputs as the channel uses them.
  InputAttachment: {
    path: "inputAttachments[]",
    members: {
      inputId: { note: "required: an existing input attached to no other channel" },
      inputAttachmentName: { note: "unique; schedule input switches name it" },
      inputSettings: { note: "selectors and source-end behaviour" },
      automaticInputFailoverSettings: { note: "on the primary attachment of a push failover pair" },
    },
    notYet: { logicalInterfaceNames: "logical interfaces, MediaLive Anywhere" },
  },
  InputSettings: {
    path: "inputAttachments[].inputSettings",
    members: {
      audioSelectors: { note: "named audio tracks of the input" },
      captionSelectors: { note: "named caption tracks of the input (embedded only)" },
      sourceEndBehavior: { note: "CONTINUE or LOOP for file inputs" },
      networkInputSettings: { note: "HLS pull settings" },
      deblockFilter: { note: "", values: ["DISABLED"] },
      denoiseFilter: { note: "", values: ["DISABLED"] },
      filterStrength: { note: noEffect("input filters") },
      inputFilter: { note: "AUTO or DISABLED: openlive applies no input filter; FORCED is not supported", values: ["AUTO", "DISABLED"] },
      smpte2038DataPreference: { note: "", values: ["IGNORE"] },
      videoSelector: { note: "colour space handling of the source" },
    },
    notYet: { scte35Pid: "SCTE-35 input" },
  },
  AudioSelector: {
    path: "inputAttachments[].inputSettings.audioSelectors[]",
    members: {
      name: { note: "unique in the attachment" },
      selectorSettings: { note: "absent = the first audio track; audioPidSelection or audioLanguageSelection" },
    },
  },
  AudioSelectorSettings: {
    path: "inputAttachments[].inputSettings.audioSelectors[].selectorSettings",
    union: true,
    members: {
      audioPidSelection: { note: "the audio elementary stream with this PID" },
      audioLanguageSelection: { note: "the audio track with this ISO 639 language (LOOSE or STRICT)" },
    },
    notYet: { audioTrackSelection: "audio track selection", audioHlsRenditionSelection: "HLS audio rendition selection" },
  },
  CaptionSelector: {
    path: "inputAttachments[].inputSettings.captionSelectors[]",
    members: {
      name: { note: "unique in the attachment" },
      languageCode: { note: "metadata" },
      selectorSettings: { note: "absent or embeddedSourceSettings" },
    },
  },
  CaptionSelectorSettings: {
    path: "inputAttachments[].inputSettings.captionSelectors[].selectorSettings",
    union: true,
    members: { embeddedSourceSettings: { note: "CEA-608/708 in the video's SEI" } },
    notYet: {
      ancillarySourceSettings: "ancillary-data captions",
      aribSourceSettings: "ARIB captions",
      dvbSubSourceSettings: "DVB-Sub captions",
      scte20SourceSettings: "SCTE-20 captions",
      scte27SourceSettings: "SCTE-27 captions",
      teletextSourceSettings: "Teletext captions",
    },
  },
  EmbeddedSourceSettings: {
    path: "…captionSelectors[].selectorSettings.embeddedSourceSettings",
    members: {
      convert608To708: { note: "captions pass through as they are", values: ["DISABLED"] },
      scte20Detection: { note: "SCTE-20 captions are not read", values: ["OFF"] },
      source608ChannelNumber: { note: "metadata: pass-through keeps every CC channel" },
      source608TrackNumber: { note: "metadata: pass-through keeps every track" },
    },
  },
  NetworkInputSettings: {
    path: "inputAttachments[].inputSettings.networkInputSettings",
    members: {
      hlsInputSettings: { note: "URL_PULL (HLS) client settings" },
      serverValidation: {
        note: "TLS certificates are always fully checked",
        values: ["CHECK_CRYPTOGRAPHY_AND_VALIDATE_NAME"],
      },
    },
    notYet: { multicastInputSettings: "multicast inputs" },
  },
  HlsInputSettings: {
    path: "inputAttachments[].inputSettings.networkInputSettings.hlsInputSettings",
    members: {
      bufferSegments: { note: "segments buffered before playout" },
      retries: { note: "retries per playlist or segment fetch" },
      retryInterval: { note: "seconds between retries" },
    },
    notYet: { bandwidth: "variant selection by bandwidth", scte35Source: "SCTE-35 input" },
  },
  VideoSelector: {
    path: "inputAttachments[].inputSettings.videoSelector",
    members: {
      colorSpace: { note: "", values: ["FOLLOW"] },
      colorSpaceUsage: { note: noEffect("colour-space conversion") },
    },
    notYet: { colorSpaceSettings: "colour-space conversion", selectorSettings: "video PID or program selection" },
  },
  AutomaticInputFailoverSettings: {
    path: "inputAttachments[].automaticInputFailoverSettings",
    members: {
      secondaryInputId: { note: "required: another push input of the same type attached to this channel" },
      inputPreference: { note: "EQUAL_INPUT_PREFERENCE or PRIMARY_INPUT_PREFERRED" },
      errorClearTimeMsec: { note: "how long a recovered input must stay clean" },
      failoverConditions: { note: "input loss, video black, audio silence" },
    },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;

export type SupportedShapeName = keyof typeof SUPPORTED_SHAPES;

/** Video codecs openlive encodes. */
export const SUPPORTED_VIDEO_CODECS = memberNames("VideoCodecSettings");
/** Audio codecs openlive encodes or passes through. */
export const SUPPORTED_AUDIO_CODECS = memberNames("AudioCodecSettings");
/** Caption destination types: embedded pass-through only. */
export const SUPPORTED_CAPTION_DESTINATIONS = memberNames("CaptionDestinationSettings");
/** Output group types: HLS only for now. */
export const SUPPORTED_OUTPUT_GROUPS = memberNames("OutputGroupSettings");
/** HLS segment formats: MPEG-TS (standardHlsSettings) only; fMP4 is not supported, so refused. */
export const SUPPORTED_HLS_SETTINGS = memberNames("HlsSettings");
/** HTTP delivery for http(s) HLS destinations. */
export const SUPPORTED_HLS_CDN_SETTINGS = memberNames("HlsCdnSettings");

function memberNames(shape: SupportedShapeName): readonly string[] {
  return Object.keys(SUPPORTED_SHAPES[shape].members);
}

/** URL schemes of HLS destinations. */
export const HLS_DESTINATION_SCHEMES = {
  "file:": {
    form: "file:///<absolute folder>/<baseName>",
    note: "written to local disk by openlive, inside an output root (--output-roots; default <dataDir>/output), and served by its HTTP origin on its own port; no hlsCdnSettings",
  },
  "http:": {
    form: "http://<host>[:port]/<path>/<baseName>",
    note: "HTTP PUT/DELETE; needs hlsCdnSettings with hlsBasicPutSettings or hlsWebdavSettings. A playlist is PUT only after every segment it lists (a segment given up after its retries excepted), so the CDN never serves a playlist naming a segment it lacks",
  },
  "https:": {
    form: "https://<host>[:port]/<path>/<baseName>",
    note: "as http://, over TLS",
  },
} as const;

/** Destination schemes MediaLive offers that openlive refuses until a later issue adds them. */
export const UNSUPPORTED_DESTINATION_SCHEMES = {
  "s3ssl:": "Amazon S3 destinations",
  "s3:": "Amazon S3 destinations",
  "mediastoressl:": "AWS Elemental MediaStore destinations",
  "mediastore:": "AWS Elemental MediaStore destinations",
} as const;

/** Wire member name → model shape of that member, for one model structure. */
function memberShapes(shapeName: string): Map<string, string> {
  const shape = MODEL_SHAPES[shapeName];
  return new Map(Object.values(shape?.members ?? {}).map((member) => [member.wire, member.shape]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function joinPath(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}

function showValue(value: unknown): string {
  return typeof value === "string" ? `"${value.slice(0, 80)}"` : String(JSON.stringify(value)).slice(0, 80);
}

/**
 * One problem per member (at any depth) that openlive does not honour, and per value
 * outside a member's `values`. Walks the value by the model's shapes; never throws.
 */
export function findUnsupportedMembers(shapeName: SupportedShapeName, value: unknown, elementPath: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  visitSupported(shapeName, value, elementPath, problems, 0);
  return problems;
}

const MAX_DEPTH = 32;

function visitSupported(shapeName: string, value: unknown, at: string, problems: ValidationProblem[], depth: number): void {
  const model = MODEL_SHAPES[shapeName];
  if (!model || depth > MAX_DEPTH) return;
  if (model.type === "list") {
    if (Array.isArray(value) && model.member) value.forEach((item, index) => visitSupported(model.member!, item, `${at}[${index}]`, problems, depth + 1));
    return;
  }
  const support: ShapeSupport | undefined = (SUPPORTED_SHAPES as Readonly<Record<string, ShapeSupport>>)[shapeName];
  if (!support || !isRecord(value)) return;
  const shapes = memberShapes(shapeName);
  for (const [key, memberValue] of Object.entries(value)) {
    if (isAbsent(memberValue)) continue;
    const path = joinPath(at, key);
    const member = Object.hasOwn(support.members, key) ? support.members[key] : undefined;
    if (!member) {
      problems.push({ elementPath: path, errorMessage: unsupportedMessage(support, key) });
      continue;
    }
    if (member.values && !member.values.includes(memberValue as string | number | boolean)) {
      problems.push({
        elementPath: path,
        errorMessage: `${key} ${showValue(memberValue)} is not supported by openlive yet; supported: ${member.values.map(showValue).join(", ")}`,
      });
      continue;
    }
    const nested = shapes.get(key);
    if (nested) visitSupported(nested, memberValue, path, problems, depth + 1);
  }
}

function unsupportedMessage(support: ShapeSupport, key: string): string {
  const feature = support.notYet && Object.hasOwn(support.notYet, key) ? ` (${support.notYet[key]})` : "";
  const alternatives = support.union ? `; supported: ${Object.keys(support.members).join(", ")}` : "";
  return `${key}${feature} is not supported by openlive yet${alternatives}`;
}

// --- Markdown for docs/channels.md -------------------------------------------------------

const BEGIN_MARKER = "<!-- BEGIN generated by renderSupportedFeaturesMarkdown() in src/domain/channels/supported-features.ts -->";
const END_MARKER = "<!-- END generated -->";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** The supported-features list as Markdown, between markers; docs/channels.md embeds it verbatim. */
export function renderSupportedFeaturesMarkdown(): string {
  const lines: string[] = [BEGIN_MARKER, ""];
  lines.push("### Output destinations", "");
  lines.push("| URL form | What openlive does |", "|---|---|");
  for (const scheme of Object.values(HLS_DESTINATION_SCHEMES)) lines.push(`| \`${scheme.form}\` | ${cell(scheme.note)} |`);
  const refused = new Map<string, string[]>();
  for (const [scheme, what] of Object.entries(UNSUPPORTED_DESTINATION_SCHEMES)) refused.set(what, [...(refused.get(what) ?? []), `\`${scheme}//\``]);
  for (const [what, schemes] of refused) lines.push(`| ${schemes.join(", ")} | not supported yet (${what}) |`);
  lines.push("| `mediaPackageSettings`, `multiplexSettings`, `srtSettings`, `mediaConnectRouterSettings` | not supported yet |", "");
  for (const [shapeName, support] of Object.entries(SUPPORTED_SHAPES) as [string, ShapeSupport][]) {
    const where = support.path.startsWith("(") ? support.path : `\`${support.path}\``;
    lines.push(`### ${where} (${shapeName})`, "");
    lines.push("| Member | Accepted | Notes |", "|---|---|---|");
    for (const [member, spec] of Object.entries(support.members)) {
      const accepted = spec.values ? `only ${spec.values.map((v) => `\`${JSON.stringify(v)}\``).join(", ")}` : "yes";
      lines.push(`| \`${member}\` | ${accepted} | ${cell(spec.note)} |`);
    }
    const listed = new Set(Object.keys(support.members));
    const notYet = new Map<string, string | undefined>();
    for (const wire of memberShapes(shapeName).keys()) if (!listed.has(wire)) notYet.set(wire, undefined);
    for (const [wire, what] of Object.entries(support.notYet ?? {})) notYet.set(wire, what);
    if (notYet.size > 0) {
      const items = [...notYet].sort(([a], [b]) => a.localeCompare(b)).map(([wire, what]) => (what ? `\`${wire}\` (${what})` : `\`${wire}\``));
      lines.push("", `Not supported yet: ${items.join(", ")}.`);
    }
    lines.push("");
  }
  lines.push(END_MARKER);
  return lines.join("\n");
}
