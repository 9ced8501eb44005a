// Which relays of the SRT front door exist: one per caller (source address and port), capped
// per address and in total, created only for an SRT induction handshake, and expired quickly
// while the caller has not shown it receives our answers. Pure: the endpoint owns the
// sockets and the clock, and closes what this table hands back.
//
// Why "confirmed": UDP sources are spoofable, and the listener answers an induction from
// anyone (draft-sharabayko-srt-01 section 4.3.1.1: the answer carries a SYN cookie, and only
// a caller that received it can send the conclusion). A relay becomes confirmed when its
// caller sends again after an answer went back; a spoofed source never can, so its relay
// lives only pendingTimeoutMs. When a cap is reached, the oldest pending relay in its scope
// makes room; confirmed relays are never evicted.

export interface SrtRelayLimits {
  /** Relays for one source address (several callers behind one NAT). */
  readonly maxPerAddress: number;
  readonly maxTotal: number;
  /** A relay whose caller has not confirmed by then is closed. */
  readonly pendingTimeoutMs: number;
  /** A confirmed relay without traffic for this long is closed. */
  readonly idleTimeoutMs: number;
}

export const SRT_RELAY_DEFAULTS: SrtRelayLimits = { maxPerAddress: 4, maxTotal: 32, pendingTimeoutMs: 3_000, idleTimeoutMs: 30_000 } as const;

interface Entry<R> {
  readonly relay: R;
  readonly address: string;
  readonly createdAtMs: number;
  lastActivityMs: number;
  answered: boolean;
  confirmed: boolean;
}

export type RelayAdmission<R> =
  | { readonly kind: "existing"; readonly relay: R }
  /** Create a relay for this caller (and close `evicted` first, when set). */
  | { readonly kind: "create"; readonly evicted: readonly R[] }
  | { readonly kind: "refused"; readonly why: "not-a-handshake" | "cap" };

export class SrtRelayTable<R> {
  readonly #limits: SrtRelayLimits;
  readonly #entries = new Map<string, Entry<R>>();
  readonly #countByAddress = new Map<string, number>();

  constructor(limits: Partial<SrtRelayLimits> = {}) {
    this.#limits = { ...SRT_RELAY_DEFAULTS, ...limits };
  }

  get size(): number {
    return this.#entries.size;
  }

  /** A datagram from a caller: its relay, or whether one may be made for it. */
  admit(address: string, port: number, isInduction: boolean, nowMs: number): RelayAdmission<R> {
    const entry = this.#entries.get(key(address, port));
    if (entry) {
      entry.lastActivityMs = nowMs;
      if (entry.answered) entry.confirmed = true;
      return { kind: "existing", relay: entry.relay };
    }
    if (!isInduction) return { kind: "refused", why: "not-a-handshake" };
    const evicted: R[] = [];
    if ((this.#countByAddress.get(address) ?? 0) >= this.#limits.maxPerAddress) {
      const victim = this.#oldestPending((candidate) => candidate.address === address);
      if (victim === undefined) return { kind: "refused", why: "cap" };
      evicted.push(this.#remove(victim));
    }
    if (this.#entries.size >= this.#limits.maxTotal) {
      const victim = this.#oldestPending(() => true);
      if (victim === undefined) return { kind: "refused", why: "cap" };
      evicted.push(this.#remove(victim));
    }
    return { kind: "create", evicted };
  }

  /** Records the relay the endpoint made after a "create" admission. */
  add(address: string, port: number, relay: R, nowMs: number): void {
    this.#entries.set(key(address, port), { relay, address, createdAtMs: nowMs, lastActivityMs: nowMs, answered: false, confirmed: false });
    this.#countByAddress.set(address, (this.#countByAddress.get(address) ?? 0) + 1);
  }

  /** The listener answered through this caller's relay. */
  answered(address: string, port: number, nowMs: number): void {
    const entry = this.#entries.get(key(address, port));
    if (!entry) return;
    entry.answered = true;
    entry.lastActivityMs = nowMs;
  }

  /** Relays to close now: pending past pendingTimeoutMs, or idle past idleTimeoutMs. */
  expire(nowMs: number): R[] {
    const expired: R[] = [];
    for (const [entryKey, entry] of this.#entries) {
      const stale = entry.confirmed ? nowMs - entry.lastActivityMs > this.#limits.idleTimeoutMs : nowMs - entry.createdAtMs > this.#limits.pendingTimeoutMs;
      if (stale) expired.push(this.#remove(entryKey));
    }
    return expired;
  }

  /** Every relay, emptying the table (for close). */
  drain(): R[] {
    const all = [...this.#entries.values()].map((entry) => entry.relay);
    this.#entries.clear();
    this.#countByAddress.clear();
    return all;
  }

  #oldestPending(inScope: (entry: Entry<R>) => boolean): string | undefined {
    // A Map iterates in insertion order: the first match is the oldest.
    for (const [entryKey, entry] of this.#entries) if (!entry.confirmed && inScope(entry)) return entryKey;
    return undefined;
  }

  #remove(entryKey: string): R {
    const entry = this.#entries.get(entryKey)!;
    this.#entries.delete(entryKey);
    const count = (this.#countByAddress.get(entry.address) ?? 1) - 1;
    if (count <= 0) this.#countByAddress.delete(entry.address);
    else this.#countByAddress.set(entry.address, count);
    return entry.relay;
  }
}

function key(address: string, port: number): string {
  return `${address}|${port}`;
}
