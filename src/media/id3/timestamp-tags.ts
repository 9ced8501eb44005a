// The two ID3 frames an encoder writes as timed metadata carrying the time of a picture:
// - PRIV (ID3v2.4 frames §4.27) owned by "com.elementaltechnologies.timestamp.utc", whose
//   private data is the UTC time as ASCII ISO 8601 with milliseconds and offset
//   (`2026-01-31T12:34:56.789+00:00`), as AWS Elemental encoders write it;
// - TDRL, the release time text frame (ID3v2.4 frames §4.2.5), holding an ID3v2.4 timestamp
//   (`yyyy-MM-ddTHH:mm:ss`, UTC, a subset of ISO 8601). Pure.

import { privTag, textTag } from "./id3-tag.ts";

export const TIMESTAMP_PRIV_OWNER = "com.elementaltechnologies.timestamp.utc";

/** `2026-01-31T12:34:56.789+00:00` */
export function utcTimestampText(utcMs: number): string {
  return new Date(utcMs).toISOString().replace("Z", "+00:00");
}

/** `2026-01-31T12:34:56` */
export function id3TimestampText(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 19);
}

export function timestampTag(frame: "PRIV" | "TDRL", utcMs: number): Uint8Array {
  return frame === "PRIV" ? privTag(TIMESTAMP_PRIV_OWNER, new TextEncoder().encode(utcTimestampText(utcMs))) : textTag("TDRL", id3TimestampText(utcMs));
}
