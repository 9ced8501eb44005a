// What openlive stores about each resource. These are internal records; api/ turns them
// into MediaLive's wire shapes. Derived facts (ISG state and its inputs, input URLs) are
// computed on read so they can never disagree with what is stored.

export const InputTypes = {
  RTP_PUSH: "RTP_PUSH",
  RTMP_PUSH: "RTMP_PUSH",
  SRT_LISTENER: "SRT_LISTENER",
  RTMP_PULL: "RTMP_PULL",
  URL_PULL: "URL_PULL",
  SRT_CALLER: "SRT_CALLER",
  MP4_FILE: "MP4_FILE",
  TS_FILE: "TS_FILE",
} as const;
export type SupportedInputType = (typeof InputTypes)[keyof typeof InputTypes];

export const PUSH_INPUT_TYPES: readonly SupportedInputType[] = ["RTP_PUSH", "RTMP_PUSH", "SRT_LISTENER"];
export const PULL_INPUT_TYPES: readonly SupportedInputType[] = ["RTMP_PULL", "URL_PULL", "SRT_CALLER", "MP4_FILE", "TS_FILE"];
export const SUPPORTED_INPUT_TYPES: readonly SupportedInputType[] = [...PUSH_INPUT_TYPES, ...PULL_INPUT_TYPES];

/** Pull inputs that read a file: they play from the file's start (or clip start) at every switch. */
export const FILE_INPUT_TYPES: readonly SupportedInputType[] = ["MP4_FILE", "TS_FILE"];

export function isPushType(type: SupportedInputType): boolean {
  return PUSH_INPUT_TYPES.includes(type);
}

export function isFileType(type: SupportedInputType): boolean {
  return FILE_INPUT_TYPES.includes(type);
}

export type InputClass = "STANDARD" | "SINGLE_PIPELINE";
export type InputState = "CREATING" | "DETACHED" | "ATTACHED" | "DELETING" | "DELETED";
export type Tags = Readonly<Record<string, string>>;

export interface IsgRecord {
  readonly id: string;
  readonly cidrs: readonly string[];
  readonly tags: Tags;
  /** Set when deleted: the record stays visible as DELETED for a while. */
  readonly deletedAtMs?: number;
}

/** One allocated push endpoint: where the upstream encoder of one pipeline sends. */
export interface EndpointRecord {
  readonly pipeline: 0 | 1;
  readonly address: string;
  readonly port: number;
  /** Cluster mode: the zone whose address pool the address came from (DescribeInput's vpc.availabilityZone). */
  readonly zone?: string;
}

export interface PullSourceRecord {
  readonly url: string;
  readonly username?: string;
  /** Name of the secret holding the password (MediaLive: an SSM parameter name); never the password. */
  readonly passwordParam?: string;
}

export type SrtAlgorithm = "AES128" | "AES192" | "AES256";

export interface SrtDecryptionRecord {
  readonly algorithm: SrtAlgorithm;
  readonly passphraseSecretArn: string;
}

export interface SrtCallerSourceRecord {
  readonly srtListenerAddress: string;
  readonly srtListenerPort: string;
  readonly streamId?: string;
  readonly minimumLatency?: number;
  readonly decryption?: SrtDecryptionRecord;
}

export interface SrtListenerRecord {
  readonly minimumLatency: number;
  readonly streamId?: string;
  readonly decryption: SrtDecryptionRecord;
}

export interface InputRecord {
  readonly id: string;
  readonly name: string;
  readonly type: SupportedInputType;
  readonly inputClass: InputClass;
  /** RTMP_PUSH only: one `app/instance` per endpoint. */
  readonly streamNames: readonly string[];
  readonly endpoints: readonly EndpointRecord[];
  readonly sources: readonly PullSourceRecord[];
  readonly securityGroupIds: readonly string[];
  readonly srtCallerSources: readonly SrtCallerSourceRecord[];
  readonly srtListener?: SrtListenerRecord;
  readonly roleArn?: string;
  /** MP4_FILE/TS_FILE whose URLs carry $urlPath$ (inputSourceType DYNAMIC). */
  readonly dynamic?: boolean;
  readonly tags: Tags;
  /** Channels this input is attached to (at most one); filled by the channels issue. */
  readonly attachedChannelIds: readonly string[];
  readonly requestId?: string;
  /** Fingerprint of the create request, to tell a retry from a reuse of the token. */
  readonly requestFingerprint?: string;
  readonly deletedAtMs?: number;
}

/** A page of records in creation order; `nextAfter` is set when more follow. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextAfter?: number;
}

export type ChannelState =
  | "CREATING"
  | "CREATE_FAILED"
  | "IDLE"
  | "STARTING"
  | "RUNNING"
  | "RECOVERING"
  | "STOPPING"
  | "DELETING"
  | "DELETED"
  | "UPDATING"
  | "UPDATE_FAILED";

/** A schedule action as MediaLive's wire shape (ScheduleAction), stored verbatim. */
export interface ScheduleActionRecord {
  readonly actionName: string;
  readonly scheduleActionStartSettings: Record<string, unknown>;
  readonly scheduleActionSettings: Record<string, unknown>;
}

/** A stored schedule action with what openlive derives for purging. */
export interface StoredScheduleAction {
  readonly action: ScheduleActionRecord;
  /** When the action was created. */
  readonly createdAtMs: number;
  /** When it starts, for fixed and immediate actions; follow actions start after another. */
  readonly startAtMs?: number;
}
