// The output roots: the only folders where file:// destinations may publish. CreateChannel
// and UpdateChannel refuse a destination outside them (422), StartChannel refuses to run a
// channel stored before the roots were narrowed, and a pipeline makes its folders through
// `prepare`, which refuses links and folders other users can change (safe-folder.ts).

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import { parseHlsDestinationUrl } from "../../domain/channels/destination-url.ts";
import type { ValidationProblem } from "../../shared/errors.ts";
import { placeInRoots, rootNameOf, type RootPlace } from "./place-in-roots.ts";
import { removePlantedEntries, rootProblem, safeFolder } from "./safe-folder.ts";

export class OutputRoots {
  readonly roots: readonly string[];

  constructor(roots: readonly string[]) {
    this.roots = roots;
  }

  /** Why a root cannot be used (service start-up), one line per root. */
  rootProblems(): string[] {
    return this.roots.flatMap((root) => rootProblem(root) ?? []);
  }

  placeOf(folder: string): RootPlace | undefined {
    return placeInRoots(this.roots, folder);
  }

  /** One problem per file:// destination that is outside every root or not safe to publish into. */
  check(config: ChannelConfig): ValidationProblem[] {
    const problems: ValidationProblem[] = [];
    (config.destinations ?? []).forEach((destination, d) => {
      (destination?.settings ?? []).forEach((setting, i) => {
        const url = setting?.url ?? "";
        const parsed = parseHlsDestinationUrl(url);
        if (!parsed.ok || parsed.kind !== "file") return;
        const elementPath = `destinations[${d}].settings[${i}].url`;
        const reason = this.#folderProblem(parsed.folder);
        if (reason) problems.push({ elementPath, errorMessage: `${url}: ${reason}` });
      });
    });
    return problems;
  }

  /**
   * The folder, made and checked for publishing, cleared of links and special files named
   * like the output's files (`baseName`…); throws with the reason when it cannot be made safe.
   */
  prepare(folder: string, baseName: string, onRemoved?: (names: readonly string[]) => void): string {
    const place = this.placeOf(folder);
    if (!place) throw new Error(this.#outsideMessage());
    const unsafeRoot = rootProblem(place.root);
    if (unsafeRoot) throw new Error(unsafeRoot);
    const verdict = safeFolder(place.root, place.relative, { create: true });
    if (!verdict.ok) throw new Error(verdict.reason);
    const removed = removePlantedEntries(verdict.folder, baseName);
    if (removed.length) onRemoved?.(removed);
    return folder;
  }

  #folderProblem(folder: string): string | undefined {
    const place = this.placeOf(folder);
    if (!place) return this.#outsideMessage();
    // The root is checked again: an operator may have widened its mode since the start.
    const unsafeRoot = rootProblem(place.root);
    if (unsafeRoot) return `cannot publish there safely: ${unsafeRoot}`;
    const verdict = safeFolder(place.root, place.relative, { create: false });
    return verdict.ok ? undefined : `cannot publish there safely: ${verdict.reason}`;
  }

  #outsideMessage(): string {
    return `file:// destinations must lie inside an output root (${this.roots.join(", ")}); publish into a folder inside one, or add a root with --output-roots`;
  }
}

export { rootNameOf };
