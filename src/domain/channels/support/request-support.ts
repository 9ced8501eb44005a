// The channel request, encoderSettings and globalConfiguration: how openlive honours each member, which it accepts and tells, which it refuses.
// Part of the one list in ../supported-features.ts (read its header for the rules).

import type { ShapeSupport } from "./member-support.ts";

export const REQUEST_SUPPORT = {
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
      inputSpecification: { note: "metadata (MediaLive prices and sizes the channel by it); stored and returned" },
      roleArn: { note: "metadata: openlive has no IAM; stored and returned" },
      logLevel: {
        note: "the level of the channel's pipeline log lines: DEBUG → debug, INFO → info, WARNING → warn, ERROR → error; absent: openlive's own --log-level. DISABLED is not followed: the pipelines keep openlive's --log-level, their log being the only record of what they did",
        values: ["DEBUG", "INFO", "WARNING", "ERROR"],
      },
      maintenance: { note: "metadata: openlive has no maintenance windows (nothing restarts a channel on a schedule); stored and returned" },
      tags: { note: "stored; TagResource/UntagResource work too" },
      requestId: { note: "idempotency token" },
      dryRun: { note: "true: validated and answered as if created, nothing stored" },
    },
    told: {
      cdiInputSpecification: "CDI (AWS Cloud Digital Interface) inputs exist only inside AWS; openlive has no CDI inputs for it to size",
      vpc: "openlive publishes from the machine it runs on; its network placement is the host's (no subnets, security groups or elastic IPs to attach)",
      anywhereSettings: "MediaLive Anywhere runs channels on AWS-managed on-premises clusters; openlive runs every channel on its own host",
      linkedChannelSettings: "linked channels (a follower channel locked to a leader) are not reproduced: each openlive channel runs alone",
      channelSecurityGroups: "channel security groups guard MediaLive Anywhere/SMPTE 2110 channel inputs; openlive guards push inputs with input security groups",
      inferenceSettings: "Elemental Inference (AI features) is an AWS service; nothing in openlive's pipeline reproduces it",
      channelEngineVersion: "MediaLive's engine versions name AWS's encoder releases; openlive always runs its own pipeline (ffmpeg), whatever version is asked",
      specialRouterSettings: "MediaConnect router outputs exist only inside AWS",
      reserved: "a deprecated member MediaLive keeps for allow-listed accounts; no effect",
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
      thumbnailConfiguration: { note: "thumbnails of the input on air (DescribeThumbnails)" },
      featureActivations: { note: "which schedule action kinds the channel runs" },
      availConfiguration: { note: "SCTE-35 ad avails of the active input (RTP, SRT, HLS pull of TS segments) become HLS ad markers (docs/ads-and-schedule.md)" },
      availBlanking: { note: "restricted avails show the blanking image (black when none) with silence from their splice picture (docs/ads-and-schedule.md)" },
      blackoutSlate: { note: "SCTE-35 blackouts show the blackout slate (black when none) with silence (docs/ads-and-schedule.md)" },
      motionGraphicsConfiguration: { note: "motionGraphicsInsertion ENABLED lets the schedule take motionGraphicsImageActivateSettings: the HTML5 page is rendered by a headless Chromium at the picture's size and drawn above the image overlays (docs/ads-and-schedule.md)" },
    },
    told: {
      nielsenConfiguration: "Nielsen watermarks and ID3 tags need Nielsen's licensed SDK, which openlive does not have",
      colorCorrectionSettings: "3D LUT colour correction is not done yet (MediaLive reads the LUT files from S3, which openlive does not reach; ffmpeg's lut3d filter could apply .cube files)",
    },
  },
  FeatureActivations: {
    path: "encoderSettings.featureActivations",
    members: {
      inputPrepareScheduleActions: { note: "openlive runs input prepare actions (it does not refuse them when this is DISABLED)", values: ["ENABLED"] },
      outputStaticImageOverlayScheduleActions: { note: "ENABLED lets the schedule take staticImageOutputActivateSettings/…DeactivateSettings (image overlays on chosen outputs, docs/ads-and-schedule.md); the channel-wide static image actions run either way", values: ["DISABLED", "ENABLED"] },
    },
  },
  MotionGraphicsConfiguration: {
    path: "encoderSettings.motionGraphicsConfiguration",
    members: {
      motionGraphicsInsertion: { note: "ENABLED lets the schedule take motion graphics actions (as MediaLive requires); DISABLED refuses them", values: ["DISABLED", "ENABLED"] },
      motionGraphicsSettings: { note: "htmlMotionGraphicsSettings (the only kind, no members): HTML5 pages rendered by a headless Chromium" },
    },
  },
  ThumbnailConfiguration: {
    path: "encoderSettings.thumbnailConfiguration",
    members: { state: { note: "AUTO: DescribeThumbnails answers each pipeline's latest picture; DISABLED: it answers an empty list, as MediaLive does (absent: openlive takes thumbnails, for its console)" } },
  },

  TimecodeConfig: {
    path: "encoderSettings.timecodeConfig",
    members: { source: { note: "EMBEDDED (falls back to ZEROBASED), SYSTEMCLOCK, ZEROBASED" } },
    told: { syncThreshold: "openlive sets the output timecode once from its source and never resynchronises it to the input timecode" },
  },

  GlobalConfiguration: {
    path: "encoderSettings.globalConfiguration",
    members: {
      inputLossBehavior: { note: "repeat → black → colour or slate while the input is lost" },
      inputEndAction: {
        note: "when the input on air ends (a file or VOD source with sourceEndBehavior CONTINUE) and no schedule action follows its end: NONE keeps input-loss fill until the next switch; SWITCH_AND_LOOP_INPUTS switches to the next input attachment in the channel's order, from the last back to the first",
      },
      outputLockingMode: {
        note: "EPOCH_LOCKING: both pipelines stamp frames with the host's clock since the Unix epoch and cut HLS segments on every multiple of segmentLength since it, with the same names and media sequence numbers (docs/outputs.md, Output locking); PIPELINE_LOCKING is done the same way (the pipelines' hosts share NTP time); DISABLED: each pipeline keeps its own timeline",
        values: ["EPOCH_LOCKING", "PIPELINE_LOCKING", "DISABLED"],
      },
      outputTimingSource: {
        note: "live frames go out at the input's pace (its timestamps as they arrive); only fill is paced by the system clock, so an input clock drifting from the host's is not resampled onto it",
        values: ["INPUT_CLOCK"],
      },
      supportLowFramerateInputs: { note: "openlive's input buffering and loss detection are the same for every frame rate; not tuned for inputs below one frame per second", values: ["DISABLED"] },
      initialAudioGain: { note: "dB applied to every audio encode (ffmpeg volume filter)" },
    },
    told: { outputLockingSettings: "openlive locks to the Unix epoch on the host's clock: a customEpoch, a jamSyncTime and a pipelineLockingMethod (SOURCE_TIMECODE, VIDEO_ALIGNMENT) are not followed" },
  },
  InputLossBehavior: {
    path: "encoderSettings.globalConfiguration.inputLossBehavior",
    members: {
      repeatFrameMsec: { note: "repeat the last frame this long (1000000 = forever)" },
      blackFrameMsec: { note: "then black this long (1000000 = forever)" },
      inputLossImageType: { note: "then COLOR or SLATE" },
      inputLossImageColor: { note: "6 hex digits RGB" },
      inputLossImageSlate: { note: "uri: file:///absolute/path, http(s):// or s3(ssl)://<bucket>/<key>" },
    },
  },
  InputLocation: {
    path: "encoderSettings.globalConfiguration.inputLossBehavior.inputLossImageSlate",
    members: {
      uri: { note: "file:///absolute/path (in an input root), http(s)://host/path, or s3://, s3ssl://<bucket>/<key> (the bucket's endpoint and credentials from the S3 configuration, as outputs: docs/outputs.md); downloaded once, at most 32 MiB within 5 s" },
      username: { note: "HTTP basic auth user" },
      passwordParam: { note: "name of the secret holding the password" },
    },
  },

} as const satisfies Readonly<Record<string, ShapeSupport>>;
