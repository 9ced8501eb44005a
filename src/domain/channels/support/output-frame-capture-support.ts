// Frame capture output groups (JPEG pictures every captureInterval): how openlive honours
// each member. Part of the one list in ../supported-features.ts (read its header for the rules).

import type { ShapeSupport } from "./member-support.ts";

export const OUTPUT_FRAME_CAPTURE_SUPPORT = {
  FrameCaptureGroupSettings: {
    path: "encoderSettings.outputGroups[].outputGroupSettings.frameCaptureGroupSettings",
    members: {
      destination: { note: "required: destinationRefId of a destination with file:///<folder>/<baseFilename> (inside an output root) or s3(ssl)://<bucket>/<folders>/<baseFilename> URLs" },
      frameCaptureCdnSettings: { note: "S3 destinations only: frameCaptureS3Settings" },
    },
  },
  FrameCaptureCdnSettings: {
    path: "…frameCaptureGroupSettings.frameCaptureCdnSettings",
    members: { frameCaptureS3Settings: { note: "the canned ACL given to each uploaded picture" } },
  },
  FrameCaptureS3Settings: {
    path: "…frameCaptureGroupSettings.frameCaptureCdnSettings.frameCaptureS3Settings",
    members: { cannedAcl: { note: "x-amz-acl of each uploaded picture (S3 destinations); no effect on file:// destinations" } },
  },
  FrameCaptureOutputSettings: {
    path: "encoderSettings.outputGroups[].outputs[].outputSettings.frameCaptureOutputSettings",
    members: {
      nameModifier: { note: "`<baseFilename><nameModifier>.<counter>.jpg`, counter 00000, 00001 … (five digits, more after 99999); no `/`" },
    },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
