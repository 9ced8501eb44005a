// The rules of each input type: what a create or update request must and must not carry,
// how URLs are checked, and what class results. Pure functions: they throw ApiError
// with a message naming the bad field and value, and touch nothing.
// Field names are MediaLive's wire names.

import { ApiError } from "../shared/errors.ts";
import {
  isFileType,
  isPushType,
  SUPPORTED_INPUT_TYPES,
  type InputClass,
  type PullSourceRecord,
  type SrtAlgorithm,
  type SrtCallerSourceRecord,
  type SrtListenerRecord,
  type SupportedInputType,
} from "./records.ts";

/** The request members this file reads (a subset of CreateInputRequest/UpdateInputRequest). */
export interface InputRequestFields {
  readonly type?: string;
  readonly name?: string;
  readonly destinations?: readonly { streamName?: string; network?: string; networkRoutes?: unknown; staticIpAddress?: string }[];
  readonly sources?: readonly { url?: string; username?: string; passwordParam?: string }[];
  readonly inputSecurityGroups?: readonly string[];
  readonly srtSettings?: {
    srtCallerSources?: readonly { srtListenerAddress?: string; srtListenerPort?: string; streamId?: string; minimumLatency?: number; decryption?: { algorithm?: string; passphraseSecretArn?: string } }[];
    srtListenerSettings?: { minimumLatency?: number; streamId?: string; decryption?: { algorithm?: string; passphraseSecretArn?: string } };
  };
  readonly roleArn?: string;
  // Members of MediaLive features that openlive does not offer: refused when present.
  readonly vpc?: unknown;
  readonly mediaConnectFlows?: readonly unknown[];
  readonly inputDevices?: readonly unknown[];
  readonly multicastSettings?: unknown;
  readonly smpte2110ReceiverGroupSettings?: unknown;
  readonly sdiSources?: readonly unknown[];
  readonly routerSettings?: unknown;
  readonly specialRouterSettings?: unknown;
  readonly inputNetworkLocation?: string;
}

const UNSUPPORTED_MEMBERS = [
  "vpc",
  "mediaConnectFlows",
  "inputDevices",
  "multicastSettings",
  "smpte2110ReceiverGroupSettings",
  "sdiSources",
  "routerSettings",
  "specialRouterSettings",
] as const;

export const SRT_LATENCY_MS = { min: 120, max: 15000 } as const;
export const DYNAMIC_URL_TOKEN = "$urlPath$";

/** A dynamic input's source URL for a switch: urlPath[i] fills source i; one value serves every source. */
export function dynamicSourceUrl(url: string, sourceIndex: number, urlPath: readonly string[]): string {
  return url.replaceAll(DYNAMIC_URL_TOKEN, urlPath[sourceIndex] ?? urlPath[0] ?? "");
}

/** The input type of a create request, or the reason it is refused. */
export function checkInputType(type: string | undefined): SupportedInputType {
  const supported = SUPPORTED_INPUT_TYPES.join(", ");
  if (type === undefined) throw new ApiError("OL_INPUT_TYPE_REQUIRED", { supported });
  if (type === "UDP_PUSH") throw new ApiError("OL_INPUT_TYPE_UDP");
  if (!(SUPPORTED_INPUT_TYPES as readonly string[]).includes(type)) throw new ApiError("OL_INPUT_TYPE_UNSUPPORTED", { type, supported });
  return type as SupportedInputType;
}

