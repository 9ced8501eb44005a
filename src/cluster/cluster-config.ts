// The cluster config file: the zones and each zone's push endpoint address pool, written once
// by the operator and applied to the shared database by `openlive cluster zones`; and, per
// zone, how its workers take over an endpoint address (the interface and prefix length it is
// added with, or a hook command), which each worker reads from its own copy of the file.
//
//   { "zones": [ { "name": "a", "pushAddresses": ["10.0.1.10", "10.0.1.11"], "interface": "eth1" },
//                { "name": "b", "pushAddresses": ["10.0.2.10"], "addressHook": "/usr/local/bin/move-ip" } ] }

import { readFileSync } from "node:fs";
import ipaddr from "ipaddr.js";
import { ZONE_NAME, type ZoneConfig } from "./cluster-types.ts";

export class ClusterConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClusterConfigError";
  }
}

export function parseClusterConfig(text: string, file: string): ZoneConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ClusterConfigError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const zones = (parsed as { zones?: unknown } | null)?.zones;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || !Array.isArray(zones)) {
    throw new ClusterConfigError(`${file} must hold an object with a "zones" array, e.g. {"zones": [{"name": "a", "pushAddresses": ["10.0.1.10"]}]}`);
  }
  const owner = new Map<string, string>();
  const names = new Set<string>();
  return zones.map((zone: unknown, index): ZoneConfig => {
    const { name, pushAddresses } = (zone ?? {}) as { name?: unknown; pushAddresses?: unknown };
    if (typeof name !== "string" || !ZONE_NAME.test(name)) throw new ClusterConfigError(`${file}: zones[${index}].name must be lowercase letters, digits and '-', got ${JSON.stringify(name)}`);
    if (names.has(name)) throw new ClusterConfigError(`${file}: zone "${name}" is named twice`);
    names.add(name);
    if (!Array.isArray(pushAddresses)) throw new ClusterConfigError(`${file}: zone "${name}" needs "pushAddresses", an array of IP addresses (may be empty)`);
    const addresses = pushAddresses.map((address: unknown) => {
      if (typeof address !== "string" || !ipaddr.isValid(address.trim())) throw new ClusterConfigError(`${file}: zone "${name}": ${JSON.stringify(address)} is not an IPv4 or IPv6 address`);
      const normal = ipaddr.parse(address.trim()).toString();
      const other = owner.get(normal);
      if (other !== undefined) throw new ClusterConfigError(`${file}: ${normal} is in the pools of zones "${other}" and "${name}"; an address belongs to one zone`);
      owner.set(normal, name);
      return normal;
    });
    return { name, pushAddresses: addresses, ...takeoverKeys(zone as Record<string, unknown>, name, file) };
  });
}

/** Linux interface names: at most 15 bytes (IFNAMSIZ 16 with the NUL), no '/' or white space. */
const INTERFACE_NAME = /^[A-Za-z0-9_.:@-]{1,15}$/;

/** The optional keys that say how a worker of the zone takes over an endpoint address. */
function takeoverKeys(zone: Record<string, unknown>, name: string, file: string): Partial<ZoneConfig> {
  const keys: { -readonly [K in keyof ZoneConfig]?: ZoneConfig[K] } = {};
  const where = `${file}: zone "${name}"`;
  if (zone.interface !== undefined) {
    if (typeof zone.interface !== "string" || !INTERFACE_NAME.test(zone.interface)) throw new ClusterConfigError(`${where}: "interface" must be a network interface name (1-15 letters, digits, '_.:@-'), got ${JSON.stringify(zone.interface)}`);
    keys.interface = zone.interface;
  }
  const integer = (key: "prefixLength" | "ipv6PrefixLength" | "addressHookTimeoutMs", min: number, max: number): number | undefined => {
    const value = zone[key];
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) throw new ClusterConfigError(`${where}: "${key}" must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return value;
  };
  const prefixLength = integer("prefixLength", 1, 32);
  if (prefixLength !== undefined) keys.prefixLength = prefixLength;
  const ipv6PrefixLength = integer("ipv6PrefixLength", 1, 128);
  if (ipv6PrefixLength !== undefined) keys.ipv6PrefixLength = ipv6PrefixLength;
  if (zone.addressHook !== undefined) {
    if (typeof zone.addressHook !== "string" || !zone.addressHook.startsWith("/")) throw new ClusterConfigError(`${where}: "addressHook" must be the absolute path of a command, got ${JSON.stringify(zone.addressHook)}`);
    keys.addressHook = zone.addressHook;
  }
  const hookTimeoutMs = integer("addressHookTimeoutMs", 100, 300_000);
  if (hookTimeoutMs !== undefined) keys.addressHookTimeoutMs = hookTimeoutMs;
  return keys;
}

export function readClusterConfig(file: string): ZoneConfig[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ClusterConfigError(`cannot read the cluster config ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); write it or name another with --cluster-config`);
  }
  return parseClusterConfig(text, file);
}
