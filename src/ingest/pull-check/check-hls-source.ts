// URL_PULL: the HLS playlist must answer and parse. A master playlist must list a variant
// whose media playlist parses and has a segment (a channel plays a variant, not the
// master); a media playlist needs at least one segment. A live playlist without
// #EXT-X-ENDLIST is fine.

import type { PullSourceRecord } from "../../domain/records.ts";
import { notReady, READY, Reasons, type SourceCheckResult } from "./check-result.ts";
import type { CheckContext } from "./check-context.ts";
import { reasonForFetchError } from "../source-access/fetch-error-reason.ts";
import { httpGetPrefix } from "./http-get-prefix.ts";
import { inspectPlaylist } from "./inspect-playlist.ts";
import { redactUrl } from "../source-access/redact-url.ts";
import { basicAuthorization } from "../source-access/basic-authorization.ts";
import { sourceCredentials } from "../source-access/source-credentials.ts";

/** 8 MiB holds a 24-hour event playlist with 1-second segments; reading stops there. */
const MAX_PLAYLIST_BYTES = 8 * 1024 * 1024;

type PlaylistFetch = { readonly ok: true; readonly text: string; readonly url: string } | { readonly ok: false; readonly reason: string };

export async function checkHlsSource(source: PullSourceRecord, context: CheckContext): Promise<SourceCheckResult> {
  const credentials = sourceCredentials(source, context.resolveSecret);
  if (!credentials.ok) return notReady(credentials.reason);
  const authorization = credentials.username !== undefined ? basicAuthorization(credentials.username, credentials.password ?? "") : undefined;

  const top = await fetchPlaylist(source.url, authorization, context);
  if (!top.ok) return notReady(top.reason);
  const verdict = inspectPlaylist(top.text);
  if (verdict.kind === "invalid") return notReady(Reasons.notHlsPlaylist);
  if (verdict.kind === "media") return verdict.segmentCount > 0 ? READY : notReady(Reasons.playlistWithoutSegments);
  if (verdict.firstVariantUri === undefined) return notReady(Reasons.masterWithoutVariants);

  let variantUrl: URL;
  try {
    variantUrl = new URL(verdict.firstVariantUri, top.url);
  } catch {
    return notReady(Reasons.variant(verdict.firstVariantUri, "not a URL"));
  }
  // The credentials are for the origin the user named; a variant on another host gets none.
  const sameOrigin = variantUrl.origin === new URL(top.url).origin;
  const variant = await fetchPlaylist(variantUrl.href, sameOrigin ? authorization : undefined, context);
  const shown = redactUrl(variantUrl.href);
  if (!variant.ok) return notReady(Reasons.variant(shown, variant.reason));
  const variantVerdict = inspectPlaylist(variant.text);
  if (variantVerdict.kind === "invalid") return notReady(Reasons.variant(shown, Reasons.notHlsPlaylist));
  if (variantVerdict.kind === "master") return notReady(Reasons.variant(shown, "a master playlist, not a media playlist"));
  return variantVerdict.segmentCount > 0 ? READY : notReady(Reasons.variant(shown, Reasons.playlistWithoutSegments));
}

async function fetchPlaylist(url: string, authorization: string | undefined, context: CheckContext): Promise<PlaylistFetch> {
  try {
    const response = await httpGetPrefix(url, {
      signal: context.signal,
      maxBytes: MAX_PLAYLIST_BYTES,
      ...(authorization !== undefined ? { authorization } : {}),
    });
    if (response.status < 200 || response.status > 299) return { ok: false, reason: Reasons.http(response.status) };
    // fatal: false — a binary body (someone pointed at a .ts) decodes to junk and fails the #EXTM3U test.
    return { ok: true, text: new TextDecoder("utf-8").decode(response.bytes), url: response.url };
  } catch (error) {
    return { ok: false, reason: reasonForFetchError(error, context.signal.aborted, context.timeoutMs) };
  }
}
