// Input security groups: 1–10 CIDR rules, shared by push inputs, state derived from use.

import { ApiError } from "../shared/errors.ts";
import { checkCidr } from "./cidr.ts";
import type { ChangeFeed } from "./change-feed.ts";
import type { IsgRecord, Page, Tags } from "./records.ts";
import type { PageRequest, Repository } from "./repository.ts";
import { checkTags } from "./tags.ts";
import { allocateId } from "./allocate-id.ts";
import { describable, liveOrThrow } from "./tombstone.ts";

export const MAX_ISG_RULES = 10;

export type IsgState = "IDLE" | "IN_USE" | "UPDATING" | "DELETED";

/** An ISG as the API shows it: the record plus what is derived from the inputs using it. */
export interface IsgView {
  readonly record: IsgRecord;
  readonly state: IsgState;
  readonly inputIds: readonly string[];
}

export interface IsgServiceOptions {
  readonly repository: Repository;
  readonly changes: ChangeFeed;
  readonly nowMs: () => number;
  readonly deletedRetentionMs: number;
}

export class IsgService {
  readonly #options: IsgServiceOptions;

  constructor(options: IsgServiceOptions) {
    this.#options = options;
  }

  async create(rules: readonly { cidr?: string }[] | undefined, tags: Tags | undefined): Promise<IsgView> {
    const cidrs = checkRules(rules);
    const record: IsgRecord = { id: await allocateId(this.#options.repository), cidrs, tags: checkTags(tags) };
    await this.#options.repository.insertIsg(record);
    return { record, state: "IDLE", inputIds: [] };
  }

  async describe(id: string): Promise<IsgView> {
    const record = await this.#options.repository.getIsg(id);
    if (!describable(record, this.#options.nowMs(), this.#options.deletedRetentionMs)) throw new ApiError("OL_ISG_NOT_FOUND", { id });
    return this.#view(record);
  }

  async list(page: PageRequest): Promise<Page<IsgView>> {
    const result = await this.#options.repository.listIsgs(page);
    const items = await Promise.all(result.items.map((record) => this.#view(record)));
    return result.nextAfter === undefined ? { items } : { items, nextAfter: result.nextAfter };
  }

  /** Replaces the rule list (and the tags when given); running endpoints learn it through the change feed. */
  async update(id: string, rules: readonly { cidr?: string }[] | undefined, tags: Tags | undefined): Promise<IsgView> {
    const current = await this.live(id);
    const next: IsgRecord = {
      ...current,
      cidrs: rules === undefined ? current.cidrs : checkRules(rules),
      tags: tags === undefined ? current.tags : checkTags(tags),
    };
    if (!(await this.#options.repository.updateIsg(next))) throw new ApiError("OL_ISG_NOT_FOUND", { id });
    this.#options.changes.emit("isgChanged", { isgId: id, cidrs: next.cidrs, deleted: false });
    return this.#view(next);
  }

  async delete(id: string): Promise<void> {
    const outcome = await this.#options.repository.deleteIsg(id, this.#options.nowMs());
    if (outcome.kind === "not-found") throw new ApiError("OL_ISG_NOT_FOUND", { id });
    if (outcome.kind === "in-use") throw new ApiError("OL_ISG_IN_USE", { id, inputs: outcome.inputIds.join(", ") });
    this.#options.changes.emit("isgChanged", { isgId: id, cidrs: [], deleted: true });
  }

  async setTags(id: string, tags: Tags): Promise<void> {
    const current = await this.live(id);
    if (!(await this.#options.repository.updateIsg({ ...current, tags: checkTags(tags) }))) throw new ApiError("OL_ISG_NOT_FOUND", { id });
  }

  /** The live (not deleted) record, or NotFound. */
  async live(id: string): Promise<IsgRecord> {
    return liveOrThrow(await this.#options.repository.getIsg(id), () => new ApiError("OL_ISG_NOT_FOUND", { id }));
  }

  async #view(record: IsgRecord): Promise<IsgView> {
    if (record.deletedAtMs !== undefined) return { record, state: "DELETED", inputIds: [] };
    const inputIds = await this.#options.repository.inputsUsingIsg(record.id);
    return { record, state: inputIds.length ? "IN_USE" : "IDLE", inputIds };
  }
}

function checkRules(rules: readonly { cidr?: string }[] | undefined): string[] {
  if (!rules || rules.length === 0) throw new ApiError("OL_ISG_RULES_EMPTY");
  if (rules.length > MAX_ISG_RULES) throw new ApiError("OL_ISG_RULES_TOO_MANY", { count: rules.length });
  return rules.map((rule, index) => {
    const check = checkCidr(rule.cidr);
    if (!check.ok) throw new ApiError("OL_ISG_BAD_CIDR", { index, cidr: String(rule.cidr ?? ""), reason: check.reason });
    return rule.cidr!.trim();
  });
}
