// Whether one UDP/RTP destination is being sent to: the state machine behind its sender
// (udp-sender.ts). Pure: the sender reports what happened and the time, and hears back when
// the output's alert changes (once per change, never per datagram) and when to look the
// destination's host name up.
//
//   RESOLVING ──address──▶ SENDING ◀──a send succeeds── FAILING
//       │                     │                            ▲
//       └──lookup fails───────┴──────a send fails──────────┘
//
// A host name is looked up when the sender starts, again every retryMs while it cannot be
// resolved, and again (at most every retryMs) while sends to its address fail, since the name
// may have moved. Sends go on at every datagram while FAILING: a send is cheap, and the first
// one that succeeds clears the alert.

export const UdpSendStates = { RESOLVING: "resolving", SENDING: "sending", FAILING: "failing" } as const;
export type UdpSendState = (typeof UdpSendStates)[keyof typeof UdpSendStates];

/** The alert change a report causes; undefined when none. */
export type UdpSendChange = { readonly state: "SET"; readonly reason: string } | { readonly state: "CLEARED" } | undefined;

/** How long between lookups of a host name that fails to resolve or whose address fails. */
export const UDP_LOOKUP_RETRY_MS = 5_000;

export class UdpSendStateMachine {
  readonly #retryMs: number;
  /** The address sends go to; undefined until resolved. */
  #address: string | undefined;
  #state: UdpSendState = UdpSendStates.RESOLVING;
  #lookupInFlight = false;
  #lastLookupMs = Number.NEGATIVE_INFINITY;
  readonly #needsLookup: boolean;

  /** `host`: an IP address (sent to as is) or a name (looked up). */
  constructor(host: string, isIpAddress: boolean, retryMs: number = UDP_LOOKUP_RETRY_MS) {
    this.#retryMs = retryMs;
    this.#needsLookup = !isIpAddress;
    if (isIpAddress) {
      this.#address = host;
      this.#state = UdpSendStates.SENDING;
    }
  }

  get state(): UdpSendState {
    return this.#state;
  }

  /** Where to send now; undefined while no address is known (the datagram is dropped). */
  get address(): string | undefined {
    return this.#address;
  }

  /** Whether to start a lookup of the host name now. */
  lookupDue(nowMs: number): boolean {
    if (!this.#needsLookup || this.#lookupInFlight) return false;
    const wanted = this.#address === undefined || this.#state === UdpSendStates.FAILING;
    return wanted && nowMs - this.#lastLookupMs >= this.#retryMs;
  }

  lookupStarted(nowMs: number): void {
    this.#lookupInFlight = true;
    this.#lastLookupMs = nowMs;
  }

  /** The lookup answered `address`: sends go there (the next send decides whether the alert clears). */
  lookupAnswered(address: string): UdpSendChange {
    this.#lookupInFlight = false;
    this.#address = address;
    if (this.#state === UdpSendStates.RESOLVING) this.#state = UdpSendStates.SENDING;
    return undefined;
  }

  lookupFailed(reason: string): UdpSendChange {
    this.#lookupInFlight = false;
    // A known address stays in use: the name server may be the thing that is down.
    if (this.#address !== undefined) return undefined;
    return this.#fail(`cannot resolve the host: ${reason}`);
  }

  sent(): UdpSendChange {
    if (this.#state !== UdpSendStates.FAILING || this.#address === undefined) return undefined;
    this.#state = UdpSendStates.SENDING;
    return { state: "CLEARED" };
  }

  sendFailed(reason: string): UdpSendChange {
    return this.#fail(reason);
  }

  #fail(reason: string): UdpSendChange {
    if (this.#state === UdpSendStates.FAILING) return undefined;
    this.#state = UdpSendStates.FAILING;
    return { state: "SET", reason };
  }
}
