// From what the user typed (URLs and options, on the command line or in the API body) to
// what the runner opens: the input type (given, or inferred from the URL scheme), and per
// URL a push listener (address, port, RTMP stream name) or a pull source. Usage mistakes
// throw CheckUsageError (exit status 2, HTTP 400). Pure.

import { isIP } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { SUPPORTED_INPUT_TYPES, type SupportedInputType } from "../domain/records.ts";
import { redactUrl } from "../ingest/source-access/redact-url.ts";
import { CaptionSelectorNames, type CaptionSelectorName, type CheckOptions } from "./check-types.ts";
import { parseInputSpec, type InputSpecification } from "./input-specification.ts";
import type { CheckRequest } from "../console/app/wire.ts";

export class CheckUsageError extends Error {
  override readonly name = "CheckUsageError";
}

export const DEFAULT_SECONDS = 10;
export const MAX_SECONDS = 300;
export const DEFAULT_TIMEOUT_MS = 5000;

/** What the user asked for, as typed (strings), from the CLI or the API (the wire type the console sends too). */
export type { CheckRequest };

export type CheckTarget =
  | { readonly kind: "rtp"; readonly shown: string; readonly address: string; readonly port: number }
  | { readonly kind: "rtmp-push"; readonly shown: string; readonly address: string; readonly port: number; readonly streamName: string }
  | { readonly kind: "srt-listener"; readonly shown: string; readonly address: string; readonly port: number; readonly passphrase: string }
  | { readonly kind: "pull"; readonly shown: string; readonly url: string; readonly srt?: SrtCallerTarget };

export interface SrtCallerTarget {
  readonly address: string;
  readonly port: string;
  readonly streamId?: string;
}

export interface CheckPlan {
  readonly options: CheckOptions;
  readonly targets: readonly CheckTarget[];
  readonly timeoutMs: number;
  readonly username?: string;
  readonly password?: string;
  readonly passphrase?: string;
}

const SCHEMES_BY_TYPE: Readonly<Record<SupportedInputType, readonly string[]>> = {
  RTP_PUSH: ["rtp:", "udp:"],
  RTMP_PUSH: ["rtmp:"],
  RTMP_PULL: ["rtmp:"],
  SRT_LISTENER: ["srt:"],
  SRT_CALLER: ["srt:"],
  URL_PULL: ["http:", "https:"],
  MP4_FILE: ["http:", "https:", "file:"],
  TS_FILE: ["http:", "https:", "file:"],
};

const PUSH_TYPES: readonly SupportedInputType[] = ["RTP_PUSH", "RTMP_PUSH", "SRT_LISTENER"];

export function planCheck(request: CheckRequest): CheckPlan {
  if (request.urls.length < 1 || request.urls.length > 2) {
    throw new CheckUsageError(`give one URL, or two for the two sources of a STANDARD input (got ${request.urls.length})`);
  }
  const seconds = request.seconds ?? DEFAULT_SECONDS;
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > MAX_SECONDS) throw new CheckUsageError(`--seconds must be between 1 and ${MAX_SECONDS}`);
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000) throw new CheckUsageError("--timeout-ms must be between 100 and 120000");
  const urls = request.urls.map(toUrl);
  const inputType = chooseInputType(urls, request);
  const inputSpec = request.inputSpec !== undefined ? checkedSpec(request.inputSpec) : undefined;
  const captionSelectors = (request.captionSelectors ?? []).map(checkedSelector);
  // Credentials written into a pull URL (https://user:pass@host/…) travel like --username/--password.
  let username = request.username;
  let password = request.password;
  for (const url of urls) {
    if (url.username === "" || PUSH_TYPES.includes(inputType) || url.protocol === "file:") continue;
    username ??= decodeURIComponent(url.username);
    password ??= decodeURIComponent(url.password);
    url.username = "";
    url.password = "";
  }
  const targets = urls.map((url) => targetOf(url, inputType, request));
  const options: CheckOptions = { inputType, captionSelectors: [...new Set(captionSelectors)], seconds, ...(inputSpec ? { inputSpec } : {}) };
  return {
    options,
    targets,
    timeoutMs,
    ...(username !== undefined && username !== "" ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(request.passphrase !== undefined ? { passphrase: request.passphrase } : {}),
  };
}

/** A URL, or a local file path (made a file:// URL). */
function toUrl(text: string): URL {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      return new URL(text);
    } catch {
      throw new CheckUsageError(`"${redactUrl(text)}" is not a URL`);
    }
  }
  return pathToFileURL(path.resolve(text));
}

