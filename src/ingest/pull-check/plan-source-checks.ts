// Which sources of which attached inputs get checked, and how. Pure.
// Push inputs are skipped (openlive listens for them; nothing to contact), and so are
// dynamic MP4/TS sources, whose URL is only complete when a schedule switch supplies the
// $urlPath$ part.

import { DYNAMIC_URL_TOKEN } from "../../domain/input-rules.ts";
import type { InputRecord, PullSourceRecord, SrtCallerSourceRecord } from "../../domain/records.ts";
import type { FileContainer } from "./check-file-source.ts";
import { srtSourceLabel, type NotReadySubject } from "./not-ready-message.ts";

export type SourceCheck =
  | { readonly kind: "hls"; readonly source: PullSourceRecord }
  | { readonly kind: "rtmp"; readonly source: PullSourceRecord }
  | { readonly kind: "file"; readonly container: FileContainer; readonly source: PullSourceRecord }
  | { readonly kind: "srt"; readonly source: SrtCallerSourceRecord };

export interface PlannedCheck {
  readonly elementPath: string;
  readonly subject: NotReadySubject;
  readonly check: SourceCheck;
}

export interface PlanTarget {
  readonly attachmentName: string;
  readonly elementPath: string;
  readonly input: InputRecord;
}

export function planSourceChecks(targets: readonly PlanTarget[]): PlannedCheck[] {
  return targets.flatMap((target) => checksForInput(target.input).map(({ check, sourceLabel }) => ({
    elementPath: target.elementPath,
    subject: { attachmentName: target.attachmentName, inputId: target.input.id, sourceLabel },
    check,
  })));
}

interface InputCheck {
  readonly check: SourceCheck;
  readonly sourceLabel: string;
}

function checksForInput(input: InputRecord): InputCheck[] {
  const urlChecks = (make: (source: PullSourceRecord) => SourceCheck): InputCheck[] =>
    input.sources.filter((source) => !source.url.includes(DYNAMIC_URL_TOKEN)).map((source) => ({ check: make(source), sourceLabel: source.url }));
  switch (input.type) {
    case "URL_PULL":
      return urlChecks((source) => ({ kind: "hls", source }));
    case "RTMP_PULL":
      return urlChecks((source) => ({ kind: "rtmp", source }));
    case "MP4_FILE":
      return urlChecks((source) => ({ kind: "file", container: "mp4", source }));
    case "TS_FILE":
      return urlChecks((source) => ({ kind: "file", container: "ts", source }));
    case "SRT_CALLER":
      return input.srtCallerSources.map((source) => ({
        check: { kind: "srt", source },
        sourceLabel: srtSourceLabel(source.srtListenerAddress, source.srtListenerPort, source.streamId),
      }));
    default:
      return [];
  }
}
