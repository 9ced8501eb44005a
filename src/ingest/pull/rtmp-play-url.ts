// What an RTMP_PULL source URL asks openlive's RTMP player for: `rtmp[s]://[user:password@]
// host[:port]/app[/instance]/playpath[?query]`, split as ffmpeg's RTMP client splits it
// (libavformat/rtmpproto.c), so a URL that played through ffmpeg plays the same: the first path
// element is the application, or the first two when more follow (`app/instance`); the rest,
// with the query, is the play path (the stream name). Credentials in the URL's user info are
// read (percent-decoded) and kept out of tcUrl. Pure.

import net from "node:net";
import { DEFAULT_RTMP_PORTS } from "../../output/rtmp/rtmp-targets.ts";

export interface RtmpPlayTarget {
  readonly tls: boolean;
  readonly host: string;
  readonly port: number;
  /** TLS server name; absent for an IP address. */
  readonly serverName?: string;
  readonly app: string;
  /** `rtmp[s]://host[:port]/app`, without credentials. */
  readonly tcUrl: string;
  readonly streamName: string;
  /** From the URL's user info; the source's username and passwordParam take precedence. */
  readonly username?: string;
  readonly password?: string;
}

export type RtmpPlayUrl = ({ readonly ok: true } & RtmpPlayTarget) | { readonly ok: false; readonly reason: string };

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f]/;

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export function rtmpPlayUrl(raw: string): RtmpPlayUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "not a URL" };
  }
  const tls = url.protocol === "rtmps:";
  if (!tls && url.protocol !== "rtmp:") return { ok: false, reason: `unsupported URL scheme ${url.protocol.replace(/:$/, "")}` };
  if (url.hostname === "") return { ok: false, reason: "the URL has no host" };
  const path = url.pathname.replace(/^\//, "");
  const parts = path.split("/");
  if (parts.length < 2 || parts.some((part) => part === "")) return { ok: false, reason: "the URL needs an application and a stream name: rtmp://host[:port]/app[/instance]/stream" };
  const appParts = parts.length >= 3 ? 2 : 1;
  const app = decoded(parts.slice(0, appParts).join("/"));
  const stream = decoded(parts.slice(appParts).join("/"));
  if (app === undefined || stream === undefined) return { ok: false, reason: "the URL's path is not valid percent-encoding" };
  const streamName = stream + url.search;
  if (UNSAFE.test(app) || UNSAFE.test(streamName)) return { ok: false, reason: "the URL's path holds control characters" };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = url.port === "" ? DEFAULT_RTMP_PORTS[tls ? "rtmps" : "rtmp"] : Number(url.port);
  const username = url.username !== "" ? decoded(url.username) : undefined;
  const password = url.password !== "" ? decoded(url.password) : undefined;
  return {
    ok: true,
    tls,
    host,
    port,
    ...(tls && net.isIP(host) === 0 ? { serverName: host } : {}),
    app,
    tcUrl: `${url.protocol}//${url.host}/${parts.slice(0, appParts).join("/")}`,
    streamName,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}
