// Channels: create, describe, list, update, change class, delete, tags, schedule.
// A channel is validated completely (configuration rules, then its pull sources) before
// anything is stored; attaching its inputs happens in the same transaction.

import { createHash } from "node:crypto";
import { canonicalJson } from "../../shared/canonical-json.ts";
import { ApiError, summarizeProblems, type ValidationProblem } from "../../shared/errors.ts";
import { allChannels } from "../all-channels.ts";
import { allocateId } from "../allocate-id.ts";
import type { ChangeFeed } from "../change-feed.ts";
import type { ChannelState, InputRecord, Page, ScheduleActionRecord, StoredScheduleAction, Tags } from "../records.ts";
import type { PageRequest, Repository } from "../repository.ts";
import { checkTags } from "../tags.ts";
import type { ChannelClass, ChannelConfig } from "./channel-config.ts";
import { attachedInputIds, type ChannelRecord } from "./channel-record.ts";
import { parseHlsDestinationUrl } from "./destination-url.ts";
import { destinationPlaceKey } from "./validate-hls-cdn.ts";
import { DYNAMIC_URL_TOKEN, dynamicSourceUrl } from "../input-rules.ts";
import { dynamicUrlPathProblems } from "./dynamic-url-path.ts";
import { slateRootProblems } from "./slate-roots.ts";
import { applyScheduleBatch, purgeSchedule, type ScheduleAttachment, type ScheduleBatch } from "./schedule-rules.ts";
import { staticImageContext } from "./schedule-image-rules.ts";
import { motionGraphicsContext } from "./schedule-motion-graphics-rules.ts";
import { describable, liveOrThrow } from "../tombstone.ts";

/** The configuration rules (validate-channel.ts), injected so this file stays about sequencing. */
export type ChannelConfigValidator = (config: ChannelConfig, context: { inputs: ReadonlyMap<string, InputRecord>; channelId?: string }) => ValidationProblem[];

export interface PullCheckRequest {
  readonly attachmentName: string;
  readonly elementPath: string;
  readonly input: InputRecord;
}
/** Contacts every pull source (the ingest layer implements it); resolves with one problem per source that is not ready. */
export type PullInputVerifier = (targets: readonly PullCheckRequest[]) => Promise<ValidationProblem[]>;

export interface ChannelServiceOptions {
  readonly repository: Repository;
  readonly changes: ChangeFeed;
  readonly nowMs: () => number;
  readonly deletedRetentionMs: number;
  readonly validateConfig: ChannelConfigValidator;
  readonly verifyPullInputs: PullInputVerifier;
  /** Folders a file:// slate must lie in (config.inputRoots). */
  readonly inputRoots: readonly string[];
  /** Problems with where the configuration publishes on this machine (file:// destinations outside the output roots); none when absent. */
  readonly checkOutputPlaces?: (config: ChannelConfig) => ValidationProblem[];
}

/** Members of Create/UpdateChannelRequest that make up the stored configuration. */
const CONFIG_MEMBERS = [
  "name",
  "channelClass",
  "inputAttachments",
  "inputSpecification",
  "destinations",
  "encoderSettings",
  "roleArn",
  "logLevel",
  "maintenance",
  "cdiInputSpecification",
  // Accepted and told (supported-features.ts): stored exactly as sent, returned by DescribeChannel.
  "vpc",
  "anywhereSettings",
  "linkedChannelSettings",
  "channelSecurityGroups",
  "inferenceSettings",
  "channelEngineVersion",
  "specialRouterSettings",
] as const;

/** Request members that are not configuration. */
const REQUEST_ONLY_MEMBERS = ["reserved", "dryRun"] as const;

/** States in which a channel publishes (or is about to) to its destinations. */
const PUBLISHING_STATES: readonly ChannelState[] = ["STARTING", "RUNNING", "RECOVERING", "STOPPING", "UPDATING"];

/** States in which a channel's configuration may change (as in MediaLive: edit/delete only when not running). */
const EDITABLE_STATES: readonly ChannelState[] = ["IDLE", "CREATE_FAILED", "UPDATE_FAILED"];

