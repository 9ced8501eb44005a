// S3-compatible and MediaStore-style object stores as HLS destinations (s3://, s3ssl://,
// mediastoressl://): how openlive honours each member of their hlsCdnSettings.
// Part of the one list in ../supported-features.ts (read its header for the rules).

import type { ShapeSupport } from "./member-support.ts";

export const OUTPUT_OBJECT_STORE_SUPPORT = {
  HlsS3Settings: {
    path: "…hlsCdnSettings.hlsS3Settings",
    members: {
      cannedAcl: { note: "the x-amz-acl of every object PUT (AUTHENTICATED_READ → authenticated-read, BUCKET_OWNER_FULL_CONTROL → bucket-owner-full-control, BUCKET_OWNER_READ → bucket-owner-read, PUBLIC_READ → public-read); absent: the bucket's default" },
    },
  },
  HlsMediaStoreSettings: {
    path: "…hlsCdnSettings.hlsMediaStoreSettings",
    members: {
      connectionRetryInterval: { note: "seconds between retries" },
      numRetries: { note: "retries per request" },
      filecacheDuration: { note: "files are retried from the staging folder until the encoder expires them (keepSegments), which covers any cache duration" },
      restartDelay: { note: "seconds to wait after retries are exhausted" },
      mediaStoreStorageClass: { note: "TEMPORAL is MediaStore's only class; an HTTPS object store keeps objects as its own settings say", values: ["TEMPORAL"] },
    },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
