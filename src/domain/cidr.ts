// CIDR rules of input security groups. MediaLive takes IPv4 CIDRs with an explicit mask
// ("192.0.2.111/32"); openlive also takes IPv6 CIDRs as an extension. Matching treats an
// IPv4-mapped IPv6 source (::ffff:192.0.2.1, as a dual-stack socket reports it) as IPv4.

import ipaddr from "ipaddr.js";

export type CidrCheck = { readonly ok: true; readonly normalized: string } | { readonly ok: false; readonly reason: string };

export function checkCidr(text: unknown): CidrCheck {
  if (typeof text !== "string" || text.trim() === "") return { ok: false, reason: "a CIDR such as 203.0.113.0/24 is required" };
  const slash = text.indexOf("/");
  if (slash < 0) return { ok: false, reason: "the mask is missing (write 203.0.113.7/32 for one address)" };
  const addressText = text.slice(0, slash);
  const maskText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(maskText)) return { ok: false, reason: `mask "${maskText}" is not a number` };
  const mask = Number(maskText);
  if (ipaddr.IPv4.isValidFourPartDecimal(addressText)) {
    if (mask > 32) return { ok: false, reason: `an IPv4 mask is 0–32, got ${mask}` };
    return { ok: true, normalized: `${ipaddr.IPv4.parse(addressText).toString()}/${mask}` };
  }
  if (ipaddr.IPv6.isValid(addressText) && addressText.includes(":")) {
    if (mask > 128) return { ok: false, reason: `an IPv6 mask is 0–128, got ${mask}` };
    return { ok: true, normalized: `${ipaddr.IPv6.parse(addressText).toString()}/${mask}` };
  }
  return { ok: false, reason: `"${addressText}" is not an IPv4 or IPv6 address` };
}

/** True when `address` (as a socket reports it) falls in any of `cidrs`. */
export function addressAllowed(address: string, cidrs: readonly string[]): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  for (const cidr of cidrs) {
    const check = checkCidr(cidr);
    if (!check.ok) continue;
    const [range, bits] = ipaddr.parseCIDR(check.normalized);
    if (range.kind() === parsed.kind() && parsed.match(range, bits)) return true;
  }
  return false;
}
