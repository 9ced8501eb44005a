// Playlist text → hls-parser's playlist, for the create-time check and the running HLS pull
// alike: a byte order mark is dropped, the first line must be #EXTM3U, and the parser
// neither prints nor throws. Pure.

import * as HLS from "hls-parser";

const EXTM3U = "#EXTM3U";

/** The parsed playlist, or undefined when the text is not one. */
export function parsePlaylistText(text: string): ReturnType<typeof HLS.parse> | undefined {
  const body = text.replace(/^\uFEFF/, "").trimStart();
  // hls-parser in its default (non-strict) mode accepts text without #EXTM3U as an empty
  // media playlist, so the first line is checked here: RFC 8216 §4.3.1.1 requires it.
  if (!body.startsWith(EXTM3U)) return undefined;
  return parseQuietly(body);
}

/** hls-parser without its console output and without throwing. */
function parseQuietly(text: string): ReturnType<typeof HLS.parse> | undefined {
  // Non-strict hls-parser prints every spec deviation with console.error; neither the check
  // nor the running pull may spam the service log with upstream quirks. Its options are module-global, so
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
