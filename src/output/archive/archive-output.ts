// Archive output groups as an output kind (output-kind.ts): MPEG-TS files rolled over every
// rolloverInterval (archive-plan.ts), moved under MediaLive's names to a file:// folder or
// handed to an S3 sink once finished (file-group-beside.ts). With SCTE-35 pass-through
// (m2tsSettings.scte35Control) each finished file is rewritten with the splices first.

import type { OutputGroup } from "../../model/generated/medialive-types.ts";
import type { SpliceMarkLog } from "../hls/splice-mark-log.ts";
import type { OutputKind } from "../output-kind.ts";
import { m2tsScte35Pid, scte35Inserter } from "../scte35/scte35-passthrough.ts";
import { rewriteTsFile } from "../scte35/ts-file-rewrite.ts";
import { archiveName } from "./archive-names.ts";
import { planArchiveGroup, stagedArchiveName } from "./archive-plan.ts";
import { startFileGroupBeside, type FileGroupKindSpec } from "./file-group-beside.ts";

export const ARCHIVE_STAGING_ROOT = "archive";

export const ARCHIVE_FILE_GROUPS: FileGroupKindSpec = {
  member: "archiveGroupSettings",
  stagingRoot: ARCHIVE_STAGING_ROOT,
  outputs: (group: OutputGroup, baseName: string, spliceMarks?: SpliceMarkLog) =>
    group.outputs.map((output, outputIndex) => {
      const scte35Pid = m2tsScte35Pid(output.outputSettings.archiveOutputSettings?.containerSettings.m2tsSettings);
      const inserter = scte35Pid !== undefined && spliceMarks ? scte35Inserter(spliceMarks, scte35Pid) : undefined;
      return {
        staged: stagedArchiveName(outputIndex),
        final: archiveName(baseName, output.outputSettings.archiveOutputSettings ?? { containerSettings: {} }),
        newestOpen: true,
        ...(inserter ? { rewrite: (from: string, to: string) => rewriteTsFile(from, to, inserter) } : {}),
      };
    }),
  cannedAcl: (group) => group.outputGroupSettings.archiveGroupSettings?.archiveCdnSettings?.archiveS3Settings?.cannedAcl,
};

export const ARCHIVE_OUTPUT: OutputKind = {
  kind: "archiveGroupSettings",
  // file:// destinations are checked against the output roots for every kind by HLS's check (OutputRoots.check).
  check: () => [],
  plan: planArchiveGroup,
  startBeside: (context) => startFileGroupBeside(context, ARCHIVE_FILE_GROUPS),
};