/** Refuses members of features openlive does not offer, and members that do not belong to this type. */
export function checkMembersForType(type: SupportedInputType, request: InputRequestFields): void {
  for (const member of UNSUPPORTED_MEMBERS) {
    const value = request[member];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
      throw new ApiError("OL_INPUT_FIELD_NOT_ALLOWED", { field: member, type });
    }
  }
  if (request.inputNetworkLocation !== undefined && request.inputNetworkLocation !== "AWS") {
    throw new ApiError("OL_INPUT_FIELD_NOT_ALLOWED", { field: `inputNetworkLocation ${request.inputNetworkLocation}`, type });
  }
  const push = isPushType(type);
  if (push) {
    if (request.sources?.length) throw new ApiError("OL_INPUT_FIELD_NOT_ALLOWED", { field: "sources", type });
    if (request.srtSettings?.srtCallerSources?.length) throw new ApiError("OL_INPUT_FIELD_NOT_ALLOWED", { field: "srtSettings.srtCallerSources", type });
  } else {
    if (request.inputSecurityGroups?.length) throw new ApiError("OL_INPUT_ISG_NOT_ALLOWED", { type });
    if (request.destinations?.length) throw new ApiError("OL_INPUT_FIELD_NOT_ALLOWED", { field: "destinations", type });
    if (request.srtSettings?.srtListenerSettings) throw new ApiError("OL_INPUT_FIELD_NOT_ALLOWED", { field: "srtSettings.srtListenerSettings", type });
  }
  if (type !== "RTMP_PUSH" && request.destinations?.length) {
    throw new ApiError("OL_INPUT_DESTINATIONS", { detail: `destinations are not used by a ${type} input: its two endpoints are generated` });
  }
  if (type !== "SRT_CALLER" && type !== "SRT_LISTENER" && request.srtSettings !== undefined && Object.keys(request.srtSettings).length) {
    throw new ApiError("OL_INPUT_FIELD_NOT_ALLOWED", { field: "srtSettings", type });
  }
  if (type === "SRT_CALLER" && request.sources?.length) {
    throw new ApiError("OL_INPUT_SOURCES", { detail: "an SRT_CALLER input takes its sources in srtSettings.srtCallerSources, not in sources" });
  }
}

/** RTMP push stream names: `app/instance`, one per endpoint (1 → SINGLE_PIPELINE, 2 → STANDARD). */
export function checkStreamNames(destinations: InputRequestFields["destinations"]): string[] {
  if (!destinations || destinations.length < 1 || destinations.length > 2) {
    throw new ApiError("OL_INPUT_DESTINATIONS", {
      detail: `an RTMP_PUSH input needs one or two destinations, each with a streamName "app/instance"; got ${destinations?.length ?? 0}`,
    });
  }
  return destinations.map((destination, index) => {
    for (const member of ["network", "networkRoutes", "staticIpAddress"] as const) {
      if (destination[member] !== undefined) throw new ApiError("OL_INPUT_FIELD_NOT_ALLOWED", { field: `destinations[${index}].${member}`, type: "RTMP_PUSH" });
    }
    const streamName = destination.streamName;
    if (typeof streamName !== "string" || !/^[A-Za-z0-9_.~-]+\/[A-Za-z0-9_.~-]+$/.test(streamName)) {
      throw new ApiError("OL_INPUT_DESTINATIONS", {
        detail: `destinations[${index}].streamName "${streamName ?? ""}" must be "app/instance": two names of letters, digits, _ . ~ - separated by one /`,
      });
    }
    return streamName;
  });
}

export interface CheckedSources {
  readonly sources: PullSourceRecord[];
  readonly dynamic: boolean;
}

