// What one source check answers, and the reasons it can give. Reasons are short, lower-case
// phrases a user can act on; they end up after "is not ready: " in the 422 message, so
// they never carry credentials (see not-ready-message.ts for the URL side of that rule).

import { NetworkReasons } from "../source-access/network-reasons.ts";
import { secretNotFound } from "../source-access/source-credentials.ts";

export type SourceCheckResult = { readonly ready: true } | { readonly ready: false; readonly reason: string };

export const READY: SourceCheckResult = { ready: true } as const;

export function notReady(reason: string): SourceCheckResult {
  return { ready: false, reason };
}

/** The reasons with a fixed wording, shared by every protocol so the same failure reads the same. */
export const Reasons = {
  ...NetworkReasons,
  notHlsPlaylist: "not an HLS playlist",
  playlistWithoutSegments: "media playlist has no segments",
  masterWithoutVariants: "master playlist lists no variants",
  notMpegTs: "not an MPEG-TS file",
  notMp4: "not an MP4 file",
  fileNotFound: "file not found",
  permissionDenied: "permission denied",
  notAFile: "not a regular file",
  noAudioOrVideo: "no audio or video stream",
  rtmpHandshakeFailed: "RTMP handshake failed",
  rtmpStreamNotFound: "stream not found",
  srtHandshakeFailed: "SRT handshake failed",
  ffprobeMissing: "ffprobe is not installed on the openlive host",
  noMedia: (timeoutMs: number) => `no media within ${timeoutMs} ms`,
  http: (status: number) => `HTTP ${status}`,
  secretNotFound,
  unsupportedScheme: (scheme: string) => `unsupported URL scheme ${scheme}`,
  variant: (variantUrl: string, reason: string) => `first variant ${variantUrl}: ${reason}`,
} as const;
