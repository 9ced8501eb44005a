// Which Host header values a signed API request may carry. SigV4 signs the Host header
// (AWS SigV4 docs: "host" must be among the SignedHeaders), but a signature only binds a
// request to its host if the server also checks that the host is its own; otherwise a request
// signed for (and captured on the way to) another service with the same keys would verify
// here. The names are `apiHosts`, or by default the listen address and `localhost` with the
// API's port. On a wildcard address (0.0.0.0, ::) the names clients use cannot be known, so
// without apiHosts any Host is accepted and start-up says so.

import ipaddr from "ipaddr.js";

export interface HostCheck {
  /** False when any Host is accepted. */
  readonly enabled: boolean;
  /** Whether a Host header value (host[:port]) names this API. */
  accepts(hostHeader: string): boolean;
  /** The accepted names (empty when the check is off), for the start-up log. */
  names(): readonly string[];
}

export interface HostCheckOptions {
  /** The API's listen address (config.host). */
  readonly listenAddress: string;
  /** config.apiHosts: lowercase host[:port] entries, ["*"], or empty for the default. */
  readonly apiHosts: readonly string[];
  /** The port the API listens on; known once it listens (the option may be 0). */
  readonly port: () => number;
}

/** HTTP's default port: a Host header without a port means it (RFC 9110 §7.2, §4.2.1). */
const HTTP_DEFAULT_PORT = 80;

export function isWildcardAddress(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.parse(address).range() === "unspecified";
}

export function createHostCheck(options: HostCheckOptions): HostCheck {
  const anyHost = options.apiHosts.includes("*") || (options.apiHosts.length === 0 && isWildcardAddress(options.listenAddress));
  if (anyHost) return { enabled: false, accepts: () => true, names: () => [] };
  let cachedPort: number | undefined;
  let cached: ReadonlySet<string> = new Set();
  const names = (): ReadonlySet<string> => {
    const port = options.port();
    if (port !== cachedPort) {
      cachedPort = port;
      cached = new Set(options.apiHosts.length > 0 ? options.apiHosts : defaultNames(options.listenAddress, port));
    }
    return cached;
  };
  return {
    enabled: true,
    accepts: (hostHeader) => names().has(hostHeader.trim().toLowerCase()),
    names: () => [...names()],
  };
}

function defaultNames(listenAddress: string, port: number): string[] {
  const literal = listenAddress.includes(":") ? `[${listenAddress}]` : listenAddress;
  const hosts = [literal, "localhost"];
  const names = hosts.map((host) => `${host}:${port}`);
  if (port === HTTP_DEFAULT_PORT) names.push(...hosts);
  return names;
}
