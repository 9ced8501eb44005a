// The media types of the files an HLS output publishes, for the origin that serves them and
// the mirror that uploads them: playlists (RFC 8216 §4), MPEG-TS and fMP4 segments, audio
// and WebVTT renditions, thumbnails.

import path from "node:path";

export const HLS_CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".m3u8": "application/vnd.apple.mpegurl",
  ".ts": "video/mp2t",
  ".jpg": "image/jpeg",
  ".aac": "audio/aac",
  ".vtt": "text/vtt",
  ".mp4": "video/mp4",
  ".m4s": "video/iso.segment",
};

/** The content type of an HLS file by its extension; application/octet-stream for any other. */
export function hlsContentType(fileName: string): string {
  return HLS_CONTENT_TYPES[path.extname(fileName)] ?? "application/octet-stream";
}
