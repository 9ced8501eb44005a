// Writes the I-frame-only playlists of the HLS groups with iFrameOnlyPlaylists STANDARD:
// whenever a variant's media playlist changed, each newly listed segment is read and
// parsed once for its IDR byte range (iframe-range.ts), and `<variant>_iframes.m3u8` is
// rewritten atomically with the same window. Runs in the pipeline worker, beside the
// encoder; a segment already gone is left out until it is listed no more.

import { readFile } from "node:fs/promises";
import path from "node:path";
import type { EncoderPlan, FileDestination, PlannedVariant } from "../encoder/plan-types.ts";
import { iFramePlaylistName, parseMediaPlaylist, renderIFramePlaylist } from "./iframe-playlist.ts";
import { findIFrameRange, segmentVideo, type ByteRange } from "./iframe-range.ts";
import { publish } from "./publish-master-playlists.ts";

export class IFramePlaylists {
  /** Media playlist path → the text the I-frame playlist was last written from. */
  readonly #writtenFrom = new Map<string, string>();
  /** Media playlist path → segment URI → its IDR range (null: the segment has none). */
  readonly #ranges = new Map<string, Map<string, ByteRange | null>>();
  #running = false;

  /** Rewrites the I-frame playlists whose media playlist changed since the last call; overlapping calls return at once. */
  async refresh(plan: EncoderPlan): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (const group of plan.groups) {
        if (group.settings.iFrameOnlyPlaylists !== "STANDARD") continue;
        // fMP4 variants have none: the IDR ranges are found in MPEG-TS packets (iframe-range.ts).
        for (const variant of group.variants) if (variant.fmp4InitName === undefined) await this.#refreshVariant(group.destination, variant);
      }
    } finally {
      this.#running = false;
    }
  }

  async #refreshVariant(destination: FileDestination, variant: PlannedVariant): Promise<void> {
    const file = path.join(destination.folder, variant.playlistName);
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined || this.#writtenFrom.get(file) === text) return;
    const window = parseMediaPlaylist(text);
    const known = this.#ranges.get(file) ?? new Map<string, ByteRange | null>();
    const ranges = new Map<string, ByteRange | null>();
    for (const { uri } of window.segments) {
      const range = known.has(uri) ? known.get(uri) : await rangeOfSegment(path.join(destination.folder, path.posix.basename(uri)));
      if (range !== undefined) ranges.set(uri, range);
    }
    this.#ranges.set(file, ranges);
    const found = new Map([...ranges].flatMap(([uri, range]) => (range ? [[uri, range] as const] : [])));
    await publish(destination, iFramePlaylistName(variant.playlistName), renderIFramePlaylist(window, found));
    this.#writtenFrom.set(file, text);
  }
}

/** The segment's IDR range, null when it has none, undefined when it cannot be read (yet). */
async function rangeOfSegment(file: string): Promise<ByteRange | null | undefined> {
  const bytes = await readFile(file).catch(() => undefined);
  if (!bytes) return undefined;
  const video = segmentVideo(bytes);
  return (video && findIFrameRange(bytes, video)) ?? null;
}