export type ChannelRequestFields = Partial<Record<(typeof CONFIG_MEMBERS)[number] | (typeof REQUEST_ONLY_MEMBERS)[number] | "requestId", unknown>> & {
  readonly tags?: Tags;
};

export class ChannelService {
  readonly #options: ChannelServiceOptions;

  constructor(options: ChannelServiceOptions) {
    this.#options = options;
  }

  async create(request: ChannelRequestFields, modelProblems: readonly ValidationProblem[] = []): Promise<ChannelRecord> {
    const requestId = typeof request.requestId === "string" ? request.requestId : undefined;
    const fingerprint = fingerprintOf(request);
    const earlier = await this.#storedRetry(requestId, fingerprint);
    if (earlier) return earlier;
    const config = configFrom(request, undefined);
    const tags = checkTags(request.tags);
    try {
      await this.#validate("create", config, undefined, modelProblems);
    } catch (error) {
      // A concurrent call with this requestId may have stored the channel while this one
      // validated (on a shared database it then holds the inputs this one names): this call
      // is its retry, not a conflict.
      const stored = await this.#storedRetry(requestId, fingerprint);
      if (stored) return stored;
      throw error;
    }
    const record: ChannelRecord = {
      id: await allocateId(this.#options.repository),
      config,
      // Everything a channel needs is done once it is stored: it is ready to start.
      state: "IDLE",
      tags,
      ...(requestId !== undefined ? { requestId, requestFingerprint: fingerprint } : {}),
    };
    // dryRun (MediaLive): validate and answer as if created, but store nothing.
    if (request.dryRun === true) return record;
    const outcome = await this.#options.repository.insertChannel(record, attachedInputIds(config));
    if (outcome.kind === "request-replayed") {
      // A concurrent call with this requestId stored first: answer as its retry.
      if (outcome.record.requestFingerprint !== fingerprint) throw new ApiError("OL_CHANNEL_IDEMPOTENCY_MISMATCH", { requestId: requestId ?? "" });
      return outcome.record;
    }
    if (outcome.kind === "inputs-taken") throw new ApiError("OL_CHANNEL_INPUTS_TAKEN", { inputs: outcome.inputIds.join(", ") });
    for (const inputId of attachedInputIds(config)) this.#options.changes.emit("inputChanged", { inputId, deleted: false });
    this.#options.changes.emit("channelChanged", { channelId: record.id });
    return record;
  }

  /** The channel an earlier call with `requestId` stored, if any (a different body with it is a conflict). */
  async #storedRetry(requestId: string | undefined, fingerprint: string): Promise<ChannelRecord | undefined> {
    if (requestId === undefined) return undefined;
    const earlier = await this.#options.repository.getChannelByRequestId(requestId);
    if (earlier && earlier.requestFingerprint !== fingerprint) throw new ApiError("OL_CHANNEL_IDEMPOTENCY_MISMATCH", { requestId });
    return earlier;
  }

