// Inputs: create (with endpoints allocated for life), describe, list, update, delete.
// The per-type rules live in input-rules.ts; this file sequences them and talks to the
// repository.

import { createHash } from "node:crypto";
import { canonicalJson } from "../shared/canonical-json.ts";
import { ApiError } from "../shared/errors.ts";
import { allocateId } from "./allocate-id.ts";
import type { ChangeFeed } from "./change-feed.ts";
import { confineFileSources } from "./confine-file-sources.ts";
import {
  checkInputType,
  checkMembersForType,
  checkPullSources,
  checkSrtCallerSources,
  checkSrtListener,
  checkStreamNames,
  classForCount,
  type InputRequestFields,
} from "./input-rules.ts";
import type { InputEndpointZonesPort, PlannedEndpoint } from "./input-endpoint-zones-port.ts";
import { isPushType, type InputRecord, type InputState, type Page, type SupportedInputType, type Tags } from "./records.ts";
import type { EndpointRequest, PageRequest, PortRangeSpec, Repository } from "./repository.ts";
import { checkTags } from "./tags.ts";
import { describable, liveOrThrow } from "./tombstone.ts";

/** RTP endpoints keep port+2 and port+4 free for SMPTE 2022-1 FEC, as MediaLive does (5000, 5002, 5004). */
export const RTP_PORT_SPAN = 5;

export interface InputView {
  readonly record: InputRecord;
  readonly state: InputState;
}

/** An input's state follows from its record: deleted, attached to a channel, or not. */
export function inputView(record: InputRecord): InputView {
  const state: InputState = record.deletedAtMs !== undefined ? "DELETED" : record.attachedChannelIds.length ? "ATTACHED" : "DETACHED";
  return { record, state };
}

export interface InputServiceOptions {
  readonly repository: Repository;
  readonly changes: ChangeFeed;
  readonly nowMs: () => number;
  readonly deletedRetentionMs: number;
  /** Endpoint address of pipeline 0 and pipeline 1. */
  readonly pushAddresses: readonly [string, string];
  readonly pushPortRange: PortRangeSpec;
  /** Folders file:// sources must lie in (config.inputRoots). */
  readonly inputRoots: readonly string[];
  /** Cluster mode: push endpoints come from the zones' address pools instead of pushAddresses. */
  readonly endpointZones?: InputEndpointZonesPort;
}

export interface CreateInputRequestFields extends InputRequestFields {
  readonly requestId?: string;
  readonly tags?: Tags;
}

export class InputService {
  readonly #pageViews = new WeakMap<Page<InputRecord>, Page<InputView>>();
  readonly #options: InputServiceOptions;

  constructor(options: InputServiceOptions) {
    this.#options = options;
  }

