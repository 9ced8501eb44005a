// The console's MediaLive client: signed fetch against this page's own origin (/prod/...), one
// method per operation the console uses. Errors carry MediaLive's error type and message.

import { queryString, signRequest, uriEncode, type Credentials } from "./sigv4.ts";
import type { Channel, ChannelAlert, CheckReport, CheckRequest, DemoStatus, Input, InputSecurityGroup, OriginInfo, ScheduleAction, ThumbnailDetail } from "./wire.ts";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Query = readonly (readonly [string, string])[];

export interface CallOptions {
  /** How long the whole call may take (default TIMEOUT_MS). */
  readonly timeoutMs?: number;
  /** Aborts the call (the view went away). */
  readonly signal?: AbortSignal;
}

const TIMEOUT_MS = 15_000;
const PAGE_SIZE = "100";

/** The call's timeout, and the caller's signal when it gave one. */
function callSignal(options: CallOptions): AbortSignal {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS);
  const caller = options.signal;
  if (!caller) return timeout;
  const both = new AbortController();
  const abort = (signal: AbortSignal): void => both.abort(signal.reason);
  if (caller.aborted) abort(caller);
  caller.addEventListener("abort", () => abort(caller), { once: true });
  timeout.addEventListener("abort", () => abort(timeout), { once: true });
  return both.signal;
}

export class MediaLiveApi {
  constructor(readonly credentials: Credentials) {}

  async call<T>(method: string, path: string, body?: unknown, query: Query = [], options: CallOptions = {}): Promise<T> {
    const text = body === undefined ? "" : JSON.stringify(body);
    const headers = await signRequest(this.credentials, { method, host: location.host, path, query, body: text, date: new Date() });
    if (body !== undefined) headers["content-type"] = "application/json";
    const search = queryString(query);
    const response = await fetch(search ? `${path}?${search}` : path, {
      method,
      headers,
      ...(body !== undefined ? { body: text } : {}),
      cache: "no-store",
      signal: callSignal(options),
    });
    const responseText = await response.text();
    let json: unknown = {};
    try {
      json = responseText ? JSON.parse(responseText) : {};
    } catch {
      // not JSON: the message below quotes the text
    }
    if (!response.ok) {
      const errorType = response.headers.get("x-amzn-errortype")?.split(":")[0] ?? `HTTP ${response.status}`;
      const message = (json as { message?: string }).message ?? responseText;
      throw new ApiError(response.status, errorType, `${errorType}: ${message}`);
    }
    return json as T;
  }

  /** Every item of a paginated operation; `key` is the list's wire name. */
  async listAll<T>(path: string, key: string, query: Query = []): Promise<T[]> {
    const items: T[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call<Record<string, unknown>>("GET", path, undefined, [...query, ["maxResults", PAGE_SIZE], ...(nextToken ? [["nextToken", nextToken] as const] : [])]);
      items.push(...((page[key] as T[] | undefined) ?? []));
      nextToken = typeof page.nextToken === "string" && page.nextToken !== "" ? page.nextToken : undefined;
    } while (nextToken);
    return items;
  }

  listChannels(): Promise<Channel[]> {
    return this.listAll<Channel>("/prod/channels", "channels");
  }
  describeChannel(id: string): Promise<Channel> {
    return this.call<Channel>("GET", `/prod/channels/${uriEncode(id)}`);
  }
  startChannel(id: string): Promise<Channel> {
    return this.call<Channel>("POST", `/prod/channels/${uriEncode(id)}/start`);
  }
  stopChannel(id: string): Promise<Channel> {
    return this.call<Channel>("POST", `/prod/channels/${uriEncode(id)}/stop`);
  }
  listAlerts(channelId: string, stateFilter: "SET" | "CLEARED" | "ALL"): Promise<ChannelAlert[]> {
    return this.listAll<ChannelAlert>(`/prod/channels/${uriEncode(channelId)}/alerts`, "alerts", [["stateFilter", stateFilter]]);
  }
  async describeThumbnails(channelId: string, pipelineId: string): Promise<ThumbnailDetail[]> {
    const answer = await this.call<{ thumbnailDetails?: ThumbnailDetail[] }>("GET", `/prod/channels/${uriEncode(channelId)}/thumbnails`, undefined, [
      ["pipelineId", pipelineId],
      ["thumbnailType", "CURRENT_ACTIVE"],
    ]);
    return answer.thumbnailDetails ?? [];
  }
  describeSchedule(channelId: string): Promise<ScheduleAction[]> {
    return this.listAll<ScheduleAction>(`/prod/channels/${uriEncode(channelId)}/schedule`, "scheduleActions");
  }
  /** BatchUpdateSchedule with one immediate InputSwitchSettings action. */
  switchInputNow(channelId: string, attachmentName: string): Promise<unknown> {
    const actionName = `console-switch-${attachmentName}-${new Date().toISOString()}`;
    return this.call("PUT", `/prod/channels/${uriEncode(channelId)}/schedule`, {
      creates: {
        scheduleActions: [
          {
            actionName,
            scheduleActionStartSettings: { immediateModeScheduleActionStartSettings: {} },
            scheduleActionSettings: { inputSwitchSettings: { inputAttachmentNameReference: attachmentName } },
          },
        ],
      },
    });
  }
  /**
   * POST /openlive/check (an openlive extension, docs/api.md): the upstream readiness check.
   * The service answers once the check has observed the sources for `seconds`, so the call
   * may last that long plus the pull timeout; `signal` ends it (and the check) early.
   */
  runCheck(request: CheckRequest, options: CallOptions = {}): Promise<CheckReport> {
    return this.call<CheckReport>("POST", "/openlive/check", request, [], options);
  }
  /** GET /openlive/origin: where the HLS origin listens and the output roots it serves. */
  originInfo(): Promise<OriginInfo> {
    return this.call<OriginInfo>("GET", "/openlive/origin");
  }
  /** GET /openlive/demo: the demo's upstreams; a 404 when this openlive runs no demo. */
  demoStatus(): Promise<DemoStatus> {
    return this.call<DemoStatus>("GET", "/openlive/demo");
  }
  /** Cuts or restores the demo upstreams of one of its inputs ("main" or "backup"). */
  demoUpstreams(attachment: string, action: "cut" | "restore"): Promise<DemoStatus> {
    return this.call<DemoStatus>("POST", `/openlive/demo/upstreams/${uriEncode(attachment)}/${action}`);
  }
  listInputs(): Promise<Input[]> {
    return this.listAll<Input>("/prod/inputs", "inputs");
  }
  describeInput(id: string): Promise<Input> {
    return this.call<Input>("GET", `/prod/inputs/${uriEncode(id)}`);
  }
  listInputSecurityGroups(): Promise<InputSecurityGroup[]> {
    return this.listAll<InputSecurityGroup>("/prod/inputSecurityGroups", "inputSecurityGroups");
  }
  async updateInputSecurityGroup(id: string, cidrs: readonly string[]): Promise<InputSecurityGroup> {
    const answer = await this.call<{ securityGroup: InputSecurityGroup }>("PUT", `/prod/inputSecurityGroups/${uriEncode(id)}`, {
      whitelistRules: cidrs.map((cidr) => ({ cidr })),
    });
    return answer.securityGroup;
  }
}
