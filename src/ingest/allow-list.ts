// The allow-list of one push input: the union of the CIDRs of its input security groups.
// Every datagram (RTP, SRT) and every TCP accept (RTMP) asks it; the verdict per source
// address is cached, and the cache is dropped whenever the rules change (an ISG edit
// reaches running endpoints through the change feed, without a restart).
//
// A flood from a refused address arrives at up to ~400 k datagrams/s on one core, so a
// refusal must cost as little as possible: one Map lookup returns an entry that holds both
// the verdict and that address's drop count, and the refusal is one field increment. The
// CIDR match runs once per address per rule version.

import { addressAllowed } from "../domain/cidr.ts";

/** Cached verdicts and per-address drop counts are bounded: spoofed sources must not grow memory without limit. */
const MAX_ADDRESSES = 4096;

interface Verdict {
  readonly allowed: boolean;
  /** Refusals counted since this entry was made. */
  drops: number;
}

export class AllowList {
  #cidrs: readonly string[];
  #verdicts = new Map<string, Verdict>();
  /** Drops of entries dropped from the cache (rule change, bound reached), per source address. */
  readonly #earlierDrops = new Map<string, number>();

  constructor(cidrs: readonly string[]) {
    this.#cidrs = [...cidrs];
  }

  /** Replaces the rules; verdicts are recomputed from the next packet on. */
  update(cidrs: readonly string[]): void {
    this.#cidrs = [...cidrs];
    this.#retireVerdicts();
  }

  get cidrs(): readonly string[] {
    return this.#cidrs;
  }

  /** True when traffic from `address` (as the socket reports it) may enter; counts refusals. */
  admit(address: string): boolean {
    const verdict = this.#verdicts.get(address) ?? this.#judge(address);
    if (verdict.allowed) return true;
    verdict.drops += 1;
    return false;
  }

  #judge(address: string): Verdict {
    if (this.#verdicts.size >= MAX_ADDRESSES) this.#retireVerdicts();
    const verdict: Verdict = { allowed: addressAllowed(address, this.#cidrs), drops: 0 };
    this.#verdicts.set(address, verdict);
    return verdict;
  }

  /** Empties the verdict cache, keeping the drop counts it held. */
  #retireVerdicts(): void {
    for (const [address, verdict] of this.#verdicts) {
      if (verdict.drops > 0 && (this.#earlierDrops.size < MAX_ADDRESSES || this.#earlierDrops.has(address))) {
        this.#earlierDrops.set(address, (this.#earlierDrops.get(address) ?? 0) + verdict.drops);
      }
    }
    this.#verdicts = new Map();
  }

  /** Refused packets or connections per source address (a snapshot). */
  dropsByAddress(): ReadonlyMap<string, number> {
    const drops = new Map(this.#earlierDrops);
    for (const [address, verdict] of this.#verdicts) {
      if (verdict.drops > 0 && (drops.size < MAX_ADDRESSES || drops.has(address))) drops.set(address, (drops.get(address) ?? 0) + verdict.drops);
    }
    return drops;
  }
}