  async create(request: CreateInputRequestFields): Promise<InputView> {
    const fingerprint = fingerprintOf(request);
    if (request.requestId !== undefined) {
      const earlier = await this.#options.repository.getInputByRequestId(request.requestId);
      if (earlier) {
        if (earlier.requestFingerprint !== fingerprint) throw new ApiError("OL_INPUT_IDEMPOTENCY_MISMATCH", { requestId: request.requestId });
        return this.#view(earlier);
      }
    }
    const type = checkInputType(request.type);
    checkMembersForType(type, request);
    const tags = checkTags(request.tags);
    const securityGroupIds = isPushType(type) ? await this.#checkSecurityGroups(type, request.inputSecurityGroups) : [];
    const shape = this.#shapeFor(type, request);
    await confineFileSources(shape.sources, this.#options.inputRoots);
    const draft: Omit<InputRecord, "endpoints"> = {
      id: await allocateId(this.#options.repository),
      name: request.name ?? "",
      type,
      inputClass: shape.inputClass,
      streamNames: shape.streamNames,
      sources: shape.sources,
      securityGroupIds,
      srtCallerSources: shape.srtCallerSources,
      ...(shape.srtListener ? { srtListener: shape.srtListener } : {}),
      ...(request.roleArn !== undefined ? { roleArn: request.roleArn } : {}),
      ...(shape.dynamic ? { dynamic: true } : {}),
      tags,
      attachedChannelIds: [],
      ...(request.requestId !== undefined ? { requestId: request.requestId, requestFingerprint: fingerprint } : {}),
    };
    const zones = this.#options.endpointZones;
    const planned = zones && shape.endpointCount > 0 ? await zones.plan(shape.endpointCount === 1 ? 1 : 2) : undefined;
    const stored = await this.#options.repository.insertInput(draft, this.#endpointRequests(type, shape.endpointCount, planned), this.#options.pushPortRange);
    const range = `${this.#options.pushPortRange.first}-${this.#options.pushPortRange.last}`;
    if (!stored && planned) {
      throw new ApiError("OL_INPUT_ZONE_POOL_EXHAUSTED", { range, addresses: planned.map((e) => `${e.address} (zone ${e.zone})`).join(" / "), zones: planned.map((e) => e.zone).join(" or ") });
    }
    if (!stored) throw new ApiError("OL_INPUT_NO_FREE_PORTS", { range, address: this.#options.pushAddresses.join(" / ") });
    if (stored.id !== draft.id) {
      // A concurrent call with this requestId stored first: answer as its retry.
      if (stored.requestFingerprint !== fingerprint) throw new ApiError("OL_INPUT_IDEMPOTENCY_MISMATCH", { requestId: request.requestId ?? "" });
      return this.#view(stored);
    }
    const zoned = planned && zones ? await this.#recordZones(zones, stored, planned) : stored;
    this.#options.changes.emit("inputChanged", { inputId: stored.id, deleted: false });
    return this.#view(zoned);
  }

  /** Records the zone of each new endpoint; an input whose zones could not be recorded is deleted again. */
  async #recordZones(zones: InputEndpointZonesPort, stored: InputRecord, planned: readonly PlannedEndpoint[]): Promise<InputRecord> {
    const zoneOf = (pipeline: 0 | 1): string => planned.find((e) => e.pipeline === pipeline)?.zone ?? "";
    const endpoints = stored.endpoints.map((endpoint) => ({ ...endpoint, zone: zoneOf(endpoint.pipeline) }));
    try {
      await zones.record(stored.id, endpoints);
    } catch (error) {
      await this.#options.repository.deleteInput(stored.id, this.#options.nowMs());
      throw error;
    }
    return { ...stored, endpoints };
  }

  /** Cluster mode: each endpoint with the zone it was allocated in. */
  async #withZones(records: readonly InputRecord[]): Promise<InputRecord[]> {
    const zones = this.#options.endpointZones;
    const pushRecords = records.filter((record) => record.endpoints.length > 0);
    if (!zones || pushRecords.length === 0) return [...records];
    const byInput = await zones.zonesOf(pushRecords.map((record) => record.id));
    return records.map((record) => {
      const perPipeline = byInput.get(record.id);
      if (!perPipeline) return record;
      return { ...record, endpoints: record.endpoints.map((endpoint) => {
        const zone = perPipeline.get(endpoint.pipeline);
        return zone === undefined ? endpoint : { ...endpoint, zone };
      }) };
    });
  }

  async describe(id: string): Promise<InputView> {
    const record = await this.#options.repository.getInput(id);
    if (!describable(record, this.#options.nowMs(), this.#options.deletedRetentionMs)) throw new ApiError("OL_INPUT_NOT_FOUND", { id });
    const [zoned] = await this.#withZones([record]);
    return this.#view(zoned ?? record);
  }

  async list(page: PageRequest): Promise<Page<InputView>> {
    const result = await this.#options.repository.listInputs(page);
    // A repository that hands out the same page until a write gets the same view back (ListInputs memoizes its JSON on it).
    const known = this.#pageViews.get(result);
    if (known) return known;
    const items = (await this.#withZones(result.items)).map((record) => this.#view(record));
    const views: Page<InputView> = result.nextAfter === undefined ? { items } : { items, nextAfter: result.nextAfter };
    this.#pageViews.set(result, views);
    return views;
  }

  /** As in MediaLive: the type never changes and endpoints stay; names, ISGs, stream names, sources are editable. */
  async update(id: string, request: InputRequestFields): Promise<InputView> {
    const current = await this.live(id);
    const type = current.type;
    checkMembersForType(type, request);
    let next: InputRecord = { ...current, ...(request.name !== undefined ? { name: request.name } : {}), ...(request.roleArn !== undefined ? { roleArn: request.roleArn } : {}) };
    if (isPushType(type) && request.inputSecurityGroups !== undefined) {
      next = { ...next, securityGroupIds: await this.#checkSecurityGroups(type, request.inputSecurityGroups) };
    }
    if (type === "RTMP_PUSH" && request.destinations !== undefined) {
      const streamNames = checkStreamNames(request.destinations);
      if (streamNames.length !== current.endpoints.length) {
        throw new ApiError("OL_INPUT_DESTINATIONS", {
          detail: `endpoints stay for the input's life: this RTMP_PUSH input has ${current.endpoints.length} endpoint(s), so give ${current.endpoints.length} destination(s); got ${streamNames.length}`,
        });
      }
      next = { ...next, streamNames };
    }
    if ((type === "URL_PULL" || type === "RTMP_PULL" || type === "MP4_FILE" || type === "TS_FILE") && request.sources !== undefined) {
      const checked = checkPullSources(type, request.sources);
      await confineFileSources(checked.sources, this.#options.inputRoots);
      next = { ...next, sources: checked.sources, inputClass: classForCount(checked.sources.length), dynamic: checked.dynamic };
    }
    if (type === "SRT_CALLER" && request.srtSettings?.srtCallerSources !== undefined) {
      const srtCallerSources = checkSrtCallerSources(request.srtSettings);
      next = { ...next, srtCallerSources, inputClass: classForCount(srtCallerSources.length) };
    }
    if (type === "SRT_LISTENER" && request.srtSettings?.srtListenerSettings !== undefined) {
      next = { ...next, srtListener: checkSrtListener(request.srtSettings) };
    }
    if (next.inputClass !== current.inputClass && current.attachedChannelIds.length) {
      throw new ApiError("OL_INPUT_ATTACHED", { id, channels: current.attachedChannelIds.join(", ") });
    }
    if (!(await this.#options.repository.updateInput(next))) throw new ApiError("OL_INPUT_NOT_FOUND", { id });
    this.#options.changes.emit("inputChanged", { inputId: id, deleted: false });
    const [zoned] = await this.#withZones([next]);
    return this.#view(zoned ?? next);
  }

  async delete(id: string): Promise<void> {
    const outcome = await this.#options.repository.deleteInput(id, this.#options.nowMs());
    if (outcome.kind === "not-found") throw new ApiError("OL_INPUT_NOT_FOUND", { id });
    if (outcome.kind === "attached") throw new ApiError("OL_INPUT_ATTACHED", { id, channels: outcome.channelIds.join(", ") });
    await this.#options.endpointZones?.release(id);
    this.#options.changes.emit("inputChanged", { inputId: id, deleted: true });
  }

  async setTags(id: string, tags: Tags): Promise<void> {
    const current = await this.live(id);
    if (!(await this.#options.repository.updateInput({ ...current, tags: checkTags(tags) }))) throw new ApiError("OL_INPUT_NOT_FOUND", { id });
  }

  /** The live (not deleted) record, or NotFound. */
  async live(id: string): Promise<InputRecord> {
    return liveOrThrow(await this.#options.repository.getInput(id), () => new ApiError("OL_INPUT_NOT_FOUND", { id }));
  }

  #view(record: InputRecord): InputView {
    return inputView(record);
  }

  /** A push input needs at least one existing ISG, each listed once. */
  async #checkSecurityGroups(type: SupportedInputType, ids: readonly string[] | undefined): Promise<string[]> {
    if (!ids || ids.length === 0) throw new ApiError("OL_INPUT_ISG_REQUIRED", { type });
    const seen = new Set<string>();
    for (const [index, id] of ids.entries()) {
      if (seen.has(id)) throw new ApiError("OL_REQUEST_INVALID", { detail: `inputSecurityGroups[${index}]: ${id} is listed twice` });
      seen.add(id);
      const isg = await this.#options.repository.getIsg(id);
      if (!isg || isg.deletedAtMs !== undefined) throw new ApiError("OL_INPUT_ISG_UNKNOWN", { index, id });
    }
    return [...ids];
  }

  #shapeFor(type: SupportedInputType, request: InputRequestFields): InputShape {
    switch (type) {
      case "RTP_PUSH":
        return { ...EMPTY_SHAPE, inputClass: "STANDARD", endpointCount: 2 };
      case "RTMP_PUSH": {
        const streamNames = checkStreamNames(request.destinations);
        return { ...EMPTY_SHAPE, inputClass: classForCount(streamNames.length), endpointCount: streamNames.length, streamNames };
      }
      case "SRT_LISTENER":
        return { ...EMPTY_SHAPE, inputClass: "STANDARD", endpointCount: 2, srtListener: checkSrtListener(request.srtSettings) };
      case "SRT_CALLER": {
        const srtCallerSources = checkSrtCallerSources(request.srtSettings);
        return { ...EMPTY_SHAPE, inputClass: classForCount(srtCallerSources.length), srtCallerSources };
      }
      case "URL_PULL":
      case "RTMP_PULL":
      case "MP4_FILE":
      case "TS_FILE": {
        const checked = checkPullSources(type, request.sources);
        return { ...EMPTY_SHAPE, inputClass: classForCount(checked.sources.length), sources: checked.sources, dynamic: checked.dynamic };
      }
    }
  }

  /** Endpoint N on pushAddresses[N], or (cluster mode) on the address planned in its zone. */
  #endpointRequests(type: SupportedInputType, count: number, planned: readonly PlannedEndpoint[] | undefined): EndpointRequest[] {
    const rtp = type === "RTP_PUSH";
    return Array.from({ length: count }, (_, index): EndpointRequest => {
      const pipeline = index === 0 ? 0 : 1;
      const address = planned?.find((e) => e.pipeline === pipeline)?.address ?? this.#options.pushAddresses[pipeline];
      return { pipeline, address, span: rtp ? RTP_PORT_SPAN : 1, alignment: rtp ? 2 : 1 };
    });
  }
}

interface InputShape {
  readonly inputClass: InputRecord["inputClass"];
  readonly endpointCount: number;
  readonly streamNames: string[];
  readonly sources: InputRecord["sources"];
  readonly srtCallerSources: InputRecord["srtCallerSources"];
  readonly srtListener?: InputRecord["srtListener"];
  readonly dynamic: boolean;
}

const EMPTY_SHAPE: Omit<InputShape, "inputClass"> = { endpointCount: 0, streamNames: [], sources: [], srtCallerSources: [], dynamic: false };

/** A stable digest of a create request (keys sorted, requestId left out) to recognise retries. */
function fingerprintOf(request: CreateInputRequestFields): string {
  const { requestId: _requestId, ...rest } = request;
  return createHash("sha256").update(canonicalJson(rest)).digest("hex");
}
