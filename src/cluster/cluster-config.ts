// The cluster config file: the zones and each zone's push endpoint address pool, written once
// by the operator and applied to the shared database by `openlive cluster zones`.
//
//   { "zones": [ { "name": "a", "pushAddresses": ["10.0.1.10", "10.0.1.11"] },
//                { "name": "b", "pushAddresses": ["10.0.2.10"] } ] }

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
    return { name, pushAddresses: addresses };
  });
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