  async describe(id: string): Promise<ChannelRecord> {
    const record = await this.#options.repository.getChannel(id);
    if (!describable(record, this.#options.nowMs(), this.#options.deletedRetentionMs)) throw new ApiError("OL_CHANNEL_NOT_FOUND", { id });
    return record;
  }

  async list(page: PageRequest): Promise<Page<ChannelRecord>> {
    return this.#options.repository.listChannels(page);
  }

  /** UpdateChannel: members given replace the current ones; an omitted roleArn removes the role (MediaLive). */
  async update(id: string, request: ChannelRequestFields, modelProblems: readonly ValidationProblem[] = []): Promise<ChannelRecord> {
    const current = await this.#editable(id, "update");
    const config = configFrom(request, current.config);
    await this.#validate("update", config, id, modelProblems);
    return this.#store({ ...current, config }, current);
  }

  async updateClass(id: string, channelClass: ChannelClass, destinations: ChannelConfig["destinations"] | undefined, modelProblems: readonly ValidationProblem[] = []): Promise<ChannelRecord> {
    const current = await this.#editable(id, "update the class of");
    const config: ChannelConfig = { ...current.config, channelClass, ...(destinations !== undefined ? { destinations } : {}) };
    await this.#validate("update", config, id, modelProblems);
    return this.#store({ ...current, config }, current);
  }

  async delete(id: string): Promise<ChannelRecord> {
    const current = await this.#editable(id, "delete");
    const outcome = await this.#options.repository.deleteChannel(id, this.#options.nowMs());
    if (outcome.kind === "not-found") throw new ApiError("OL_CHANNEL_NOT_FOUND", { id });
    for (const inputId of attachedInputIds(current.config)) this.#options.changes.emit("inputChanged", { inputId, deleted: false });
    this.#options.changes.emit("channelChanged", { channelId: id });
    this.#options.changes.emit("channelDeleted", { channelId: id });
    return outcome.record;
  }

  async setTags(id: string, tags: Tags): Promise<void> {
    const current = await this.live(id);
    const outcome = await this.#options.repository.updateChannel({ ...current, tags: checkTags(tags) }, attachedInputIds(current.config));
    if (outcome.kind !== "ok") throw new ApiError("OL_CHANNEL_NOT_FOUND", { id });
  }

  /** The live (not deleted) record, or NotFound. */
  async live(id: string): Promise<ChannelRecord> {
    return liveOrThrow(await this.#options.repository.getChannel(id), () => new ApiError("OL_CHANNEL_NOT_FOUND", { id }));
  }

  async schedule(id: string): Promise<StoredScheduleAction[]> {
    await this.live(id);
    return purgeSchedule(await this.#options.repository.getSchedule(id), this.#options.nowMs());
  }

  async updateSchedule(id: string, batch: ScheduleBatch, modelProblems: readonly ValidationProblem[] = []): Promise<{ created: ScheduleActionRecord[]; deleted: ScheduleActionRecord[] }> {
    const channel = await this.live(id);
    const attachments = await this.#scheduleAttachments(channel);
    const result = applyScheduleBatch(await this.#options.repository.getSchedule(id), batch, { attachments, nowMs: this.#options.nowMs(), images: staticImageContext(channel.config, this.#options.inputRoots), motionGraphics: motionGraphicsContext(channel.config) });
    const problems = [...modelProblems, ...(result.ok ? [] : result.problems)];
    // Dynamic ($urlPath$) sources are verified when a switch names them.
    if (problems.length === 0 && result.ok) problems.push(...(await this.#verifyDynamicSwitches(channel, result.created)));
    if (problems.length || !result.ok) throw new ApiError("OL_SCHEDULE_INVALID", { problems: summarizeProblems(problems) }, problems);
    await this.#options.repository.replaceSchedule(id, result.next);
    this.#options.changes.emit("scheduleChanged", { channelId: id });
    return { created: result.created, deleted: result.deleted };
  }

  async deleteSchedule(id: string): Promise<void> {
    await this.live(id);
    await this.#options.repository.replaceSchedule(id, []);
    this.#options.changes.emit("scheduleChanged", { channelId: id });
  }

  async #verifyDynamicSwitches(channel: ChannelRecord, created: readonly ScheduleActionRecord[]): Promise<ValidationProblem[]> {
    const targets: PullCheckRequest[] = [];
    const problems: ValidationProblem[] = [];
    for (const [index, action] of created.entries()) {
      const inputSwitch = (action.scheduleActionSettings as { inputSwitchSettings?: { inputAttachmentNameReference?: string; urlPath?: string[] } }).inputSwitchSettings;
      const attachment = channel.config.inputAttachments.find((a) => a.inputAttachmentName === inputSwitch?.inputAttachmentNameReference);
      const input = attachment?.inputId ? await this.#options.repository.getInput(attachment.inputId) : undefined;
      const urlPath = inputSwitch?.urlPath ?? [];
      if (!input?.dynamic || urlPath.length === 0) continue;
      const elementPath = `creates.scheduleActions[${index}].scheduleActionSettings.inputSwitchSettings.urlPath`;
      // urlPath must stay inside the folder the input names (its URL before $urlPath$).
      const escapes = dynamicUrlPathProblems(input.sources.map((source) => source.url), urlPath, DYNAMIC_URL_TOKEN);
      if (escapes.length) {
        problems.push(...escapes.map((errorMessage) => ({ elementPath, errorMessage })));
        continue;
      }
      const sources = input.sources.map((source, i) => ({ ...source, url: dynamicSourceUrl(source.url, i, urlPath) }));
      targets.push({ attachmentName: attachment!.inputAttachmentName ?? "", elementPath, input: { ...input, sources, dynamic: false } });
    }
    if (problems.length) return problems;
    return targets.length ? this.#options.verifyPullInputs(targets) : [];
  }

  /** The attachments a schedule may name, with their input type and their role in an automatic input failover pair. */
  async #scheduleAttachments(channel: ChannelRecord): Promise<Map<string, ScheduleAttachment>> {
    const attachments = new Map<string, ScheduleAttachment>();
    // The pair is described on the primary attachment; secondaryInputId names the secondary's input.
    const failover = new Map<string, Pick<ScheduleAttachment, "failoverRole" | "inputPreference">>();
    for (const attachment of channel.config.inputAttachments) {
      const settings = attachment.automaticInputFailoverSettings;
      if (!settings || !attachment.inputAttachmentName) continue;
      const inputPreference = settings.inputPreference ?? "EQUAL_INPUT_PREFERENCE";
      failover.set(attachment.inputAttachmentName, { failoverRole: "primary", inputPreference });
      const secondary = channel.config.inputAttachments.find((other) => other !== attachment && other.inputId === settings.secondaryInputId);
      if (secondary?.inputAttachmentName) failover.set(secondary.inputAttachmentName, { failoverRole: "secondary", inputPreference });
    }
    for (const attachment of channel.config.inputAttachments) {
      if (!attachment.inputAttachmentName || !attachment.inputId) continue;
      const input = await this.#options.repository.getInput(attachment.inputId);
      if (input) attachments.set(attachment.inputAttachmentName, { inputType: input.type, dynamic: input.dynamic === true, ...failover.get(attachment.inputAttachmentName) });
    }
    return attachments;
  }

  async #editable(id: string, action: string): Promise<ChannelRecord> {
    const current = await this.live(id);
    if (!EDITABLE_STATES.includes(current.state)) throw new ApiError("OL_CHANNEL_BUSY", { action, id, state: current.state });
    return current;
  }

  async #store(next: ChannelRecord, current: ChannelRecord): Promise<ChannelRecord> {
    const outcome = await this.#options.repository.updateChannel(next, attachedInputIds(next.config));
    if (outcome.kind === "not-found") throw new ApiError("OL_CHANNEL_NOT_FOUND", { id: next.id });
    if (outcome.kind === "inputs-taken") throw new ApiError("OL_CHANNEL_INPUTS_TAKEN", { inputs: outcome.inputIds.join(", ") });
    const touched = new Set([...attachedInputIds(current.config), ...attachedInputIds(next.config)]);
    for (const inputId of touched) this.#options.changes.emit("inputChanged", { inputId, deleted: false });
    this.#options.changes.emit("channelChanged", { channelId: next.id });
    return next;
  }

  /** Configuration rules first; pull sources are contacted only for a configuration that is otherwise valid. */
  async #validate(action: "create" | "update", config: ChannelConfig, channelId: string | undefined, modelProblems: readonly ValidationProblem[]): Promise<void> {
    const problems: ValidationProblem[] = [...modelProblems];
    const inputs = await this.#referencedInputs(config);
    // The channel rules see the configuration even when the model found problems, so that
    // every mistake is reported at once; they never throw on malformed members.
    const ruleProblems = [
      ...this.#options.validateConfig(config, channelId === undefined ? { inputs } : { inputs, channelId }),
      ...(this.#options.checkOutputPlaces?.(config) ?? []),
      ...(await slateRootProblems(config, this.#options.inputRoots)),
    ];
    // One problem per element: where the model and a rule flag the same element, the rule's message says more.
    const rulePaths = new Set(ruleProblems.map((p) => p.elementPath));
    const merged = problems.filter((p) => !rulePaths.has(p.elementPath));
    problems.length = 0;
    problems.push(...merged, ...ruleProblems);
    // Pull sources are contacted only for a configuration that is otherwise valid.
    if (problems.length === 0) {
      const targets: PullCheckRequest[] = [];
      config.inputAttachments.forEach((attachment, index) => {
        const input = attachment.inputId ? inputs.get(attachment.inputId) : undefined;
        if (input) targets.push({ attachmentName: attachment.inputAttachmentName ?? "", elementPath: `inputAttachments[${index}].inputId`, input });
      });
      problems.push(...(await this.#options.verifyPullInputs(targets)));
    }
    if (problems.length) throw new ApiError("OL_CHANNEL_INVALID", { action, problems: summarizeProblems(problems) }, problems);
  }

  /**
   * StartChannel's check: two running channels publishing to one place would overwrite each
   * other's playlists and segments. Idle channels may share a destination (MediaLive allows
   * it: a standby channel is started only when the main one is stopped).
   */
  async checkDestinationsFree(record: ChannelRecord): Promise<void> {
    const taken = new Map<string, string>();
    for await (const other of allChannels(this.#options.repository)) {
      if (other.id === record.id || !PUBLISHING_STATES.includes(other.state)) continue;
      for (const place of destinationPlaces(other.config)) taken.set(place.key, other.id);
    }
    const problems = destinationPlaces(record.config).flatMap((place) => {
      const owner = taken.get(place.key);
      return owner ? [{ elementPath: place.elementPath, errorMessage: `${place.url} is the destination of channel ${owner}, which is running` }] : [];
    });
    if (problems.length) throw new ApiError("OL_CHANNEL_DESTINATION_IN_USE", { id: record.id, problems: summarizeProblems(problems) });
  }

  async #referencedInputs(config: ChannelConfig): Promise<Map<string, InputRecord>> {
    const ids = new Set<string>();
    for (const attachment of config.inputAttachments) {
      if (typeof attachment?.inputId === "string") ids.add(attachment.inputId);
      const secondary = attachment?.automaticInputFailoverSettings?.secondaryInputId;
      if (typeof secondary === "string") ids.add(secondary);
    }
    const inputs = new Map<string, InputRecord>();
    for (const id of ids) {
      const input = await this.#options.repository.getInput(id);
      if (input && input.deletedAtMs === undefined) inputs.set(id, input);
    }
    return inputs;
  }
}

/** Where a configuration publishes: one key per destination URL (file folder + base name, or the http URL). */
function destinationPlaces(config: ChannelConfig): { key: string; url: string; elementPath: string }[] {
  return (config.destinations ?? []).flatMap((destination, d) =>
    (destination.settings ?? []).flatMap((setting, i) => {
      const url = setting.url ?? "";
      const parsed = parseHlsDestinationUrl(url);
      if (!parsed.ok) return [];
      const key = destinationPlaceKey(parsed);
      return [{ key, url, elementPath: `destinations[${d}].settings[${i}].url` }];
    }),
  );
}

/** The stored configuration: the request's config members, over the current ones for an update. */
function configFrom(request: ChannelRequestFields, current: ChannelConfig | undefined): ChannelConfig {
  const base: Record<string, unknown> = current ? { ...current } : {};
  if (current) delete base.roleArn;
  for (const member of CONFIG_MEMBERS) if (request[member] !== undefined) base[member] = request[member];
  return {
    ...base,
    channelClass: (base.channelClass as ChannelClass | undefined) ?? "STANDARD",
    inputAttachments: (base.inputAttachments as ChannelConfig["inputAttachments"] | undefined) ?? [],
    destinations: (base.destinations as ChannelConfig["destinations"] | undefined) ?? [],
  } as ChannelConfig;
}

function fingerprintOf(request: ChannelRequestFields): string {
  const { requestId: _requestId, ...rest } = request;
  return createHash("sha256").update(canonicalJson(rest)).digest("hex");
}
