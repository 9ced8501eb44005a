// SCTE-35 of an http(s):// TS_FILE input. ffmpeg plays the file (and drops its SCTE-35 PID,
// ts-file-cues.ts), so openlive reads the sections in a GET of its own, beside ffmpeg's: the
// body streams through the same reader as a local file's, and a file whose program map declares
// no SCTE-35 PID is dropped after its first megabytes. A file that does declare one is read to
// its end once per start of the input (the price of a second download; a loop replays the
// sections already read).
//
// What a server can make this GET hold is bounded: the response headers must come within
// `headersTimeoutMs`; the body must then keep a pace (DEFAULT_TS_URL_BODY_PACE: no byte for
// 10 s, or under 10 KiB in 10 s, ends the read — a file served at any real bit rate comes far
// faster, a stalled or trickling server is let go); what is kept is the sections alone, within
// the caps of DEFAULT_TS_CUE_CAPS (a file with more ends the read, whatever the body's length);
// bytes that are not a transport stream end the read after the first megabytes.
//
// Only http: and https: are fetched, before and after redirects; credentials go in an
// Authorization header (a URL's user info is moved there: fetch refuses URLs carrying it), and
// failures are short reasons, never credentials.

import { BodyStalledError, bodyChunks, type BodyPace } from "../../shared/body-chunks.ts";
import { basicAuthorization } from "../source-access/basic-authorization.ts";
import { reasonForFetchError } from "../source-access/fetch-error-reason.ts";
import { refusedScheme } from "./hls-http.ts";
import { DEFAULT_TS_CUE_CAPS, TsCueReadError, readTsCues, type TsCueCaps, type TsFileCueList } from "./ts-file-cues.ts";

const USER_AGENT = "openlive-ts-file";

/** The pace the body must keep: the child pull's no-data timeout (child-pull-source.ts), and about 1 KiB/s at the least. */
export const DEFAULT_TS_URL_BODY_PACE: BodyPace = { idleTimeoutMs: 10_000, minBytesPerWindow: 10 * 1024 } as const;

export interface TsUrlCueOptions {
  /** The source's username and password (passwordParam resolved); the URL's user info otherwise. */
  readonly username?: string;
  readonly password?: string;
  /** Ends the read (the input closes). */
  readonly signal: AbortSignal;
  /** For the response's headers; the body then streams for as long as the file lasts, at `bodyPace`. */
  readonly headersTimeoutMs: number;
  /** DEFAULT_TS_URL_BODY_PACE unless given (tests pass short ones). */
  readonly bodyPace?: BodyPace;
  /** DEFAULT_TS_CUE_CAPS unless given. */
  readonly caps?: TsCueCaps;
}

export class TsUrlCueError extends Error {
  override readonly name = "TsUrlCueError";
}

/** The SCTE-35 sections of an http(s):// TS file with their places (see readTsFileCues). */
export async function readTsUrlCues(url: string, options: TsUrlCueOptions): Promise<TsFileCueList> {
  const refused = refusedScheme(url);
  if (refused !== undefined) throw new TsUrlCueError(refused);
  const target = new URL(url);
  const username = options.username ?? percentDecoded(target.username);
  const password = options.password ?? percentDecoded(target.password);
  target.username = "";
  target.password = "";
  const headers: Record<string, string> = { "user-agent": USER_AGENT };
  if (username !== "") headers.authorization = basicAuthorization(username, password);
  const headersDeadline = new AbortController();
  const timer = setTimeout(() => headersDeadline.abort(), options.headersTimeoutMs);
  let response: Response;
  try {
    response = await fetch(target, { headers, signal: AbortSignal.any([options.signal, headersDeadline.signal]), redirect: "follow" });
  } catch (error) {
    throw new TsUrlCueError(reasonForFetchError(error, headersDeadline.signal.aborted, options.headersTimeoutMs));
  } finally {
    clearTimeout(timer);
  }
  const finalRefused = refusedScheme(response.url || target.href);
  if (!response.ok || finalRefused !== undefined || response.body === null) {
    await response.body?.cancel().catch(() => undefined);
    throw new TsUrlCueError(finalRefused ?? (response.ok ? "no body" : `HTTP ${response.status}`));
  }
  // Leaving the chunks early (no SCTE-35 PID, not a transport stream, a stall) cancels the body.
  const chunks = bodyChunks(response.body, options.bodyPace ?? DEFAULT_TS_URL_BODY_PACE);
  try {
    return await readTsCues(chunks, options.caps ?? DEFAULT_TS_CUE_CAPS);
  } catch (error) {
    if (error instanceof BodyStalledError || error instanceof TsCueReadError) throw new TsUrlCueError(error.message);
    throw new TsUrlCueError(reasonForFetchError(error, false, options.headersTimeoutMs));
  }
}

/** A URL's user info as typed (a malformed escape stays as it is). */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