/** Pull sources (URL_PULL, RTMP_PULL, MP4_FILE, TS_FILE): one or two, URL checked per type. */
export function checkPullSources(type: SupportedInputType, sources: InputRequestFields["sources"]): CheckedSources {
  if (!sources || sources.length < 1 || sources.length > 2) {
    throw new ApiError("OL_INPUT_SOURCES", { detail: `a ${type} input needs one or two sources (one per pipeline); got ${sources?.length ?? 0}` });
  }
  const checked = sources.map((source, index) => {
    const url = source.url;
    if (typeof url !== "string" || url.trim() === "") throw new ApiError("OL_INPUT_SOURCES", { detail: `sources[${index}].url is required` });
    checkSourceUrl(type, url, `sources[${index}].url`);
    const record: PullSourceRecord = {
      url,
      ...(source.username !== undefined ? { username: source.username } : {}),
      ...(source.passwordParam !== undefined ? { passwordParam: source.passwordParam } : {}),
    };
    return record;
  });
  const dynamicFlags = checked.map((s) => s.url.includes(DYNAMIC_URL_TOKEN));
  if (dynamicFlags.some((d) => d) && !dynamicFlags.every((d) => d)) {
    throw new ApiError("OL_INPUT_SOURCES", { detail: `either every source URL uses ${DYNAMIC_URL_TOKEN} (a dynamic input) or none does` });
  }
  return { sources: checked, dynamic: dynamicFlags.every((d) => d) };
}

function checkSourceUrl(type: SupportedInputType, url: string, elementPath: string): void {
  // A password in the URL is refused below; the message must not repeat it.
  const shown = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*):[^@/]*@/i, "$1:***@");
  const fail = (why: string): never => {
    throw new ApiError("OL_INPUT_SOURCES", { detail: `Invalid URL (${shown}) specified for ${elementPath}: ${why}` });
  };
  const dynamic = url.includes(DYNAMIC_URL_TOKEN);
  if (dynamic && !isFileType(type)) fail(`${DYNAMIC_URL_TOKEN} is allowed only in MP4_FILE and TS_FILE inputs`);
  if (dynamic && url === DYNAMIC_URL_TOKEN) return;
  let parsed: URL;
  try {
    parsed = new URL(dynamic ? url.replaceAll(DYNAMIC_URL_TOKEN, "dynamic") : url);
  } catch {
    return fail("not a URL");
  }
  const scheme = parsed.protocol.replace(/:$/, "");
  // Credentials in the URL would travel on the reader's command line and in every answer
  // that echoes the source; MediaLive takes them as username + passwordParam.
  if (parsed.username !== "" || parsed.password !== "") fail("the URL must not carry credentials (user:password@); give username and passwordParam (the name of the password in secrets.json) instead");
  const needsHost = scheme !== "file";
  if (needsHost && parsed.hostname === "") fail("the host is missing");
  if (scheme === "s3ssl" || scheme === "s3" || scheme === "mediastoressl") {
    fail(`${scheme}:// sources are not supported by openlive yet; serve the file or playlist over http(s)://`);
  }
  const pathname = decodeURIComponent(parsed.pathname).toLowerCase();
  switch (type) {
    case "URL_PULL":
      if (scheme !== "http" && scheme !== "https") fail("an HLS (URL_PULL) source is an http:// or https:// URL of an .m3u8 playlist");
      return;
    case "RTMP_PULL":
      if (scheme !== "rtmp") fail("an RTMP_PULL source is an rtmp:// URL such as rtmp://203.0.113.13:1935/live/curling");
      if (parsed.pathname.split("/").filter(Boolean).length < 2) fail("an RTMP URL needs an application and a stream name: rtmp://host[:port]/app/stream");
      return;
    case "MP4_FILE":
    case "TS_FILE": {
      if (scheme !== "http" && scheme !== "https" && scheme !== "file") fail(`a ${type} source is an http://, https:// or file:/// URL`);
      if (scheme === "file" && (parsed.hostname !== "" || !parsed.pathname.startsWith("/"))) fail("a file URL is file:///absolute/path");
      if (dynamic) return;
      const extensions = type === "MP4_FILE" ? [".mp4"] : [".ts", ".m2ts"];
      if (!extensions.some((ext) => pathname.endsWith(ext))) fail(`a ${type} source must name a ${extensions.join(" or ")} file`);
      return;
    }
    default:
      return;
  }
}

