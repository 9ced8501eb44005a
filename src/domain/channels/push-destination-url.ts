// Where an RTMP or SRT output group sends, read from a destination URL. MediaLive's RTMP
// destination is `rtmp://host[:port]/app` (or rtmps://) with the stream key in the
// destination's streamName; an SRT caller destination is `srt://host:port`. The validator
// checks destinations with these; the outputs' senders build their command lines from them.

import { quote } from "./quote.ts";

export type ParsedRtmpDestination =
  | { readonly ok: true; readonly scheme: "rtmp" | "rtmps"; readonly host: string; readonly port: number | undefined; /** The application path, e.g. "live2" or "app/instance". */ readonly app: string }
  | { readonly ok: false; readonly message: string };

export type ParsedSrtDestination = { readonly ok: true; readonly host: string; readonly port: number } | { readonly ok: false; readonly message: string };

/** Schemes of the push kinds' destinations (destinations[].settings[].url or srtSettings[].url). */
export const PUSH_DESTINATION_SCHEMES = { "rtmp:": "rtmp", "rtmps:": "rtmp", "srt:": "srt" } as const;

export function pushSchemeOf(raw: string): "rtmp" | "srt" | undefined {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*:)/.exec(raw)?.[1]?.toLowerCase();
  return scheme && Object.hasOwn(PUSH_DESTINATION_SCHEMES, scheme) ? PUSH_DESTINATION_SCHEMES[scheme as keyof typeof PUSH_DESTINATION_SCHEMES] : undefined;
}

// Names that reach a command line argument or an RTMP connect command: no controls, no spaces.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0020\u007f]/;

export function parseRtmpDestinationUrl(raw: string): ParsedRtmpDestination {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: `${quote(raw)} is not a valid URL; use rtmp://<host>[:port]/<app> or rtmps://…` };
  }
  const scheme = url.protocol === "rtmp:" ? "rtmp" : url.protocol === "rtmps:" ? "rtmps" : undefined;
  if (!scheme) return { ok: false, message: `${quote(raw)} is not an rtmp:// or rtmps:// URL` };
  if (url.hostname === "") return { ok: false, message: `${quote(raw)} needs a host` };
  if (url.username !== "" || url.password !== "") return { ok: false, message: "must not carry credentials; put them in username and passwordParam" };
  if (url.hash !== "") return { ok: false, message: `${quote(raw)} must not carry a fragment; the stream key goes in streamName` };
  let app: string;
  try {
    // A query belongs to the application as RTMP servers read it (YouTube's backup ingest: `live2?backup=1`).
    app = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, "")) + url.search;
  } catch {
    return { ok: false, message: `${quote(raw)} has an invalid percent-encoding` };
  }
  if (app === "" || UNSAFE.test(app)) return { ok: false, message: `${quote(raw)} must name the application: rtmp://<host>[:port]/<app> (the stream key goes in streamName), without spaces or control characters` };
  return { ok: true, scheme, host: url.hostname, port: url.port === "" ? undefined : Number(url.port), app };
}

/** MediaLive's SRT caller destination: `srt://host:port` (options come from the output's settings). */
export function parseSrtDestinationUrl(raw: string): ParsedSrtDestination {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: `${quote(raw)} is not a valid URL; use srt://<host>:<port>` };
  }
  if (url.protocol !== "srt:") return { ok: false, message: `${quote(raw)} is not an srt:// URL` };
  if (url.hostname === "" || url.port === "") return { ok: false, message: `${quote(raw)} needs a host and a port: srt://<host>:<port>` };
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "" || (url.pathname !== "" && url.pathname !== "/")) {
    return { ok: false, message: `${quote(raw)} must be srt://<host>:<port> only: the stream ID, latency and passphrase come from streamId, the output's latency and encryptionPassphraseSecretArn` };
  }
  return { ok: true, host: url.hostname, port: Number(url.port) };
}

/** The URL's host for a command line: IPv6 literals keep their brackets. */
export function urlHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
