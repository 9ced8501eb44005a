// Writes the ad markers (`adMarkers`: ELEMENTAL, ELEMENTAL_SCTE35, ADOBE) into the media
// playlists of the HLS groups that ask for them: whenever the encoder rewrote a variant's
// playlist, each newly listed MPEG-TS segment is read once for its splice marks, and the
// playlist is rewritten atomically with the marker lines (ad-marker-track.ts). The audio
// renditions of the group get the lines of its first video variant, segment for segment (the
// same media sequence numbers: every muxer of the group cuts on the same grid). Runs in the
// pipeline worker, beside the encoder.

import { readFile } from "node:fs/promises";
import path from "node:path";
import type { HlsAdMarkers } from "../../model/generated/medialive-types.ts";
import type { EncoderPlan, FileDestination, PlannedGroup } from "../encoder/plan-types.ts";
import { AdMarkerTrack, withMarkerLines } from "./ad-marker-track.ts";
import { publish } from "./publish-master-playlists.ts";
import { segmentSpliceMarks, type SegmentSpliceMark } from "./segment-splice-marks.ts";
import type { SpliceMarkLog } from "./splice-mark-log.ts";

export class AdMarkerPlaylists {
  readonly #log: SpliceMarkLog;
  /** Playlist path → its track. */
  readonly #tracks = new Map<string, AdMarkerTrack>();
  /** Playlist path → the text last written (a playlist still holding it needs nothing). */
  readonly #written = new Map<string, string>();
  /** Video playlist path → the marker lines last computed for it (its audio renditions follow them). */
  readonly #lines = new Map<string, Map<number, string[]>>();
  #running = false;

  constructor(log: SpliceMarkLog) {
    this.#log = log;
  }

  /** Whether a group writes ad markers. */
  static wanted(group: PlannedGroup): boolean {
    return (group.settings.adMarkers?.length ?? 0) > 0;
  }

  /** Marks the playlists the encoder rewrote since the last call; overlapping calls return at once. */
  async refresh(plan: EncoderPlan): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (const group of plan.groups) if (AdMarkerPlaylists.wanted(group)) await this.#refreshGroup(group);
    } finally {
      this.#running = false;
    }
  }

  async #refreshGroup(group: PlannedGroup): Promise<void> {
    const styles = [...new Set(group.settings.adMarkers ?? [])];
    let groupLines: Map<number, string[]> | undefined;
    // fMP4 variants carry no MPEG-TS to read marks from (docs/ads-and-schedule.md).
    for (const variant of group.variants) {
      if (variant.fmp4InitName !== undefined) continue;
      const lines = await this.#refreshVariant(group.destination, variant.playlistName, styles);
      groupLines ??= lines;
    }
    if (!groupLines) return;
    for (const rendition of group.audioRenditions ?? []) await this.#mark(group.destination, rendition.playlistName, () => groupLines);
  }

  async #refreshVariant(destination: FileDestination, playlistName: string, styles: readonly HlsAdMarkers[]): Promise<Map<number, string[]> | undefined> {
    const file = path.join(destination.folder, playlistName);
    const track = this.#tracks.get(file) ?? new AdMarkerTrack();
    this.#tracks.set(file, track);
    await this.#mark(destination, playlistName, async (text) => {
      const marks = new Map<string, readonly SegmentSpliceMark[]>();
      for (const uri of track.unread(text)) {
        const bytes = await readFile(path.join(destination.folder, path.posix.basename(uri))).catch(() => undefined);
        if (bytes) marks.set(uri, segmentSpliceMarks(bytes));
      }
      track.observe(text, marks, (markId) => this.#log.get(markId));
      const lines = mergeStyles(styles.map((style) => track.linesBySequence(text, style)));
      this.#lines.set(file, lines);
      return lines;
    });
    return this.#lines.get(file);
  }

  /** Rewrites one playlist with the lines `linesFor` gives for its current text, unless it already is. */
  async #mark(destination: FileDestination, playlistName: string, linesFor: (text: string) => Map<number, string[]> | undefined | Promise<Map<number, string[]> | undefined>): Promise<void> {
    const file = path.join(destination.folder, playlistName);
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined || this.#written.get(file) === text) return;
    const lines = await linesFor(text);
    if (!lines) return;
    const marked = withMarkerLines(text, lines);
    if (marked !== text) await publish(destination, playlistName, marked);
    this.#written.set(file, marked);
  }
}

function mergeStyles(perStyle: readonly Map<number, string[]>[]): Map<number, string[]> {
  const merged = new Map<number, string[]>();
  for (const lines of perStyle) for (const [sequence, each] of lines) merged.set(sequence, [...(merged.get(sequence) ?? []), ...each]);
  return merged;
}
