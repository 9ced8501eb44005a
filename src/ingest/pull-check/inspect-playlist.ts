// What an HLS pull check needs to know about a fetched playlist. Pure: text in, verdict out.

import { parsePlaylistText } from "../source-access/playlist-text.ts";

export type PlaylistVerdict =
  | { readonly kind: "master"; readonly firstVariantUri: string | undefined }
  | { readonly kind: "media"; readonly segmentCount: number }
  | { readonly kind: "invalid" };

export function inspectPlaylist(text: string): PlaylistVerdict {
  const playlist = parsePlaylistText(text);
  if (!playlist) return { kind: "invalid" };
  // Non-strict hls-parser keeps a tag whose URI line is missing as a segment/variant without
  // a URI (e.g. a playlist cut off after #EXTINF); only entries with a URI can be played.
  const hasUri = (entry: { uri?: string }): boolean => typeof entry.uri === "string" && entry.uri.trim() !== "";
  if (playlist.isMasterPlaylist) return { kind: "master", firstVariantUri: playlist.variants.find(hasUri)?.uri.trim() };
  return { kind: "media", segmentCount: playlist.segments.filter(hasUri).length };
}