/** SRT caller sources: openlive calls out to the upstream's SRT listener. */
export function checkSrtCallerSources(srtSettings: InputRequestFields["srtSettings"]): SrtCallerSourceRecord[] {
  const sources = srtSettings?.srtCallerSources;
  if (!sources || sources.length < 1 || sources.length > 2) {
    throw new ApiError("OL_INPUT_SRT", { detail: `an SRT_CALLER input needs one or two srtSettings.srtCallerSources; got ${sources?.length ?? 0}` });
  }
  return sources.map((source, index) => {
    const at = `srtSettings.srtCallerSources[${index}]`;
    const address = source.srtListenerAddress;
    if (typeof address !== "string" || !/^[A-Za-z0-9.:-]+$/.test(address)) {
      throw new ApiError("OL_INPUT_SRT", { detail: `${at}.srtListenerAddress "${address ?? ""}" must be an IP address or host name` });
    }
    const port = source.srtListenerPort;
    if (typeof port !== "string" || !/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
      throw new ApiError("OL_INPUT_SRT", { detail: `${at}.srtListenerPort "${port ?? ""}" must be a port number 1–65535 (a string)` });
    }
    if (source.minimumLatency !== undefined) checkLatency(source.minimumLatency, `${at}.minimumLatency`);
    const decryption = source.decryption;
    if (decryption && (!decryption.algorithm || !decryption.passphraseSecretArn)) {
      throw new ApiError("OL_INPUT_SRT", { detail: `${at}.decryption needs both algorithm and passphraseSecretArn` });
    }
    return {
      srtListenerAddress: address,
      srtListenerPort: port,
      ...(source.streamId !== undefined ? { streamId: source.streamId } : {}),
      ...(source.minimumLatency !== undefined ? { minimumLatency: source.minimumLatency } : {}),
      ...(decryption ? { decryption: { algorithm: decryption.algorithm as SrtAlgorithm, passphraseSecretArn: decryption.passphraseSecretArn! } } : {}),
    };
  });
}

/** SRT listener settings: encryption is mandatory, as in MediaLive; latency 120–15000 ms. */
export function checkSrtListener(srtSettings: InputRequestFields["srtSettings"]): SrtListenerRecord {
  const settings = srtSettings?.srtListenerSettings;
  if (!settings) {
    throw new ApiError("OL_INPUT_SRT", {
      detail: "an SRT_LISTENER input needs srtSettings.srtListenerSettings with minimumLatency (120–15000 ms) and decryption {algorithm, passphraseSecretArn}",
    });
  }
  if (settings.minimumLatency === undefined) throw new ApiError("OL_INPUT_SRT", { detail: "srtSettings.srtListenerSettings.minimumLatency is required (120–15000 ms)" });
  checkLatency(settings.minimumLatency, "srtSettings.srtListenerSettings.minimumLatency");
  const decryption = settings.decryption;
  if (!decryption?.algorithm || !decryption.passphraseSecretArn) {
    throw new ApiError("OL_INPUT_SRT", { detail: "srtSettings.srtListenerSettings.decryption needs algorithm (AES128, AES192, AES256) and passphraseSecretArn: SRT listener inputs are always encrypted" });
  }
  return {
    minimumLatency: settings.minimumLatency,
    ...(settings.streamId !== undefined ? { streamId: settings.streamId } : {}),
    decryption: { algorithm: decryption.algorithm as SrtAlgorithm, passphraseSecretArn: decryption.passphraseSecretArn },
  };
}

function checkLatency(latencyMs: number, elementPath: string): void {
  if (!Number.isInteger(latencyMs) || latencyMs < SRT_LATENCY_MS.min || latencyMs > SRT_LATENCY_MS.max) {
    throw new ApiError("OL_INPUT_SRT", { detail: `${elementPath} must be ${SRT_LATENCY_MS.min}–${SRT_LATENCY_MS.max} ms, got ${latencyMs}` });
  }
}

export function classForCount(count: number): InputClass {
  return count >= 2 ? "STANDARD" : "SINGLE_PIPELINE";
}
