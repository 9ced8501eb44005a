// Publishes the trick-play image tracks of the HLS groups (frameCaptureHlsSettings outputs,
// hls-image-stream.ts): the encoder writes each output's pictures, one per segment, into a
// staging folder of the pipeline; here each finished picture is given the output's next
// number (`<baseName><nameModifier><segmentModifier>_00001.jpg`, continuing what the folder's
// image playlist already lists, so an encoder restart does not reuse names), moved into the
// group's folder, and the image media playlist rewritten with the group's window
// (indexNSegments images) after it; pictures beyond keepSegments are deleted. Runs in the
// pipeline worker, beside the encoder, about once a second.

import { constants } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { EncoderPlan, PlannedGroup, PlannedImageStream } from "../encoder/plan-types.ts";
import { renderImagePlaylist, type ListedImage } from "./image-media-playlist.ts";
import { publish } from "./publish-master-playlists.ts";
import { escapeRegExp } from "./variable-identifiers.ts";

const IMAGE_DIGITS = 5;

/** `<imageStem>00042.jpg`. */
export const imageName = (stream: Pick<PlannedImageStream, "imageStem">, number: number): string => `${stream.imageStem}${String(number).padStart(IMAGE_DIGITS, "0")}.jpg`;

/** The images an image playlist lists, oldest first (names of `stream` only). */
export function listedImages(playlist: string, stream: Pick<PlannedImageStream, "imageStem">): ListedImage[] {
  const pattern = new RegExp(`^${escapeRegExp(stream.imageStem)}(\\d{${IMAGE_DIGITS},})\\.jpg$`);
  return playlist.split("\n").flatMap((line) => {
    const digits = pattern.exec(line.trim())?.[1];
    return digits === undefined ? [] : [{ name: line.trim(), number: Number(digits) }];
  });
}

/** The staged pictures of a stream (image2 names `<prefix>00001.jpg`), in the order the encoder wrote them. */
export function stagedPictures(names: readonly string[], stagingPrefix: string): string[] {
  const pattern = new RegExp(`^${escapeRegExp(stagingPrefix)}(\\d+)\\.jpg$`);
  return names
    .flatMap((name) => {
      const digits = pattern.exec(name)?.[1];
      return digits === undefined ? [] : [{ name, number: Number(digits) }];
    })
    .sort((a, b) => a.number - b.number)
    .map(({ name }) => name);
}

interface StreamState {
  /** Listed and kept images, oldest first (the last indexNSegments are listed). */
  kept: ListedImage[];
  next: number;
}

export class ImagePlaylists {
  /** Image playlist path → its state. */
  readonly #streams = new Map<string, StreamState>();
  #running = false;

  /** Before an encoder starts: staging folders exist and hold no picture of a previous encoder (its numbering starts again at 1). */
  prepare(plan: EncoderPlan): void {
    for (const { stream } of imageStreams(plan)) {
      mkdirSync(stream.stagingFolder, { recursive: true });
      for (const name of readdirSync(stream.stagingFolder)) if (name.startsWith(stream.stagingPrefix)) rmSync(path.join(stream.stagingFolder, name), { force: true });
    }
  }

  /** Moves the finished pictures into place and rewrites the playlists that changed; overlapping calls return at once. */
  async refresh(plan: EncoderPlan): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (const { group, stream } of imageStreams(plan)) await this.#refreshStream(group, stream);
    } finally {
      this.#running = false;
    }
  }

  async #refreshStream(group: PlannedGroup, stream: PlannedImageStream): Promise<void> {
    const folder = group.destination.folder;
    const playlistFile = path.join(folder, stream.playlistName);
    let state = this.#streams.get(playlistFile);
    if (!state) {
      state = await keptImages(folder, playlistFile, stream);
      this.#streams.set(playlistFile, state);
    }
    await mkdir(stream.stagingFolder, { recursive: true });
    const staged = stagedPictures(await readdir(stream.stagingFolder), stream.stagingPrefix);
    if (staged.length === 0) return;
    for (const stagedName of staged) {
      const image = { name: imageName(stream, state.next), number: state.next };
      await moveInto(path.join(stream.stagingFolder, stagedName), folder, image.name);
      state.kept.push(image);
      state.next += 1;
    }
    const expired = state.kept.splice(0, Math.max(0, state.kept.length - Math.max(group.keepSegments, group.indexNSegments)));
    const images = state.kept.slice(-group.indexNSegments);
    await publish(group.destination, stream.playlistName, renderImagePlaylist({ images, segmentLengthSec: group.segmentLengthSec, width: stream.width, height: stream.height }));
    for (const image of expired) await rm(path.join(folder, image.name), { force: true });
  }
}

/**
 * What a previous pipeline process left: the images its playlist lists, after the older ones
 * it still kept (beyond the window, up to keepSegments), which expire first. Numbering goes on
 * after the highest.
 */
async function keptImages(folder: string, playlistFile: string, stream: PlannedImageStream): Promise<StreamState> {
  const listed = listedImages(await readFile(playlistFile, "utf8").catch(() => ""), stream);
  const firstListed = listed[0]?.number ?? Number.POSITIVE_INFINITY;
  const older = listedImages((await readdir(folder).catch(() => [] as string[])).join("\n"), stream)
    .filter((image) => image.number < firstListed)
    .sort((a, b) => a.number - b.number);
  const kept = [...older, ...listed];
  return { kept, next: Math.max(0, ...kept.map((image) => image.number)) + 1 };
}

function imageStreams(plan: EncoderPlan): { group: PlannedGroup; stream: PlannedImageStream }[] {
  return plan.groups.flatMap((group) => (group.imageStreams ?? []).map((stream) => ({ group, stream })));
}

/** Renames `from` to `folder/name`; across file systems, copies to a temporary name first so the name appears complete. */
async function moveInto(from: string, folder: string, name: string): Promise<void> {
  const to = path.join(folder, name);
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    const temp = `${to}.tmp`;
    await copyFile(from, temp, constants.COPYFILE_EXCL);
    await rename(temp, to);
    await rm(from, { force: true });
  }
}
