// SCTE-35 pass-through in HLS MPEG-TS segments (m3u8Settings.scte35Behavior: PASSTHROUGH): each
// segment the encoder finishes (it renames `<segment>.tmp` to its name, hls_flags temp_file) is
// rewritten at once by the variant's SCTE-35 inserter (output/scte35/) and put back under its
// name atomically, so a reader sees the encoder's segment or the rewritten one, never a mix.
// One inserter per variant keeps the SCTE-35 PID's continuity counter running from segment to
// segment. fMP4 variants of a group that writes ad markers (adMarkers) get the splices as `emsg`
// boxes instead (fmp4-splice-events.ts): their playlists get no marker lines, so the segments
// carry the avails. fMP4 variants with timedMetadataBehavior PASSTHROUGH get their ID3 as
// `emsg` boxes the same way (fmp4-id3-events.ts). Runs in the pipeline worker.

import { watch, type FSWatcher } from "node:fs";
import { readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { Output, OutputGroup } from "../../model/generated/medialive-types.ts";
import { mp4Tracks } from "../../media/mp4/fragments.ts";
import type { TsSectionInserter } from "../../media/mpegts/section-inserter.ts";
import type { EncoderPlan } from "../encoder/plan-types.ts";
import { findOutputGroup } from "../output-group-key.ts";
import { MarkedSplices, outputScte35Pid, scte35Inserter } from "../scte35/scte35-passthrough.ts";
import { markedVideoTrack, withSpliceEvents } from "./fmp4-splice-events.ts";
import { MarkedId3, withId3Events } from "./fmp4-id3-events.ts";
import { fmp4HlsId3Carriage, id3CarriageKey } from "../encoder/timed-metadata-feeds.ts";
import type { SpliceMarkLog } from "./splice-mark-log.ts";

/** What failed, said in the log: which step of a segment's rewrite (the SCTE-35 or the ID3 one), or watching a folder. */
export interface PassingFailure {
  readonly what: string;
  readonly error: Error;
  /** The segment (or folder) it failed on. */
  readonly file: string;
}

/** A rewrite step's failure, named. */
class StepFailure extends Error {
  override readonly name = "StepFailure";
  constructor(
    readonly what: string,
    override readonly cause: Error,
  ) {
    super(`${what}: ${cause.message}`);
  }
}

/** `work`'s result; its error named `what`. */
function step<T>(what: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new StepFailure(what, error instanceof Error ? error : new Error(String(error)));
  }
}

/** Segment names remembered as rewritten (a rename of ours is reported by the watch too). */
const KEPT_NAMES = 1_024;

interface PassingVariant {
  /** The segment names' fixed start (the template up to its first conversion). */
  readonly prefix: string;
  /** ".ts" or ".mp4". */
  readonly extension: string;
  /** An fMP4 variant's initialization segment (no media segment). */
  readonly initName?: string;
  /** Absent: a variant of the group that passes no SCTE-35 (its prefix still claims its names). */
  readonly rewrite: ((file: string) => Promise<void>) | undefined;
  /** Rewrites of this variant, one after the other (the continuity counter runs in segment order). */
  queue: Promise<void>;
}

interface WatchedFolder {
  readonly watcher: FSWatcher;
  readonly variants: PassingVariant[];
}

export class HlsScte35Segments {
  readonly #config: ChannelConfig;
  readonly #log: SpliceMarkLog;
  readonly #onError: (failure: PassingFailure) => void;
  readonly #folders = new Map<string, WatchedFolder>();
  /** Variant key → its inserter, kept across encoder runs. */
  readonly #inserters = new Map<string, TsSectionInserter>();
  /** Variant key → the splices its fMP4 segments passed, kept across encoder runs. */
  readonly #fmp4Splices = new Map<string, MarkedSplices>();
  /** Variant key → the ID3 marks its fMP4 segments passed, kept across encoder runs. */
  readonly #fmp4Id3 = new Map<string, MarkedId3>();
  readonly #done = new Set<string>();

  constructor(config: ChannelConfig, log: SpliceMarkLog, onError: (failure: PassingFailure) => void) {
    this.#config = config;
    this.#log = log;
    this.#onError = onError;
  }

  /** Whether some MPEG-TS variant of the plan passes SCTE-35, or some fMP4 variant carries splices or ID3. */
  static wanted(config: ChannelConfig, plan: EncoderPlan): boolean {
    return plan.groups.some((group) =>
      group.variants.some((variant) => (variant.fmp4InitName === undefined ? variantScte35Pid(config, variant.outputGroupName, variant.outputName) !== undefined : fmp4CarriesSplices(config, variant.outputGroupName) || variantId3Carriage(config, variant.outputGroupName, variant.outputName) !== undefined)),
    );
  }

