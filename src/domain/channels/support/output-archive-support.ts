// Archive output groups (MPEG-TS files rolled over every rolloverInterval) and the M2TS
// settings of their files: how openlive honours each member, which it accepts and tells.
// Part of the one list in ../supported-features.ts (read its header for the rules).

import type { ShapeSupport } from "./member-support.ts";


export const OUTPUT_ARCHIVE_SUPPORT = {
  ArchiveGroupSettings: {
    path: "encoderSettings.outputGroups[].outputGroupSettings.archiveGroupSettings",
    members: {
      destination: { note: "required: destinationRefId of a destination with file:///<folder>/<baseFilename> (inside an output root) or s3(ssl)://<bucket>/<folders>/<baseFilename> URLs" },
      rolloverInterval: { note: "seconds per file (default 300): ffmpeg's segment muxer starts a new file at the first IDR after each interval, and the encode puts IDRs on those boundaries" },
      archiveCdnSettings: { note: "S3 destinations only: archiveS3Settings" },
    },
  },
  ArchiveCdnSettings: {
    path: "…archiveGroupSettings.archiveCdnSettings",
    members: { archiveS3Settings: { note: "the canned ACL given to each uploaded file" } },
  },
  ArchiveS3Settings: {
    path: "…archiveGroupSettings.archiveCdnSettings.archiveS3Settings",
    members: { cannedAcl: { note: "x-amz-acl of each uploaded file (S3 destinations); no effect on file:// destinations" } },
  },
  ArchiveOutputSettings: {
    path: "encoderSettings.outputGroups[].outputs[].outputSettings.archiveOutputSettings",
    members: {
      containerSettings: { note: "required: m2tsSettings" },
      nameModifier: { note: "`<baseFilename><nameModifier>.<counter>.<extension>`, counter 000000, 000001 … (six digits, more after 999999); no `/`" },
      extension: { note: "the files' extension (default m2ts); no `/`" },
    },
  },
  ArchiveContainerSettings: {
    path: "…archiveOutputSettings.containerSettings",
    union: true,
    members: { m2tsSettings: { note: "MPEG-TS files (188-byte packets, ISO/IEC 13818-1)" } },
    told: { rawSettings: "raw (elementary stream) archive files are not written: the output is written as MPEG-TS with MediaLive's M2TS defaults" },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
