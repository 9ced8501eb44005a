// Where a UDP output group sends: MediaLive's `udp://<host>:<port>` (MPEG-TS, 7 TS packets
// per datagram) or `rtp://<host>:<port>` (MPEG-TS in RTP, RFC 3550 / RFC 2250), unicast or
// multicast. The validator checks UDP destinations with it; the encoder's UDP outputs read
// their destination with it.

import { quote } from "./quote.ts";

export const UDP_DESTINATION_SCHEMES = ["udp:", "rtp:"] as const;
export type UdpDestinationScheme = (typeof UDP_DESTINATION_SCHEMES)[number];

export type ParsedUdpDestination =
  | { readonly ok: true; readonly scheme: UdpDestinationScheme; /** IPv4 address, host name, or IPv6 address without brackets. */ readonly host: string; readonly port: number; readonly multicast: boolean }
  | { readonly ok: false; readonly message: string };

const UDP_URL_FORMS = "udp://<host>:<port> or rtp://<host>:<port> (e.g. rtp://239.10.10.10:5001)";
/**
 * SMPTE 2022-1 sends column FEC to the media port + 2 and row FEC to + 4, so a destination
 * that carries FEC needs its port at most 65531.
 */
export const FEC_PORT_OFFSETS = { column: 2, row: 4 } as const;

/** True when `scheme` ("udp:") is one a UDP output group sends to. */
export function isUdpDestinationScheme(scheme: string): scheme is UdpDestinationScheme {
  return (UDP_DESTINATION_SCHEMES as readonly string[]).includes(scheme);
}

/** A udp:// or rtp:// destination URL: a host and a port, nothing else. */
export function parseUdpDestinationUrl(raw: string): ParsedUdpDestination {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*:)/.exec(raw)?.[1]?.toLowerCase();
  if (!scheme || !isUdpDestinationScheme(scheme)) return { ok: false, message: `${quote(raw)} is not a UDP destination; use ${UDP_URL_FORMS}` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: `${quote(raw)} is not a valid URL; use ${UDP_URL_FORMS}` };
  }
  if (!raw.slice(scheme.length).startsWith("//") || url.hostname === "") return { ok: false, message: `${quote(raw)} needs a host; use ${UDP_URL_FORMS}` };
  if (url.username !== "" || url.password !== "") return { ok: false, message: `${quote(raw)} must not carry credentials: UDP and RTP have none` };
  if ((url.pathname !== "" && url.pathname !== "/") || url.search !== "" || url.hash !== "") {
    return { ok: false, message: `${quote(raw)} must be only a host and a port; the output's settings (bufferMsec, fecOutputSettings, m2tsSettings) say the rest` };
  }
  // new URL() leaves the port of a non-special scheme as written, and empty when absent.
  const port = url.port === "" ? NaN : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, message: `${quote(raw)} needs a port from 1 to 65535; use ${UDP_URL_FORMS}` };
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  // A DNS name or an IP address (RFC 1123 §2.1): the host becomes part of the encoder's arguments.
  if (!/^[A-Za-z0-9.-]+$/.test(host) && !(url.hostname.startsWith("[") && /^[0-9A-Fa-f:.]+$/.test(host))) {
    return { ok: false, message: `${quote(raw)} needs a host name or an IP address; use ${UDP_URL_FORMS}` };
  }
  return { ok: true, scheme, host, port, multicast: isMulticast(host) };
}

/** IPv4 224.0.0.0/4 or IPv6 ff00::/8 (RFC 5771, RFC 4291 §2.7). */
function isMulticast(host: string): boolean {
  const ipv4 = /^(\d{1,3})\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (ipv4) return Number(ipv4[1]) >= 224 && Number(ipv4[1]) <= 239;
  return /^ff[0-9a-f]{2}:/i.test(host);
}

/** True when `raw` names a udp:// or rtp:// destination (whether or not it is a valid one). */
export function isUdpDestinationUrl(raw: string): boolean {
  return isUdpDestinationScheme(/^([a-zA-Z][a-zA-Z0-9+.-]*:)/.exec(raw)?.[1]?.toLowerCase() ?? "");
}

/** parseUdpDestinationUrl with the kind the destination checks sort URLs by. */
export function parseUdpDestination(raw: string): { readonly ok: true; readonly kind: "udp" } | { readonly ok: false; readonly message: string } {
  const parsed = parseUdpDestinationUrl(raw);
  return parsed.ok ? { ok: true, kind: "udp" } : parsed;
}
