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
      inputSpecification: { note: "metadata (MediaLive uses it for billing); stored and returned" },
      roleArn: { note: "metadata: openlive has no IAM; stored and returned" },
      logLevel: { note: "metadata: stored and returned (openlive logs per its own configuration)" },
      maintenance: { note: "metadata: openlive has no maintenance windows; stored and returned" },
      tags: { note: "stored; TagResource/UntagResource work too" },
      requestId: { note: "idempotency token" },
      dryRun: { note: "validating without creating is not supported yet", values: [false] },
    },
    told: {
      cdiInputSpecification: "CDI inputs: not reproduced by openlive yet",
      vpc: "VPC outputs: not reproduced by openlive yet",
      anywhereSettings: "MediaLive Anywhere: not reproduced by openlive yet",
      linkedChannelSettings: "linked channels: not reproduced by openlive yet",
      channelSecurityGroups: "channel security groups: not reproduced by openlive yet",
      inferenceSettings: "inference/AI features: not reproduced by openlive yet",
      channelEngineVersion: "engine versions: not reproduced by openlive yet",
      specialRouterSettings: "MediaConnect router outputs: not reproduced by openlive yet",
      reserved: "reservations: not reproduced by openlive yet",
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
    told: {
      availBlanking: "ad-avail blanking: not reproduced by openlive yet",
      availConfiguration: "ad avails, SCTE-35: not reproduced by openlive yet",
      blackoutSlate: "blackout slates: not reproduced by openlive yet",
      featureActivations: "feature activations: not reproduced by openlive yet",
      motionGraphicsConfiguration: "motion graphics: not reproduced by openlive yet",
      nielsenConfiguration: "Nielsen watermarks: not reproduced by openlive yet",
      colorCorrectionSettings: "colour correction, 3D LUTs: not reproduced by openlive yet",
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
    told: { outputLockingSettings: "output locking: not reproduced by openlive yet" },
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

} as const satisfies Readonly<Record<string, ShapeSupport>>;
