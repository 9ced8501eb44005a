// The MediaLive REST JSON the console reads (wire names, camelCase), reduced to the members it
// shows. Every resource is also shown whole as JSON, so nothing here needs to be complete.

export interface PipelineDetail {
  readonly pipelineId?: string;
  readonly activeInputAttachmentName?: string;
  readonly activeInputSwitchActionName?: string;
  /** The motion graphics page shown now (its activate action) and its address; absent while none shows. */
  readonly activeMotionGraphicsActionName?: string;
  readonly activeMotionGraphicsUri?: string;
}

export interface InputAttachment {
  readonly inputAttachmentName?: string;
  readonly inputId?: string;
  readonly automaticInputFailoverSettings?: { readonly secondaryInputId?: string; readonly inputPreference?: string };
}

export interface OutputDestination {
  readonly id?: string;
  readonly settings?: readonly { readonly url?: string }[];
}

/** A setting openlive accepted and stores but does not reproduce (openlive's extension to Channel answers). */
export interface NotHonouredSetting {
  readonly elementPath?: string;
  readonly reason?: string;
}

export interface Channel {
  readonly id: string;
  readonly arn?: string;
  readonly name?: string;
  readonly state?: string;
  readonly channelClass?: string;
  readonly pipelinesRunningCount?: number;
  readonly pipelineDetails?: readonly PipelineDetail[];
  readonly inputAttachments?: readonly InputAttachment[];
  readonly destinations?: readonly OutputDestination[];
  readonly tags?: Readonly<Record<string, string>>;
  readonly openliveNotHonoured?: readonly NotHonouredSetting[];
}

export interface ChannelAlert {
  readonly id?: string;
  readonly alertType?: string;
  readonly message?: string;
  readonly pipelineId?: string;
  readonly state?: "SET" | "CLEARED";
  readonly setTimestamp?: string;
  readonly clearedTimestamp?: string;
}

export interface Thumbnail {
  readonly body?: string;
  readonly contentType?: string;
  readonly timeStamp?: string;
}

export interface ThumbnailDetail {
  readonly pipelineId?: string;
  readonly thumbnails?: readonly Thumbnail[];
}

/** openlive extension of DescribeInput: what one pipeline detected on its source. */
export interface DetectedProperties {
  readonly pipelineId: string;
  readonly detectedAt: string;
  readonly video?: readonly Readonly<Record<string, unknown>>[];
  readonly audio?: readonly Readonly<Record<string, unknown>>[];
  readonly captions?: Readonly<Record<string, readonly number[]>>;
  readonly scte35Pids?: readonly number[];
  readonly bitrateBps?: number;
}

export interface Input {
  readonly id: string;
  readonly arn?: string;
  readonly name?: string;
  readonly type?: string;
  readonly state?: string;
  readonly inputClass?: string;
  readonly destinations?: readonly { readonly url?: string; readonly ip?: string; readonly port?: string }[];
  readonly sources?: readonly InputSourceWire[];
  readonly securityGroups?: readonly string[];
  readonly attachedChannels?: readonly string[];
  readonly srtSettings?: { readonly srtCallerSources?: readonly { readonly srtListenerAddress?: string; readonly srtListenerPort?: string; readonly streamId?: string }[] };
  readonly detectedProperties?: readonly DetectedProperties[];
  readonly tags?: Readonly<Record<string, string>>;
}

export interface InputSecurityGroup {
  readonly id: string;
  readonly arn?: string;
  readonly state?: string;
  readonly whitelistRules?: readonly { readonly cidr?: string }[];
  readonly inputs?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ScheduleAction {
  readonly actionName: string;
  readonly scheduleActionStartSettings?: {
    readonly fixedModeScheduleActionStartSettings?: { readonly time?: string };
    readonly followModeScheduleActionStartSettings?: { readonly referenceActionName?: string; readonly followPoint?: string };
    readonly immediateModeScheduleActionStartSettings?: Readonly<Record<string, never>>;
  };
  readonly scheduleActionSettings?: Readonly<Record<string, unknown>>;
}

/** An input's pull source (URL_PULL, RTMP_PULL, MP4_FILE, TS_FILE) with its credentials' names. */
export interface InputSourceWire {
  readonly url?: string;
  readonly username?: string;
  readonly passwordParam?: string;
}

// The openlive extension bodies below are declared here only: the server imports them as
// types (src/demo/demo-control-route.ts, src/check/plan-check.ts), since this browser build
// cannot import from outside src/console.

/** GET /openlive/origin (docs/api.md): the HLS origin's port (on the API's host) and the output roots it serves, by name. */
export interface OriginInfo {
  readonly originPort: number;
  readonly roots: readonly { readonly name: string; readonly folder: string }[];
}

/** GET /openlive/demo (docs/api.md; demo mode only): the demo channel and its upstreams. */
export interface DemoStatus {
  readonly channelName: string;
  /** Known once the demo has found or created its channel. */
  readonly channelId?: string;
  /** Empty until the demo's upstreams run. "sending": running (or restarting after an exit); "cut": held off until restored. */
  readonly upstreams: readonly { readonly attachment: string; readonly pipeline: number; readonly url: string; readonly state: "sending" | "cut" }[];
}

/** POST /openlive/check body (docs/api.md), and what `openlive check` builds from its options: only `urls` is required. */
export interface CheckRequest {
  readonly urls: readonly string[];
  readonly seconds?: number;
  readonly inputType?: string;
  readonly inputSpec?: string;
  readonly captionSelectors?: readonly string[];
  /** rtmp:// and srt:// URLs are pulled (RTMP_PULL, SRT_CALLER) instead of listened on. */
  readonly pull?: boolean;
  readonly timeoutMs?: number;
  readonly username?: string;
  readonly password?: string;
  /** SRT encryption passphrase (SRT_LISTENER always, SRT_CALLER when the upstream encrypts). */
  readonly passphrase?: string;
}

export type CheckVerdict = "pass" | "fail" | "warn" | "info";

/** One line of the checklist; `rule` is a section of docs/upstream.md ("docs/upstream.md#protocol"). */
export interface CheckLine {
  readonly id: string;
  readonly source?: number;
  readonly title: string;
  readonly verdict: CheckVerdict;
  readonly detail: string;
  readonly fix?: string;
  readonly rule: string;
}

export interface CheckReport {
  readonly inputType: string;
  readonly seconds: number;
  readonly sources: readonly { readonly url: string; readonly direction: "push" | "pull"; readonly failure?: string; readonly bytesIn?: number; readonly addresses?: readonly string[] }[];
  readonly lines: readonly CheckLine[];
  readonly fittingInputSpecification?: { readonly codec: string; readonly resolution: string; readonly maximumBitrate: string };
  readonly summary: { readonly pass: number; readonly fail: number; readonly warn: number; readonly info: number; readonly ready: boolean };
}
