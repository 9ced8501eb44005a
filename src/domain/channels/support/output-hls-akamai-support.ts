// HLS to an Akamai ingest entry point (hlsCdnSettings.hlsAkamaiSettings): how openlive honours each member (docs/outputs.md, HLS).
// Part of the one list in ../supported-features.ts (read its header for the rules).

import { type ShapeSupport } from "./member-support.ts";

const TOKEN_AUTH =
  "Akamai token authentication: how MediaLive derives the token from salt (and names it, __gda__ by default) is not publicly specified, so openlive cannot reproduce it; use username and passwordParam on the destination (basic authentication on every request)";

export const OUTPUT_HLS_AKAMAI_SUPPORT = {
  HlsAkamaiSettings: {
    path: "…hlsCdnSettings.hlsAkamaiSettings",
    members: {
      connectionRetryInterval: { note: "seconds between retries" },
      numRetries: { note: "retries per request" },
      restartDelay: { note: "seconds to wait after retries are exhausted" },
      filecacheDuration: { note: "files are retried from the staging folder until the encoder expires them (keepSegments), which covers any cache duration" },
      httpTransferMode: { note: "CHUNKED: every PUT body is sent with Transfer-Encoding: chunked (no Content-Length), in 64 KiB chunks of the finished file; NON_CHUNKED (default): with a Content-Length" },
    },
    told: {
      salt: TOKEN_AUTH,
      token: TOKEN_AUTH,
    },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
