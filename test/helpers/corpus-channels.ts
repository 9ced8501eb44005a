// The corpus of real MediaLive CreateChannel bodies (../shared/corpus/channels/ beside the
// clone, see its README): loading it, the inputs each configuration attached, and sorting
// a 422's refusals into "pending" (an output kind or destination openlive does not write
// yet), "MediaLive refuses this too" and anything else (a defect). Shared by the replay
// test, the per-configuration encoder-plan test and tools/corpus-report.ts.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SUPPORTED_SHAPES, UNSUPPORTED_DESTINATION_SCHEMES } from "../../src/domain/channels/supported-features.ts";
import { validateChannelConfig } from "../../src/domain/channels/validate-channel.ts";
import type { ValidationProblem } from "../../src/shared/errors.ts";
import type { SupportedInputType } from "../../src/domain/records.ts";
import { inputRecord } from "./input-record.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Where CI puts the corpus: ../shared/ beside the clone. OPENLIVE_CORPUS_DIR names another folder
 * (a git worktree, whose ../ is not the clone's).
 */
export const CORPUS_DIR = process.env.OPENLIVE_CORPUS_DIR || path.resolve(REPO_ROOT, "../shared/corpus/channels");

type Json = any;

export interface CorpusChannel {
  /** "01-awscli-example-hls-akamai.json" */
  readonly file: string;
  /** The CreateChannel body as written, input ids still INPUT_ID_n. */
  readonly request: Json;
  /** The input type the source attached, as openlive creates it (UDP_PUSH and MEDIACONNECT become RTP_PUSH); undefined: none. */
  readonly inputType: SupportedInputType | undefined;
  /** 2 for STANDARD (MediaLive's default class), 1 for SINGLE_PIPELINE. */
  readonly pipelines: 1 | 2;
  /** INPUT_ID_1, INPUT_ID_2 … in order of first use. */
  readonly inputPlaceholders: readonly string[];
}

/** Types openlive refuses by design, replaced as the corpus README says. */
const REPLACED_TYPES: Readonly<Record<string, SupportedInputType>> = { UDP_PUSH: "RTP_PUSH", MEDIACONNECT: "RTP_PUSH" };

/** Every configuration, by file name; throws (never skips) when ../shared/corpus is not beside the clone. */
export function loadCorpus(): CorpusChannel[] {
  if (!existsSync(CORPUS_DIR)) {
    throw new Error(`the corpus test needs ../shared/corpus/channels beside the clone (looked in ${CORPUS_DIR}); CI checks it out there, or set OPENLIVE_CORPUS_DIR`);
  }
  const files = readdirSync(CORPUS_DIR).filter((name) => name.endsWith(".json")).sort();
  if (files.length === 0) throw new Error(`${CORPUS_DIR} holds no configurations`);
  return files.map((file) => {
    const entry = JSON.parse(readFileSync(path.join(CORPUS_DIR, file), "utf8")) as { notes: string; request: Json };
    // The notes say "Input type(s) attached (from the source's input definitions): URL_PULL …" (or "none …").
    const named = /Input type\(s\) attached[^:]*:\s*([A-Z][A-Z0-9_]+)/.exec(entry.notes)?.[1];
    const inputType = named === undefined ? undefined : ((REPLACED_TYPES[named] ?? named) as SupportedInputType);
    const placeholders = [...new Set(JSON.stringify(entry.request).match(/INPUT_ID_\d+/g) ?? [])];
    return { file, request: entry.request, inputType, pipelines: entry.request.channelClass === "SINGLE_PIPELINE" ? 1 : 2, inputPlaceholders: placeholders };
  });
}

/** The body with each INPUT_ID_n replaced by its input's id, and nothing else changed. */
export function withInputIds(request: Json, ids: ReadonlyMap<string, string>): Json {
  return JSON.parse(JSON.stringify(request).replace(/INPUT_ID_\d+/g, (placeholder) => ids.get(placeholder) ?? placeholder));
}

export interface ValidatedChannel {
  readonly channel: CorpusChannel;
  /** The body with input ids 1000001, 1000002 … */
  readonly config: Json;
  /** What validateChannelConfig says (the API adds the model's checks and pull verification). */
  readonly problems: readonly ValidationProblem[];
}

/** Every configuration through the channel rules, its inputs stored records of the type and class its source attached. */
export function validatedCorpus(): ValidatedChannel[] {
  return loadCorpus().map((channel) => {
    const ids = new Map(channel.inputPlaceholders.map((placeholder, i) => [placeholder, String(1_000_001 + i)]));
    const inputClass = channel.pipelines === 2 ? "STANDARD" : "SINGLE_PIPELINE";
    const inputs = new Map([...ids.values()].map((id) => [id, inputRecord({ id, name: `corpus-${id}`, type: channel.inputType ?? "RTP_PUSH", inputClass })]));
    const config = withInputIds(channel.request, ids);
    return { channel, config, problems: validateChannelConfig(config, { inputs }) };
  });
}

// --- Sorting refusals ---------------------------------------------------------------------

/** Unions whose refused members name an output kind or destination kind. */
const KIND_SHAPES = ["OutputGroupSettings", "OutputSettings", "OutputDestination", "HlsCdnSettings", "HlsSettings"] as const;

/** A refused kind and the one list's reason for it. */
const REFUSED_KINDS: readonly (readonly [string, string])[] = KIND_SHAPES.flatMap((shape) => Object.entries((SUPPORTED_SHAPES[shape] as { refused?: Readonly<Record<string, string>> }).refused ?? {}));

/** Kinds the output issue adds: those the one list refuses as "not supported by openlive yet". */
export const PENDING_KINDS: ReadonlySet<string> = new Set(REFUSED_KINDS.filter(([, reason]) => /not supported by openlive yet/.test(reason)).map(([kind]) => kind));

/**
 * The other refused kinds name a resource openlive does not have (a multiplex, a MediaConnect
 * router): MediaLive refuses a channel whose output names one that does not exist.
 */
const ABSENT_RESOURCE_KINDS: ReadonlySet<string> = new Set(REFUSED_KINDS.map(([kind]) => kind).filter((kind) => !PENDING_KINDS.has(kind)));

/** Destination URL schemes of the output kinds still to come (S3/MediaStore archives, RTMP, SRT). */
export const PENDING_URL_SCHEMES: ReadonlySet<string> = new Set([...Object.keys(UNSUPPORTED_DESTINATION_SCHEMES), "rtmp:", "rtmps:", "srt:"]);

export interface Refusal {
  readonly elementPath: string;
  readonly errorMessage: string;
}

export interface SortedRefusals {
  /** Members refusing for a pending kind: kind names, or "<scheme>// URL". Sorted, unique. */
  readonly pending: readonly string[];
  /** Refusals MediaLive makes too, one reason each. Sorted, unique. */
  readonly mediaLive: readonly string[];
  /** Refusals inside an output or destination whose kind is refused already (they go or change with the kind). */
  readonly consequential: readonly Refusal[];
  /** Everything else: openlive refuses what MediaLive accepts. */
  readonly other: readonly Refusal[];
}

const ABSENT_RESOURCE_REASON = "MediaLive refuses a channel whose output names a multiplex or router that does not exist, and openlive has none";
/** MediaLive User Guide, "Creating a channel from scratch", Getting ready: the channel cannot be created without its inputs. */
const NO_ATTACHMENT_REASON = "no input attachments: MediaLive creates a channel only with its inputs (User Guide, Creating a channel from scratch); the export leaves them to the code that creates the channel";

/** Sorts a 422's validationErrors for `request` (the body as posted). */
export function sortRefusals(request: Json, refusals: readonly Refusal[]): SortedRefusals {
  const pending = new Set<string>();
  const mediaLive = new Set<string>();
  const absent = new Set<string>();
  const kindScopes: string[] = [];
  const rest: Refusal[] = [];
  for (const refusal of refusals) {
    const member = /\.(\w+)$/.exec(refusal.elementPath)?.[1] ?? "";
    const scheme = destinationScheme(request, refusal.elementPath);
    if (PENDING_KINDS.has(member) || (scheme !== undefined && PENDING_URL_SCHEMES.has(scheme))) {
      pending.add(PENDING_KINDS.has(member) ? member : `${scheme}// URL`);
      kindScopes.push(scopeOf(refusal.elementPath));
    } else if (ABSENT_RESOURCE_KINDS.has(member)) {
      absent.add(member);
      kindScopes.push(scopeOf(refusal.elementPath));
    } else if (refusal.elementPath === "inputAttachments" && !(request.inputAttachments?.length > 0)) {
      mediaLive.add(NO_ATTACHMENT_REASON);
    } else rest.push(refusal);
  }
  if (absent.size) mediaLive.add(`${[...absent].sort().join(", ")}: ${ABSENT_RESOURCE_REASON}`);
  // A destination written only by output groups of a refused kind shares their fate.
  for (const [index, destination] of (Array.isArray(request.destinations) ? request.destinations : []).entries()) {
    const users = (request.encoderSettings?.outputGroups ?? []).filter((group: Json) => JSON.stringify(group?.outputGroupSettings ?? {}).includes(`"destinationRefId":${JSON.stringify(destination?.id)}`));
    const groupIndexes = users.map((group: Json) => request.encoderSettings.outputGroups.indexOf(group));
    if (users.length > 0 && groupIndexes.every((i: number) => kindScopes.includes(`encoderSettings.outputGroups[${i}]`))) kindScopes.push(`destinations[${index}]`);
  }
  const consequential = rest.filter((refusal) => kindScopes.some((scope) => refusal.elementPath.startsWith(`${scope}.`) || refusal.elementPath.startsWith(`${scope}[`)));
  return { pending: [...pending].sort(), mediaLive: [...mediaLive].sort(), consequential, other: rest.filter((refusal) => !consequential.includes(refusal)) };
}

/** The output group, output or destination an element belongs to. */
function scopeOf(elementPath: string): string {
  return (
    /^encoderSettings\.outputGroups\[\d+\]\.outputs\[\d+\]/.exec(elementPath)?.[0] ??
    (/^encoderSettings\.outputGroups\[\d+\]\.outputGroupSettings\.\w+GroupSettings$/.test(elementPath) ? /^encoderSettings\.outputGroups\[\d+\]/.exec(elementPath)![0] : undefined) ??
    /^destinations\[\d+\]/.exec(elementPath)?.[0] ??
    elementPath
  );
}

/** The lower-case scheme ("s3:") of the URL at destinations[i].settings[j].url, if the refusal is there. */
function destinationScheme(request: Json, elementPath: string): string | undefined {
  const at = /^destinations\[(\d+)\]\.settings\[(\d+)\]\.url$/.exec(elementPath);
  const url = at ? request.destinations?.[Number(at[1])]?.settings?.[Number(at[2])]?.url : undefined;
  return typeof url === "string" ? /^([a-zA-Z][a-zA-Z0-9+.-]*:)/.exec(url)?.[1]?.toLowerCase() : undefined;
}

export type Classification = "accepted" | { readonly pending: readonly string[] } | { readonly refusedAsMediaLive: string } | { readonly refused: readonly Refusal[] };

/** accepted; pending (only pending kinds); refusedAsMediaLive (a refusal MediaLive makes too); refused (anything else). */
export function classify(request: Json, refusals: readonly Refusal[]): Classification {
  if (refusals.length === 0) return "accepted";
  const sorted = sortRefusals(request, refusals);
  if (sorted.other.length > 0) return { refused: sorted.other };
  if (sorted.mediaLive.length > 0) return { refusedAsMediaLive: sorted.mediaLive.join("; ") };
  return { pending: sorted.pending };
}
