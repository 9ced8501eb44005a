// How long a free-text string in an API request may be. Everything a request carries is
// stored and echoed by every later Describe/List, so nothing is accepted unbounded. Where
// the MediaLive model states a member's maximum length, that maximum applies (the
// validator reads it from the model); every other string gets the limit of its member's
// wire name below, or the default. The limits are generous for any real use;
// docs/errors.md ("Limits") lists them.

/** Limits in characters (JavaScript string length, as the model's `max` counts them). */
export const MEMBER_LIMIT_CHARS = {
  /** Names and references to names: channel, input, output, action and attachment names, stream names, usernames, idempotency tokens. */
  name: 256,
  /** SRT stream IDs: the SRT specification caps SRTO_STREAMID at 512 bytes. */
  srtStreamId: 512,
  /** URLs, URL paths, ARNs and parameter names that point at secrets (the model's ARN shapes allow 2048). */
  locator: 2048,
  /** Any other string anywhere in a request, including deep inside a channel's encoderSettings. */
  other: 4096,
  /** AWS tag limits: keys 1–128 characters, values up to 256. */
  tagKey: 128,
  tagValue: 256,
} as const;

type LimitKind = Exclude<keyof typeof MEMBER_LIMIT_CHARS, "other" | "tagKey" | "tagValue">;

/** Wire member names (the JSON key holding the string, or the list holding the strings) with their own limit. */
export const MEMBER_LIMIT_KINDS: Readonly<Record<string, LimitKind>> = {
  name: "name",
  inputAttachmentName: "name",
  inputAttachmentNameReference: "name",
  actionName: "name",
  referenceActionName: "name",
  outputName: "name",
  audioSelectorName: "name",
  captionSelectorName: "name",
  videoDescriptionName: "name",
  destinationRefId: "name",
  streamName: "name",
  username: "name",
  requestId: "name",
  streamId: "srtStreamId",
  url: "locator",
  uri: "locator",
  sdpUrl: "locator",
  urlPath: "locator",
  passwordParam: "locator",
  roleArn: "locator",
  flowArn: "locator",
  passphraseSecretArn: "locator",
  secretArn: "locator",
  encryptionPassphraseSecretArn: "locator",
};

/** Map members whose keys and values have their own limits (AWS tags). */
const TAG_MAP_MEMBERS: ReadonlySet<string> = new Set(["tags"]);

/** The limit for a string held by the member `memberWireName` (undefined: not under a named member, e.g. a path label). */
export function memberLimitChars(memberWireName: string | undefined): number {
  if (memberWireName === undefined) return MEMBER_LIMIT_CHARS.other;
  if (TAG_MAP_MEMBERS.has(memberWireName)) return MEMBER_LIMIT_CHARS.tagValue;
  const kind = Object.prototype.hasOwnProperty.call(MEMBER_LIMIT_KINDS, memberWireName) ? MEMBER_LIMIT_KINDS[memberWireName] : undefined;
  return kind === undefined ? MEMBER_LIMIT_CHARS.other : MEMBER_LIMIT_CHARS[kind];
}

/** The limit for the keys of the map held by `memberWireName`. */
export function mapKeyLimitChars(memberWireName: string | undefined): number {
  return memberWireName !== undefined && TAG_MAP_MEMBERS.has(memberWireName) ? MEMBER_LIMIT_CHARS.tagKey : MEMBER_LIMIT_CHARS.other;
}

/** A member that is longer than its limit: where, how long, and the limit. */
export interface TooLongMember {
  readonly elementPath: string;
  readonly lengthChars: number;
  readonly limitChars: number;
}

export function tooLongMessage(member: Pick<TooLongMember, "lengthChars" | "limitChars">): string {
  return `is ${member.lengthChars} characters long; at most ${member.limitChars} are accepted`;
}

const SHOWN_KEY_MAX_CHARS = 64;

/** A key (map key, unknown member name) as shown in an element path or message: never the whole of a huge one. */
export function shownKey(key: string): string {
  return key.length <= SHOWN_KEY_MAX_CHARS ? key : `${key.slice(0, SHOWN_KEY_MAX_CHARS)}…(${key.length} characters)`;
}
