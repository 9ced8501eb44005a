// What runs beside the encoder for a pipeline's archive or frame capture groups: their
// places resolved (folders made safe), a staging folder per group that the encoder writes
// into (the plan's destination for the group), and a StagedFiles per group that moves each
// finished file to its place under MediaLive's name and hands it to the group's sink.

import path from "node:path";
import { AlertCatalogue } from "../../shared/alerts.ts";
import type { OutputGroup } from "../../model/generated/medialive-types.ts";
import type { FileDestination } from "../encoder/plan-types.ts";
import { fileNamePart } from "../file-name-part.ts";
import type { SpliceMarkLog } from "../hls/splice-mark-log.ts";
import type { BesideContext, OutputBeside, OutputCounters } from "../output-kind.ts";
import { resolveFileGroupPlaces, type FileGroupPlace } from "./file-group-destinations.ts";
import { LOCAL_FILE_SINK, s3FileSink, type FinishedFileSink } from "./finished-file-sink.ts";
import { StagedFiles, type StagedOutput } from "./staged-files.ts";

/** How often finished files are looked for while the encoder runs. */
const COLLECT_INTERVAL_MS = 500;

export interface FileGroupKindSpec {
  readonly member: "archiveGroupSettings" | "frameCaptureGroupSettings";
  /** The pipeline work dir's subfolder for this kind's staging folders. */
  readonly stagingRoot: string;
  /** The group's outputs as staged and final names (baseName: the destination's base file name). */
  readonly outputs: (group: OutputGroup, baseName: string, spliceMarks?: SpliceMarkLog) => StagedOutput[];
  readonly cannedAcl: (group: OutputGroup) => string | undefined;
}

/** The staging folder of a group (the encoder's destination for it). */
export function stagingFolderOf(workDir: string, stagingRoot: string, groupName: string): string {
  return path.join(workDir, stagingRoot, fileNamePart(groupName));
}

export async function startFileGroupBeside(context: BesideContext, spec: FileGroupKindSpec): Promise<OutputBeside> {
  let places: FileGroupPlace[];
  try {
    places = resolveFileGroupPlaces(context.config, spec.member, context.pipelineIndex, context.roots, (folder, names) =>
      context.logger.warn({ folder, names }, "removed symbolic links or special files named like this output's files from its folder"),
    );
  } catch (error) {
    context.alert({ alertType: AlertCatalogue.OUTPUT_FAILED.alertType, message: `the output folder is refused: ${(error as Error).message}`, state: "SET", atMs: Date.now() });
    throw error;
  }
  return new FileGroupBeside(context, spec, places);
}

interface GroupFiles {
  readonly files: StagedFiles;
  readonly sink: FinishedFileSink;
}

class FileGroupBeside implements OutputBeside {
  readonly destinations: ReadonlyMap<string, FileDestination>;
  readonly #groups: GroupFiles[] = [];
  readonly #timer: NodeJS.Timeout | undefined;
  #failures = 0;
  #closing: Promise<void> | undefined;

  constructor(context: BesideContext, spec: FileGroupKindSpec, places: readonly FileGroupPlace[]) {
    const destinations = new Map<string, FileDestination>();
    for (const { groupName, group, destination } of places) {
      const stagingFolder = stagingFolderOf(context.workDir, spec.stagingRoot, groupName);
      const local = destination.kind === "file";
      const sink = local ? LOCAL_FILE_SINK : s3FileSink(destination, { objectStores: context.objectStores, alert: context.alert, groupName, cannedAcl: spec.cannedAcl(group) });
      const files = new StagedFiles({
        stagingFolder,
        placeFolder: local ? destination.folder : path.join(stagingFolder, "finished"),
        outputs: spec.outputs(group, destination.baseName, context.spliceMarks),
        sink,
        continueCounters: local,
        onError: (error) => {
          this.#failures += 1;
          context.logger.warn({ err: error, group: groupName }, "a finished file could not be moved to its place");
        },
      });
      this.#groups.push({ files, sink });
      destinations.set(groupName, { kind: "file", folder: stagingFolder, baseName: destination.baseName });
    }
    this.destinations = destinations;
    this.#timer = this.#groups.length ? setInterval(() => this.#collect(false), COLLECT_INTERVAL_MS) : undefined;
    this.#timer?.unref();
  }

  planned(): Promise<void> {
    return Promise.resolve();
  }

  /** Before every encoder run: what the previous run left in staging is finished, and the new run reuses its staged names. */
  encoderStarting(): void {
    this.#collect(true);
  }

  counters(): OutputCounters {
    return { segmentsPublished: this.#groups.reduce((sum, group) => sum + group.files.moved, 0), uploadFailures: this.#failures };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearInterval(this.#timer);
      this.#collect(true);
      for (const group of this.#groups) await group.files.settled();
      for (const group of this.#groups) await group.sink.close();
    })();
    return this.#closing;
  }

  #collect(encoderStopped: boolean): void {
    for (const group of this.#groups) group.files.collect(encoderStopped);
  }
}
