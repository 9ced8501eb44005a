// Frame capture output groups as an output kind (output-kind.ts): JPEG pictures every
// captureInterval (frame-capture-plan.ts), moved under MediaLive's names to a file:// folder
// or handed to an S3 sink as soon as each is written (archive/file-group-beside.ts).

import { startFileGroupBeside, type FileGroupKindSpec } from "../archive/file-group-beside.ts";
import type { OutputKind } from "../output-kind.ts";
import { frameCaptureName, stagedCaptureName } from "./frame-capture-names.ts";
import { planFrameCaptureGroup } from "./frame-capture-plan.ts";

export const FRAME_CAPTURE_FILE_GROUPS: FileGroupKindSpec = {
  member: "frameCaptureGroupSettings",
  stagingRoot: "frame-capture",
  outputs: (group, baseName) =>
    group.outputs.map((output, outputIndex) => ({ staged: stagedCaptureName(outputIndex), final: frameCaptureName(baseName, output.outputSettings.frameCaptureOutputSettings), newestOpen: false })),
  cannedAcl: (group) => group.outputGroupSettings.frameCaptureGroupSettings?.frameCaptureCdnSettings?.frameCaptureS3Settings?.cannedAcl,
};

export const FRAME_CAPTURE_OUTPUT: OutputKind = {
  kind: "frameCaptureGroupSettings",
  // file:// destinations are checked against the output roots for every kind by HLS's check (OutputRoots.check).
  check: () => [],
  plan: planFrameCaptureGroup,
  startBeside: (context) => startFileGroupBeside(context, FRAME_CAPTURE_FILE_GROUPS),
};
