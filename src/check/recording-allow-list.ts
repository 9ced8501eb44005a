// The allow-list a check hands to the service's push endpoints: everyone may send (nothing
// is configured yet; finding out who sends is the point), and every source address is
// recorded, for the input security group the user will create.

import { AllowList } from "../ingest/allow-list.ts";

/** Addresses kept at most (a flood of spoofed sources must not grow memory). */
const MAX_ADDRESSES = 64;

export class RecordingAllowList extends AllowList {
  readonly #seen = new Set<string>();

  constructor() {
    super([]);
  }

  override admit(address: string): boolean {
    if (this.#seen.size < MAX_ADDRESSES) this.#seen.add(address);
    return true;
  }

  /** Source addresses seen, in order of arrival. */
  get seen(): readonly string[] {
    return [...this.#seen];
  }
}
