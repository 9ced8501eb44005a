// MediaLive's names of archive files: `<baseFilename><nameModifier>.<counter>.<extension>`,
// the counter six digits from 000000 (growing to seven after 999999), the extension
// `m2ts` unless the output sets one (MediaLive User Guide, "Fields for the output destination"
// of the archive output group).

import type { ArchiveOutputSettings } from "../../model/generated/medialive-types.ts";

export const ARCHIVE_COUNTER_DIGITS = 6;
export const ARCHIVE_DEFAULT_EXTENSION = "m2ts";
/** MediaLive's default rolloverInterval (seconds): a new file every 5 minutes. */
export const ARCHIVE_DEFAULT_ROLLOVER_SEC = 300;

/** A counted file of an output: `<prefix>.<counter>.<extension>`, counter zero-padded to `digits`. */
export interface CountedName {
  /** `<baseFilename><nameModifier>`. */
  readonly prefix: string;
  readonly digits: number;
  readonly extension: string;
}

export function countedFileName(name: CountedName, counter: number): string {
  return `${name.prefix}.${String(counter).padStart(name.digits, "0")}.${name.extension}`;
}

/** The counter of `fileName` when it is one of `name`'s files, else undefined. */
export function counterOf(name: CountedName, fileName: string): number | undefined {
  const head = `${name.prefix}.`;
  const tail = `.${name.extension}`;
  if (!fileName.startsWith(head) || !fileName.endsWith(tail) || fileName.length <= head.length + tail.length) return undefined;
  const digits = fileName.slice(head.length, fileName.length - tail.length);
  return digits.length >= name.digits && /^\d+$/.test(digits) ? Number(digits) : undefined;
}

/** An extension as given ("m2ts" or ".m2ts"), or the container's. */
export function archiveExtension(settings: ArchiveOutputSettings): string {
  const given = settings.extension?.replace(/^\./, "");
  return given ? given : ARCHIVE_DEFAULT_EXTENSION;
}

export function archiveName(baseName: string, settings: ArchiveOutputSettings): CountedName {
  return { prefix: `${baseName}${settings.nameModifier ?? ""}`, digits: ARCHIVE_COUNTER_DIGITS, extension: archiveExtension(settings) };
}
