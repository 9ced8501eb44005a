// The allow-list of one push input: the union of the CIDRs of its input security groups.
// Every datagram (RTP, SRT) and every TCP accept (RTMP) asks it; the verdict per source
// address is cached, and the cache is dropped whenever the rules change (an ISG edit
// reaches running endpoints through the change feed, without a restart).

import { addressAllowed } from "../domain/cidr.ts";

export class AllowList {
  #cidrs: readonly string[];
  readonly #verdicts = new Map<string, boolean>();
  /** Drops counted per source address (what an operator needs to find a misconfigured encoder). */
  readonly #dropsByAddress = new Map<string, number>();

  constructor(cidrs: readonly string[]) {
    this.#cidrs = [...cidrs];
  }

  /** Replaces the rules; verdicts are recomputed from the next packet on. */
  update(cidrs: readonly string[]): void {
    this.#cidrs = [...cidrs];
    this.#verdicts.clear();
  }

  get cidrs(): readonly string[] {
    return this.#cidrs;
  }

  /** True when traffic from `address` (as the socket reports it) may enter; counts refusals. */
  admit(address: string): boolean {
    let verdict = this.#verdicts.get(address);
    if (verdict === undefined) {
      verdict = addressAllowed(address, this.#cidrs);
      // Bounded: a flood from many spoofed sources must not grow memory without limit.
      if (this.#verdicts.size >= 4096) this.#verdicts.clear();
      this.#verdicts.set(address, verdict);
    }
    if (!verdict) {
      if (this.#dropsByAddress.size < 4096 || this.#dropsByAddress.has(address)) {
        this.#dropsByAddress.set(address, (this.#dropsByAddress.get(address) ?? 0) + 1);
      }
    }
    return verdict;
  }

  /** Refused packets or connections per source address. */
  dropsByAddress(): ReadonlyMap<string, number> {
    return this.#dropsByAddress;
  }
}