  /** Watches the plan's group folders (again, for a new encoder run). */
  follow(plan: EncoderPlan): void {
    this.close();
    for (const group of plan.groups) {
      const variants: PassingVariant[] = [];
      for (const variant of group.variants) {
        const key = `${group.name}/${variant.outputName}`;
        const prefix = variant.segmentTemplate.split("%")[0] ?? "";
        const folder = group.destination.folder;
        if (variant.fmp4InitName !== undefined) {
          const splices = fmp4CarriesSplices(this.#config, variant.outputGroupName) ? (this.#fmp4Splices.get(key) ?? new MarkedSplices(this.#log)) : undefined;
          if (splices) this.#fmp4Splices.set(key, splices);
          const carriage = variantId3Carriage(this.#config, variant.outputGroupName, variant.outputName);
          const id3 = carriage === undefined ? undefined : (this.#fmp4Id3.get(key) ?? new MarkedId3(carriage));
          if (id3) this.#fmp4Id3.set(key, id3);
          const initFile = path.join(folder, variant.fmp4InitName);
          const marks = { ...(splices ? { splices } : {}), ...(id3 ? { id3 } : {}) };
          variants.push({ prefix, extension: ".mp4", initName: variant.fmp4InitName, rewrite: splices || id3 ? (file) => rewriteFmp4Segment(file, initFile, marks) : undefined, queue: Promise.resolve() });
          continue;
        }
        const pid = variantScte35Pid(this.#config, variant.outputGroupName, variant.outputName);
        const inserter = pid === undefined ? undefined : (this.#inserters.get(key) ?? scte35Inserter(this.#log, pid));
        if (inserter) this.#inserters.set(key, inserter);
        variants.push({ prefix, extension: ".ts", rewrite: inserter && ((file) => rewriteSegment(file, inserter)), queue: Promise.resolve() });
      }
      if (!variants.some((variant) => variant.rewrite)) continue;
      const folder = group.destination.folder;
      try {
        const watcher = watch(folder, (_event, name) => {
          if (typeof name === "string") this.#segmentAppeared(folder, variants, name);
        });
        watcher.on("error", (error) => this.#onError({ what: "the output folder's segments are no longer watched: SCTE-35 and ID3 not passed into them", error, file: folder }));
        this.#folders.set(folder, { watcher, variants });
      } catch (error) {
        this.#onError({ what: "the output folder's segments are not watched: SCTE-35 and ID3 not passed into them", error: error as Error, file: folder });
      }
    }
  }

  /** Stops watching; rewrites under way finish. Idempotent. */
  close(): void {
    for (const { watcher } of this.#folders.values()) watcher.close();
    this.#folders.clear();
  }

  #segmentAppeared(folder: string, variants: readonly PassingVariant[], name: string): void {
    if (!name.endsWith(".ts") && !name.endsWith(".mp4")) return;
    // The longest prefix wins: "main_" and "main_hi_" are two variants.
    const variant = [...variants].sort((a, b) => b.prefix.length - a.prefix.length).find((candidate) => name.startsWith(candidate.prefix));
    const file = path.join(folder, name);
    const rewrite = variant?.rewrite;
    if (!variant || !rewrite || !name.endsWith(variant.extension) || name === variant.initName || this.#done.has(file)) return;
    this.#done.add(file);
    if (this.#done.size > KEPT_NAMES) this.#done.delete(this.#done.values().next().value as string);
    variant.queue = variant.queue
      .then(() => rewrite(file))
      .catch((error: Error) => this.#onError(error instanceof StepFailure ? { what: error.what, error: error.cause, file } : { what: "the segment's rewrite not written back", error, file }));
  }
}

/** fMP4 variants carry splices as emsg where their group writes ad markers. */
function fmp4CarriesSplices(config: ChannelConfig, groupName: string): boolean {
  return (findOutputGroup(config.encoderSettings?.outputGroups, groupName)?.outputGroupSettings?.hlsGroupSettings?.adMarkers?.length ?? 0) > 0;
}

function variantOutput(config: ChannelConfig, groupName: string, outputName: string): { group: OutputGroup; output: Output } | undefined {
  const group = findOutputGroup(config.encoderSettings?.outputGroups, groupName);
  const output = group?.outputs.find((candidate, index) => (candidate.outputName ?? `output${index}`) === outputName);
  return group && output ? { group, output } : undefined;
}

function variantScte35Pid(config: ChannelConfig, groupName: string, outputName: string): number | undefined {
  const found = variantOutput(config, groupName, outputName);
  return found ? outputScte35Pid(found.output) : undefined;
}

/** The carriage key of an fMP4 variant that passes ID3 through. */
function variantId3Carriage(config: ChannelConfig, groupName: string, outputName: string): string | undefined {
  const found = variantOutput(config, groupName, outputName);
  const settings = found?.group.outputGroupSettings.hlsGroupSettings;
  const kind = settings && fmp4HlsId3Carriage(settings, found.output.outputSettings.hlsOutputSettings?.hlsSettings.fmp4HlsSettings);
  return kind ? id3CarriageKey(kind) : undefined;
}

async function rewriteSegment(file: string, inserter: TsSectionInserter): Promise<void> {
  const bytes = await readFile(file).catch(() => undefined);
  if (!bytes) return; // expired already, or a name that was never a finished segment
  const parts = step("SCTE-35 not passed into an MPEG-TS segment", () => [inserter.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)), inserter.flush()]);
  await replaceFile(file, Buffer.concat(parts));
}

async function rewriteFmp4Segment(file: string, initFile: string, marks: { readonly splices?: MarkedSplices; readonly id3?: MarkedId3 }): Promise<void> {
  const [init, bytes] = await Promise.all([readFile(initFile).catch(() => undefined), readFile(file).catch(() => undefined)]);
  if (!init || !bytes) return;
  const video = markedVideoTrack(mp4Tracks(init));
  if (!video) return;
  const { splices, id3 } = marks;
  const spliced = splices && step("SCTE-35 not passed into an fMP4 segment (emsg)", () => withSpliceEvents(bytes, video, splices));
  const tagged = id3 && step("ID3 not passed into an fMP4 segment (emsg)", () => withId3Events(spliced ?? bytes, video, id3));
  const rewritten = tagged ?? spliced;
  if (rewritten) await replaceFile(file, rewritten);
}

/** `file` replaced by `bytes` atomically. */
async function replaceFile(file: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${file}.scte35.tmp`;
  // Created afresh ("wx"): a link planted under the temporary name is never written through.
  await unlink(temporary).catch(() => undefined);
  await writeFile(temporary, bytes, { flag: "wx" });
  await rename(temporary, file);
}
