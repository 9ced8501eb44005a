// One live AllowList per push input, kept equal to the union of the CIDRs of the input's
// security groups. It listens to the change feed: an ISG edit or an input's new group
// list updates the allow-lists of running endpoints at once — the next datagram or
// connection is judged by the new rules, without restarting anything.

import type { ChangeFeed } from "../domain/change-feed.ts";
import type { Repository } from "../domain/repository.ts";
import { AllowList } from "./allow-list.ts";

export class InputAllowLists {
  readonly #repository: Repository;
  readonly #lists = new Map<string, AllowList>();
  readonly #unsubscribe: (() => void)[] = [];
  readonly #listeners: ((inputId: string, cidrs: readonly string[]) => void)[] = [];
  #closed = false;

  constructor(repository: Repository, changes: ChangeFeed) {
    this.#repository = repository;
    this.#unsubscribe.push(
      changes.on("isgChanged", (event) => void this.#refreshUsersOf(event.isgId)),
      changes.on("inputChanged", (event) => void this.#refresh(event.inputId)),
    );
  }

  /** The allow-list of a push input's endpoints (the same object while the input lives). */
  async forInput(inputId: string): Promise<AllowList> {
    let list = this.#lists.get(inputId);
    if (!list) {
      list = new AllowList(await this.#cidrsOf(inputId));
      this.#lists.set(inputId, list);
    }
    return list;
  }

  async #cidrsOf(inputId: string): Promise<string[]> {
    const input = await this.#repository.getInput(inputId);
    if (!input || input.deletedAtMs !== undefined) return [];
    const cidrs: string[] = [];
    for (const isgId of input.securityGroupIds) {
      const isg = await this.#repository.getIsg(isgId);
      if (isg && isg.deletedAtMs === undefined) cidrs.push(...isg.cidrs);
    }
    return cidrs;
  }

  async #refresh(inputId: string): Promise<void> {
    const list = this.#lists.get(inputId);
    if (!list || this.#closed) return;
    list.update(await this.#cidrsOf(inputId));
    for (const listener of this.#listeners) listener(inputId, list.cidrs);
  }

  /** Re-reads every allow-list (changes may have been missed, e.g. while another node's notifications could not arrive). */
  async refreshAll(): Promise<void> {
    for (const inputId of [...this.#lists.keys()]) await this.#refresh(inputId);
  }

  /** Called after an input's allow-list changed (pipeline processes get the new rules this way). */
  onUpdate(listener: (inputId: string, cidrs: readonly string[]) => void): void {
    this.#listeners.push(listener);
  }

  async #refreshUsersOf(isgId: string): Promise<void> {
    for (const inputId of await this.#repository.inputsUsingIsg(isgId)) await this.#refresh(inputId);
  }

  close(): void {
    this.#closed = true;
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }
}
