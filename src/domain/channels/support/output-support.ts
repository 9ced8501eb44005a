// Output groups, outputs and destinations: how openlive honours each member, which it accepts and tells, which it refuses.
// Part of the one list in ../supported-features.ts (read its header for the rules).

import { noEffect, type ShapeSupport } from "./member-support.ts";

/** Output kinds openlive does not write yet: refused, since accepting would publish nothing where the channel names. */
const NO_MULTIPLEX = "openlive has no multiplexes (ListMultiplexes is empty); send the channel to your own multiplexer instead";
const NO_ROUTER = "openlive has no MediaConnect routers; send the channel to your own router instead";

export const OUTPUT_SUPPORT = {
  // --- Output groups and outputs: HLS with TS segments.
  OutputGroup: {
    path: "encoderSettings.outputGroups[]",
    members: {
      name: { note: "unique, ≤ 32 characters" },
      outputGroupSettings: { note: "required: one of the group kinds below" },
      outputs: { note: "required, at least one" },
    },
  },
  OutputGroupSettings: {
    path: "encoderSettings.outputGroups[].outputGroupSettings",
    union: true,
    members: {
      hlsGroupSettings: { note: "HLS" },
      archiveGroupSettings: { note: "MPEG-TS files rolled over every rolloverInterval" },
      frameCaptureGroupSettings: { note: "JPEG pictures every captureInterval" },
      cmafIngestGroupSettings: { note: "CMAF ingest: each track's fMP4 segments POSTed to an http(s) ingest endpoint (DASH-IF Live Media Ingest, interface 1)" },
      msSmoothGroupSettings: { note: "Microsoft Smooth: each output a Smooth live feed POSTed to an http(s) publishing point" },
      mediaPackageGroupSettings: { note: "MediaPackage: HLS to openlive's origin or a configured ingest URL" },
      udpGroupSettings: { note: "MPEG-TS over UDP or RTP, with SMPTE 2022-1 FEC" },
      rtmpGroupSettings: { note: "RTMP push (FLV)" },
      srtGroupSettings: { note: "SRT caller or listener (MPEG-TS)" },
    },
    refused: {
      multiplexGroupSettings: `multiplex output groups: ${NO_MULTIPLEX}`,
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
      mode: { note: "VOD (an EVENT playlist keeping every segment, made VOD when the channel stops) is not reproduced yet", values: ["LIVE"] },
      inputLossAction: { note: "EMIT_OUTPUT keeps publishing fill, PAUSE_OUTPUT stops adding segments" },
      programDateTime: { note: "INCLUDE writes EXT-X-PROGRAM-DATE-TIME" },
      programDateTimeClock: { note: "INITIALIZE_FROM_OUTPUT_TIMECODE or SYSTEM_CLOCK" },
      programDateTimePeriod: { note: "seconds; openlive writes the tag on every segment, which meets any period ≥ segmentLength" },
      redundantManifest: { note: "ENABLED lists both pipelines' variants in each master playlist" },
      hlsCdnSettings: { note: "remote destinations only: hlsBasicPutSettings, hlsWebdavSettings or hlsAkamaiSettings (http(s), required), hlsS3Settings (s3://, s3ssl://), hlsMediaStoreSettings (mediastoressl://); with a file:// destination (a remote channel moved to a folder) accepted and told as ignored" },
      captionLanguageSetting: { note: "INSERT, OMIT or NONE: the CLOSED-CAPTIONS line of the master playlist" },
      captionLanguageMappings: { note: "CC channel → language for INSERT" },
      manifestDurationFormat: { note: "FLOATING_POINT or INTEGER EXTINF durations" },
      streamInfResolution: { note: "INCLUDE or EXCLUDE RESOLUTION in EXT-X-STREAM-INF" },
      codecSpecification: { note: "RFC_4281 or RFC_6381 CODECS strings (identical for H.264/AAC)" },
      clientCache: { note: "DISABLED writes EXT-X-ALLOW-CACHE:NO in the media playlists (ffmpeg -hls_allow_cache 0); ENABLED writes no tag" },
      outputSelection: { note: "", values: ["MANIFESTS_AND_SEGMENTS"] },
      segmentationMode: { note: "", values: ["USE_SEGMENT_DURATION"] },
      tsFileMode: { note: "SINGLE_FILE (one file with byte-range segments) is not reproduced: segment counting, expiry and the http mirror work on whole segment files", values: ["SEGMENTED_FILES"] },
      directoryStructure: {
        note: "SUBDIRECTORY_PER_STREAM is told: MediaLive documents only that it places segments in subdirectories (segmentsPerSubdirectory of them each), not how it names them, so their paths cannot be reproduced; every variant writes into the group's folder",
        values: ["SINGLE_DIRECTORY"],
      },
      segmentsPerSubdirectory: { note: "applies only to directoryStructure SUBDIRECTORY_PER_STREAM (told there); no effect with SINGLE_DIRECTORY" },
      discontinuityTags: { note: "discontinuities are always marked with EXT-X-DISCONTINUITY", values: ["INSERT"] },
      incompleteSegmentBehavior: { note: "SUPPRESS is not reproduced: the encoder lists its last, shorter segment when it stops", values: ["AUTO"] },
      iFrameOnlyPlaylists: {
        note: "STANDARD writes `<baseName><nameModifier>_iframes.m3u8` per variant (EXT-X-I-FRAMES-ONLY, RFC 8216 §4.3.3.6): each segment's first IDR as an EXT-X-BYTERANGE of its TS packets, the media playlist's window, listed in the master playlist by EXT-X-I-FRAME-STREAM-INF",
      },
      manifestCompression: { note: "GZIP is not reproduced: playlists are written uncompressed", values: ["NONE"] },
      hlsId3SegmentTagging: { note: "ENABLED: the schedule's hlsId3SegmentTaggingSettings tag (a TXXX frame of `tag`, its `$dt$ $d$ $t$ $sn$` resolved for each segment, or the base64 `id3`) is written with the first picture of every segment of the group's MPEG-TS outputs, on m3u8Settings.timedMetadataPid, and of its fMP4 outputs with timedMetadataBehavior PASSTHROUGH, as an ID3 emsg box (docs/ads-and-schedule.md)" },
      timedMetadataId3Frame: {
        note: "PRIV or TDRL: an ID3v2.4 tag with the picture's UTC time (system clock) in every output's segments, first with the first picture, then every timedMetadataId3Period seconds, as a timed-metadata stream (stream_type 0x15, metadata_descriptor 'ID3 ', PES stream_id 0xBD) on m3u8Settings.timedMetadataPid; fMP4 outputs with fmp4HlsSettings.timedMetadataBehavior PASSTHROUGH get each tag as an ID3 emsg box (https://aomedia.org/emsg/ID3) at the picture's time, others none. PRIV: owner `com.elementaltechnologies.timestamp.utc`, data `2026-01-31T12:34:56.789+00:00` (ASCII); TDRL: UTF-8 text `2026-01-31T12:34:56`. NONE: no tags",
      },
      timedMetadataId3Period: { note: "seconds between ID3 timestamps (default 10; 0 is taken as 10)" },
      minSegmentLength: { note: "a minimum segment length is not reproduced: ffmpeg's hls_time is a target with no minimum", values: [0] },
      timestampDeltaMilliseconds: { note: "an offset of the segments' timestamps is not reproduced", values: [0] },
      adMarkers: { note: "the avails (SCTE-35 of the input, SCTE-35 schedule actions) as MediaLive's marker lines in the media playlists of MPEG-TS variants and their audio renditions, on the first segment boundary at or after the splice (docs/ads-and-schedule.md); fMP4 variants get no lines but each splice as an SCTE-35 emsg box (urn:scte:scte35:2013:bin, version 1) before the fragment holding the splice picture" },
      baseUrlContent: { note: "prefix of each segment URI in the media playlists (ffmpeg -hls_base_url)" },
      baseUrlContent1: { note: "pipeline 1's baseUrlContent, when its segments are served from elsewhere" },
      baseUrlManifest: { note: "prefix of each variant playlist URI in the master playlist" },
      baseUrlManifest1: { note: "pipeline 1's baseUrlManifest; with redundantManifest it also prefixes the peer's lines" },
      ivInManifest: { note: noEffect("encryption") },
      ivSource: { note: noEffect("encryption") },
    },
    told: {
      encryptionType: "HLS encryption: not reproduced by openlive yet",
      keyProviderSettings: "HLS encryption: not reproduced by openlive yet",
      keyFormat: "HLS encryption: not reproduced by openlive yet",
      keyFormatVersions: "HLS encryption: not reproduced by openlive yet",
      constantIv: "HLS encryption: not reproduced by openlive yet",
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
      hlsS3Settings: { note: "s3:// and s3ssl:// destinations: S3 PutObject (multipart for large files) and DeleteObject through the AWS SDK, with cannedAcl; retried 10 times 1 s apart (MediaLive has no retry settings for S3)" },
      hlsMediaStoreSettings: { note: "mediastoressl:// destinations: HTTPS PUT/DELETE of objects with retries" },
      hlsAkamaiSettings: { note: "http(s) destinations (an Akamai HLS ingest entry point): HTTP PUT (and DELETE of expired segments) with retries, chunked transfer coding when httpTransferMode is CHUNKED" },
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
      httpTransferMode: { note: "CHUNKED: every PUT body is sent with Transfer-Encoding: chunked (no Content-Length); NON_CHUNKED (default): with a Content-Length" },
    },
  },
  Output: {
    path: "encoderSettings.outputGroups[].outputs[]",
    members: {
      outputName: { note: "unique within the group" },
      outputSettings: { note: "required: the output settings of the group's kind (hlsOutputSettings, archiveOutputSettings, …)" },
      videoDescriptionName: { note: "required, except on an audio-only output (audioOnlyHlsSettings, an audio-only archive output, a CMAF ingest or Smooth output naming only audio), which must not have one; frame capture outputs name a frameCaptureSettings description" },
      audioDescriptionNames: { note: "names of audio descriptions" },
      captionDescriptionNames: { note: "names of caption descriptions" },
    },
  },
  OutputSettings: {
    path: "encoderSettings.outputGroups[].outputs[].outputSettings",
    union: true,
    members: {
      hlsOutputSettings: { note: "an HLS variant" },
      archiveOutputSettings: { note: "an archive output (its files)" },
      frameCaptureOutputSettings: { note: "a frame capture output (its pictures)" },
      cmafIngestOutputSettings: { note: "an output of a CMAF ingest group: one stream per track" },
      msSmoothOutputSettings: { note: "an output of a Microsoft Smooth group: one stream" },
      mediaPackageOutputSettings: { note: "a MediaPackage output: an HLS rendition" },
      udpOutputSettings: { note: "one MPEG-TS sent to a udp:// or rtp:// destination" },
      rtmpOutputSettings: { note: "an RTMP stream" },
      srtOutputSettings: { note: "an SRT stream" },
    },
    refused: {
      multiplexOutputSettings: `multiplex outputs: ${NO_MULTIPLEX}`,
      mediaConnectRouterOutputSettings: `MediaConnect router outputs: ${NO_ROUTER}`,
    },
  },
  HlsOutputSettings: {
    path: "encoderSettings.outputGroups[].outputs[].outputSettings.hlsOutputSettings",
    members: {
      hlsSettings: { note: "required: standardHlsSettings, fmp4HlsSettings, audioOnlyHlsSettings or frameCaptureHlsSettings" },
      nameModifier: {
        note: "required, unique in the group: `<base><nameModifier>.m3u8`; no `/`; identifiers `$w$ $h$ $f$ $rv$ $ra$ $rc$` (kb/s) and `$$` resolved from the output's descriptions, `$dt$ $d$ $t$` at the encoder's start (UTC), `%0n` padding",
      },
      segmentModifier: {
        note: "`<base><nameModifier><segmentModifier>_00001.ts`; no `/`; the same identifiers, `$dt$ $d$ $t$` being each segment's UTC start (ffmpeg -strftime 1 with `%Y%m%dT%H%M%S`, second_level_segment_index)",
      },
      h265PackagingType: { note: "no effect on TS segments; fMP4 segments carry H.265 as `hev1` (HVC1 on an fMP4 output is told)" },
    },
  },
  HlsSettings: {
    path: "encoderSettings.outputGroups[].outputs[].outputSettings.hlsOutputSettings.hlsSettings",
    union: true,
    members: {
      standardHlsSettings: { note: "MPEG-TS segments" },
      fmp4HlsSettings: {
        note: "fMP4 segments (ffmpeg -hls_segment_type fmp4, RFC 8216 §3.3): `<base><nameModifier><segmentModifier>_00001.mp4` and the initialization segment `<base><nameModifier>_init.mp4` named by EXT-X-MAP (EXT-X-VERSION 7); CODECS avc1 / hev1 (the sample entries ffmpeg's mp4 muxer writes); may sit beside MPEG-TS outputs in one group; no I-frame-only playlist (the IDR ranges are found in TS packets only)",
      },
      audioOnlyHlsSettings: { note: "an audio-only output: its own media playlist of MPEG-TS segments with only its audio, listed as an audio rendition or an audio-only variant" },
      frameCaptureHlsSettings: {
        note: "a trick-play image track (Image Media Playlist specification v0.4, time-based): a frame capture video description's JPEG at the start of every segment, `<base><nameModifier><segmentModifier>_00001.jpg`, listed by `<base><nameModifier>.m3u8` (EXT-X-IMAGES-ONLY, EXT-X-TILES LAYOUT=1x1) and in the master playlist by EXT-X-IMAGE-STREAM-INF; the pictures follow segmentLength, not captureInterval",
      },
    },
  },
  StandardHlsSettings: {
    path: "…hlsSettings.standardHlsSettings",
    members: {
      m3u8Settings: { note: "required (may be {})" },
      audioRenditionSets: {
        note: "comma-separated audioGroupIds (default program_audio): the variant is listed once per group that has audio-only outputs, with AUDIO=\"<group>\" and that group's largest rendition in BANDWIDTH and its codecs in CODECS (RFC 8216 §4.3.4.2); groups without renditions add nothing",
      },
    },
  },
  AudioOnlyHlsSettings: {
    path: "…hlsSettings.audioOnlyHlsSettings",
    members: {
      audioGroupId: { note: "GROUP-ID of the output's EXT-X-MEDIA TYPE=AUDIO line (default program_audio)" },
      segmentType: {
        note: "FMP4: fMP4 segments `…_00001.mp4` with the initialization segment `<base><nameModifier>_init.mp4` (EXT-X-MAP); AAC (packed audio, RFC 8216 §3.4, MediaLive's default) is not written by ffmpeg's HLS muxer, which writes MPEG-TS segments instead",
        values: ["FMP4"],
      },
      audioTrackType: {
        note: "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT → DEFAULT=YES,AUTOSELECT=YES (the group's first such); ALTERNATE_AUDIO_AUTO_SELECT (default) → DEFAULT=NO,AUTOSELECT=YES; ALTERNATE_AUDIO_NOT_AUTO_SELECT → DEFAULT=NO,AUTOSELECT=NO; AUDIO_ONLY_VARIANT_STREAM → an EXT-X-STREAM-INF of its own (RFC 8216 §4.3.4.1)",
      },
    },
    told: {
      audioOnlyImage: "a still image in audio-only segments is not reproduced: the segments carry audio only",
    },
  },
  M3u8Settings: {
    path: "…hlsSettings.standardHlsSettings.m3u8Settings",
    members: {
      programNum: { note: "MPEG-TS program number" },
      transportStreamId: { note: "MPEG-TS transport_stream_id" },
      pmtPid: { note: "PMT PID" },
      videoPid: { note: "video PID; outputs that share a description's encode share its PID (the first output's; a different request is a plan warning)" },
      audioPids: { note: "audio PIDs, in order of the output's audio descriptions; shared encodes keep the first output's PID, as videoPid" },
      patInterval: { note: "milliseconds between PATs (ffmpeg pat_period; 0 = once per segment, each segment starts with PAT/PMT)" },
      pmtInterval: { note: "milliseconds between PMTs: ffmpeg writes the PMT right after each PAT, so both come at the shorter of patInterval and pmtInterval" },
      pcrPeriod: { note: "milliseconds between PCRs (ffmpeg pcr_period), with pcrControl CONFIGURED_PCR_PERIOD" },
      pcrControl: { note: "PCR_EVERY_PES_PACKET: ffmpeg pcr_period 1 ms, so every PES packet of the video (the PCR stream) carries a PCR" },
      audioFramesPerPes: {
        note: "ffmpeg pes_payload_size = (N + ½) × the mean coded frame of the output's lowest-bitrate audio (bitrate × 1024 or 1536 samples ÷ sample rate), so PES packets hold N frames; 1 → one frame per packet; default 4",
      },
      scte35Behavior: { note: "PASSTHROUGH: every splice the pipeline takes (the input's SCTE-35 messages its avail settings select, the schedule's SCTE-35 actions) goes into the MPEG-TS segments as a splice_info_section on scte35Pid just before the picture it lands on, pts_adjustment re-based onto the output's timeline; the PMT lists the PID (stream_type 0x86, 'CUEI' registration); fMP4 segments carry none (docs/ads-and-schedule.md)", values: ["NO_PASSTHROUGH", "PASSTHROUGH"] },
      scte35Pid: { note: "PID of the passed SCTE-35 sections (decimal or 0x hex; default 500)" },
      timedMetadataBehavior: {
        note: "PASSTHROUGH: the schedule's hlsTimedMetadataSettings tags go into the output's segments on timedMetadataPid, with the picture the action fell due on (docs/ads-and-schedule.md); ID3 carried by the input itself is not passed through",
      },
      timedMetadataPid: { note: "PID of the ID3 timed metadata: timedMetadataId3Frame timestamps and the schedule's ID3 actions (default 502); outputs sharing a group's timestamps share the first output's PID, as videoPid" },
      nielsenId3Behavior: { note: "PASSTHROUGH: Nielsen ID3 pass-through comes with SCTE-35 and ID3 support", values: ["NO_PASSTHROUGH"] },
      klvBehavior: { note: "PASSTHROUGH: KLV (SMPTE 336) pass-through is not reproduced", values: ["NO_PASSTHROUGH"] },
      klvDataPids: { note: noEffect("KLV pass-through") },
    },
    told: {
      ecmPid: "openlive encrypts no transport stream (no conditional access), so there are no ECMs",
      pcrPid: "ffmpeg's MPEG-TS muxer carries the PCR in the video PID; a PCR PID of its own is not written",
    },
  },

  // --- Output destinations.
  OutputDestination: {
    path: "destinations[]",
    members: {
      id: { note: "required, unique; referenced by destinationRefId" },
      settings: { note: "one URL per pipeline: 2 for STANDARD, 1 for SINGLE_PIPELINE" },
      mediaPackageSettings: { note: "one MediaPackage channel for both pipelines (a MediaPackage group's destination)" },
      srtSettings: { note: "SRT outputs: one per pipeline" },
    },
    told: { logicalInterfaceNames: "logical interfaces belong to MediaLive Anywhere clusters, which openlive does not have" },
    refused: {
      multiplexSettings: `multiplex destinations: ${NO_MULTIPLEX}`,
      mediaConnectRouterSettings: `MediaConnect router destinations: ${NO_ROUTER}`,
    },
  },
  OutputDestinationSettings: {
    path: "destinations[].settings[]",
    members: {
      url: { note: "see the URL forms above" },
      username: { note: "http(s) and mediastoressl://: basic-auth user (S3 credentials come from the S3 configuration file); rtmp(s)://: the user of the server's authmod=adobe challenge (FMS, Akamai, Wowza), answered on a second connection" },
      passwordParam: { note: "name of the secret holding the password: basic auth on http(s); on rtmp(s) the adobe challenge's response is md5 over it, the password itself is never sent" },
      streamName: { note: "rtmp(s) destinations: the stream key, published by the pipeline's RTMP publisher (in no command line, alert or log)" },
    },
  },

} as const satisfies Readonly<Record<string, ShapeSupport>>;
