// Source addresses of pushes as input security group rules: one /32 (IPv4) or /128 (IPv6)
// per address, IPv4-mapped IPv6 (::ffff:a.b.c.d, as a dual-stack socket reports it) written
// as IPv4, the way the allow-list matches it. Pure.

import ipaddr from "ipaddr.js";

export function addressToCidr(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return undefined;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return `${parsed.toString()}/${parsed.kind() === "ipv4" ? 32 : 128}`;
}

/** Distinct CIDRs, in the order first seen. */
export function cidrsOf(addresses: readonly string[]): string[] {
  const out: string[] = [];
  for (const address of addresses) {
    const cidr = addressToCidr(address);
    if (cidr !== undefined && !out.includes(cidr)) out.push(cidr);
  }
  return out;
}