function inferType(url: URL, pull: boolean): SupportedInputType {
  const extension = path.extname(url.pathname).toLowerCase();
  switch (url.protocol) {
    case "rtp:":
    case "udp:":
      return "RTP_PUSH";
    case "rtmp:":
      return pull ? "RTMP_PULL" : "RTMP_PUSH";
    case "srt:":
      return pull ? "SRT_CALLER" : "SRT_LISTENER";
    case "http:":
    case "https:":
      return extension === ".mp4" ? "MP4_FILE" : extension === ".ts" || extension === ".m2ts" ? "TS_FILE" : "URL_PULL";
    case "file:":
      if (extension === ".mp4") return "MP4_FILE";
      if (extension === ".ts" || extension === ".m2ts") return "TS_FILE";
      throw new CheckUsageError(`${url.pathname}: a file source must be an .mp4 or .ts/.m2ts file (or give --input-type)`);
    default:
      throw new CheckUsageError(
        `${url.protocol.replace(/:$/, "")}:// is not an input protocol: use rtp://, rtmp://, srt:// (push; --pull to pull RTMP/SRT), http(s):// (HLS, MP4, TS) or a file path`,
      );
  }
}

function chooseInputType(urls: readonly URL[], request: CheckRequest): SupportedInputType {
  const pull = request.pull === true;
  let inputType: SupportedInputType;
  if (request.inputType !== undefined) {
    const given = request.inputType.toUpperCase();
    if (given === "UDP_PUSH") throw new CheckUsageError("UDP is not supported as an input: send MPEG-TS over RTP and check with --input-type RTP_PUSH");
    if (!(SUPPORTED_INPUT_TYPES as readonly string[]).includes(given)) throw new CheckUsageError(`unknown --input-type ${request.inputType}; one of ${SUPPORTED_INPUT_TYPES.join(", ")}`);
    inputType = given as SupportedInputType;
    if (pull && PUSH_TYPES.includes(inputType)) throw new CheckUsageError(`--pull does not go with the push input type ${inputType}`);
  } else {
    inputType = inferType(urls[0]!, pull);
    const second = urls[1] ? inferType(urls[1], pull) : inputType;
    if (second !== inputType) throw new CheckUsageError(`the two URLs are of different input types (${inputType}, ${second}); both sources of an input are of one type`);
  }
  for (const url of urls) {
    if (!SCHEMES_BY_TYPE[inputType].includes(url.protocol)) {
      throw new CheckUsageError(`${redactUrl(url.href)} cannot be a ${inputType} source (${SCHEMES_BY_TYPE[inputType].map((scheme) => `${scheme}//`).join(", ")})`);
    }
  }
  return inputType;
}

function listenAddress(url: URL): { address: string; port: number } {
  const address = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (isIP(address) === 0) throw new CheckUsageError(`${url.href}: listen on an IP address of this host (0.0.0.0, ::, or one of its addresses), not "${url.hostname}"`);
  const port = Number(url.port);
  if (url.port === "" || !Number.isInteger(port) || port < 1 || port > 65535) throw new CheckUsageError(`${url.href}: give the port to listen on (e.g. ${url.protocol}//0.0.0.0:5000)`);
  return { address, port };
}

function targetOf(url: URL, inputType: SupportedInputType, request: CheckRequest): CheckTarget {
  const shown = redactUrl(url.href);
  switch (inputType) {
    case "RTP_PUSH":
      return { kind: "rtp", shown, ...listenAddress(url) };
    case "RTMP_PUSH": {
      const streamName = decodeURIComponent(url.pathname.replace(/^\/+/, ""));
      if (!/^[^/]+\/[^/]+$/.test(streamName)) throw new CheckUsageError(`${shown}: give the stream name the encoder publishes, as app/instance (rtmp://0.0.0.0:1935/live/a)`);
      return { kind: "rtmp-push", shown, ...listenAddress(url), streamName };
    }
    case "SRT_LISTENER": {
      const passphrase = request.passphrase ?? "";
      if (passphrase.length < 10 || passphrase.length > 79) {
        throw new CheckUsageError("SRT_LISTENER inputs are always encrypted: give the encoder's --passphrase (10 to 79 characters)");
      }
      return { kind: "srt-listener", shown, ...listenAddress(url), passphrase };
    }
    case "SRT_CALLER": {
      if (url.port === "") throw new CheckUsageError(`${shown}: give the port of the upstream's SRT listener`);
      const streamId = url.searchParams.get("streamid") ?? undefined;
      return { kind: "pull", shown, url: url.href, srt: { address: url.hostname.replace(/^\[(.*)\]$/, "$1"), port: url.port, ...(streamId ? { streamId } : {}) } };
    }
    default:
      return { kind: "pull", shown, url: url.href };
  }
}

function checkedSpec(text: string): InputSpecification {
  const parsed = parseInputSpec(text);
  if (!parsed.ok) throw new CheckUsageError(parsed.reason);
  return parsed.spec;
}

function checkedSelector(text: string): CaptionSelectorName {
  const name = text.toLowerCase();
  if (!(name in CaptionSelectorNames)) throw new CheckUsageError(`unknown --caption-selector ${text}; one of ${Object.keys(CaptionSelectorNames).join(", ")}`);
  return name as CaptionSelectorName;
}
