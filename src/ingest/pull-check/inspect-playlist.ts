// What an HLS pull check needs to know about a fetched playlist. Pure: text in, verdict out.

import * as HLS from "hls-parser";

export type PlaylistVerdict =
  | { readonly kind: "master"; readonly firstVariantUri: string | undefined }
  | { readonly kind: "media"; readonly segmentCount: number }
  | { readonly kind: "invalid" };

const EXTM3U = "#EXTM3U";
const BYTE_ORDER_MARK = "\uFEFF";

export function inspectPlaylist(text: string): PlaylistVerdict {
  // hls-parser in its default (non-strict) mode accepts text without #EXTM3U as an empty
  // media playlist, so the first line is checked here: RFC 8216 §4.3.1.1 requires it.
  const body = text.startsWith(BYTE_ORDER_MARK) ? text.slice(BYTE_ORDER_MARK.length) : text;
  if (!body.trimStart().startsWith(EXTM3U)) return { kind: "invalid" };
  const playlist = parseQuietly(body.trimStart());
  if (!playlist) return { kind: "invalid" };
  // Non-strict hls-parser keeps a tag whose URI line is missing as a segment/variant without
  // a URI (e.g. a playlist cut off after #EXTINF); only entries with a URI can be played.
  const hasUri = (entry: { uri?: string }): boolean => typeof entry.uri === "string" && entry.uri.trim() !== "";
  if (playlist.isMasterPlaylist) return { kind: "master", firstVariantUri: playlist.variants.find(hasUri)?.uri.trim() };
  return { kind: "media", segmentCount: playlist.segments.filter(hasUri).length };
}

/** hls-parser without its console output and without throwing (pull checks and the pull HLS client). */
export function parseQuietly(text: string): ReturnType<typeof HLS.parse> | undefined {
  // Non-strict hls-parser prints every spec deviation with console.error; a verification
  // must not spam the service log with upstream quirks. Its options are module-global, so
  // they are set and restored around this synchronous call (no other parse can interleave).
  const previous = HLS.getOptions();
  HLS.setOptions({ strictMode: false, silent: true });
  try {
    return HLS.parse(text);
  } catch {
    // Even non-strict, hls-parser throws on some malformed input (e.g. a tag line it cannot split).
    return undefined;
  } finally {
    HLS.setOptions({ strictMode: previous.strictMode, silent: previous.silent });
  }
}
