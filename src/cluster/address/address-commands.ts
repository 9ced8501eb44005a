// The commands that move an endpoint address to or from this worker, as argv lists. Pure: the
// address takeover runs them (address-takeover.ts).
//
// Without a hook (an L2 network the operator owns):
//   add:     ip addr add <address>/<prefix> dev <interface>          (iproute2, ip-address(8))
//            then announce it so that senders on the link update their neighbour caches:
//            IPv4  arping -U -c 2 -I <interface> <address>           (iputils-arping, arping(8): -U
//                  "Unsolicited ARP mode to update neighbours' ARP caches"; two of them, one second
//                  apart, because Linux ignores a second update within its ARP locktime, arp(7))
//            IPv6  the address is added with `nodad` (the old holder is gone, and duplicate address
//                  detection would keep it tentative for a second); no unsolicited neighbour
//                  advertisement is sent: senders find the new holder through neighbour
//                  unreachability detection (RFC 4861 §7.3), or the hook does it.
//   remove:  ip addr del <address>/<prefix> dev <interface>
// With a hook (a cloud that ignores ARP): <hook> add|remove <address> <zone> <node-id>.

import ipaddr from "ipaddr.js";

export interface AddressTakeoverSettings {
  readonly zone: string;
  readonly nodeId: string;
  /** The interface endpoint addresses are added to; absent with a hook. */
  readonly interface?: string;
  /** IPv4 prefix length (default 32). */
  readonly prefixLength?: number;
  /** IPv6 prefix length (default 128). */
  readonly ipv6PrefixLength?: number;
  /** Run instead of ip/arping when set. */
  readonly addressHook?: string;
  /** Prepended to every command, e.g. ["ip", "netns", "exec", "<ns>"] to act inside a network namespace. */
  readonly commandPrefix?: readonly string[];
}

export interface AddressStep {
  readonly argv: readonly string[];
  /** What the step does, for logs and alerts. */
  readonly what: string;
  /** A failure whose stderr matches is the state already wanted (already present, already gone). */
  readonly alreadyDone?: RegExp;
  readonly kind: "ip" | "announce" | "hook";
}

/** `ip addr add` of an address already present: "RTNETLINK answers: File exists", or with extended acks "Error: ipv4: Address already assigned." */
const ALREADY_PRESENT = /File exists|Address already assigned/i;
/** `ip addr del` of an address not present: "RTNETLINK answers: Cannot assign requested address", or "Error: ipv4: Address not found." */
const ALREADY_GONE = /Cannot assign requested address|Address not found/i;

export function isIpv6(address: string): boolean {
  return ipaddr.parse(address).kind() === "ipv6";
}

function withPrefix(settings: AddressTakeoverSettings, address: string): string {
  return `${address}/${isIpv6(address) ? (settings.ipv6PrefixLength ?? 128) : (settings.prefixLength ?? 32)}`;
}

function prefixed(settings: AddressTakeoverSettings, argv: readonly string[]): readonly string[] {
  return [...(settings.commandPrefix ?? []), ...argv];
}

/** True when the settings say how to move addresses (an interface or a hook). */
export function movesAddresses(settings: AddressTakeoverSettings): boolean {
  return settings.addressHook !== undefined || settings.interface !== undefined;
}

/** The steps that make this worker the holder of `address`, in order (the announcement last). */
export function addSteps(settings: AddressTakeoverSettings, address: string): AddressStep[] {
  if (settings.addressHook !== undefined) {
    return [{ argv: prefixed(settings, [settings.addressHook, "add", address, settings.zone, settings.nodeId]), what: `hook add ${address}`, kind: "hook" }];
  }
  if (settings.interface === undefined) return [];
  const device = settings.interface;
  const add: AddressStep = {
    argv: prefixed(settings, isIpv6(address) ? ["ip", "-6", "addr", "add", withPrefix(settings, address), "dev", device, "nodad"] : ["ip", "addr", "add", withPrefix(settings, address), "dev", device]),
    what: `add ${withPrefix(settings, address)} to ${device}`,
    alreadyDone: ALREADY_PRESENT,
    kind: "ip",
  };
  if (isIpv6(address)) return [add];
  return [add, { argv: prefixed(settings, ["arping", "-U", "-c", "2", "-I", device, address]), what: `announce ${address} on ${device} (gratuitous ARP)`, kind: "announce" }];
}

/** The steps that let go of `address`. */
export function removeSteps(settings: AddressTakeoverSettings, address: string): AddressStep[] {
  if (settings.addressHook !== undefined) {
    return [{ argv: prefixed(settings, [settings.addressHook, "remove", address, settings.zone, settings.nodeId]), what: `hook remove ${address}`, kind: "hook" }];
  }
  if (settings.interface === undefined) return [];
  return [{
    argv: prefixed(settings, ["ip", ...(isIpv6(address) ? ["-6"] : []), "addr", "del", withPrefix(settings, address), "dev", settings.interface]),
    what: `remove ${withPrefix(settings, address)} from ${settings.interface}`,
    alreadyDone: ALREADY_GONE,
    kind: "ip",
  }];
}
