// A pull source (HLS, RTMP, SRT caller, MP4/TS files) behind the InputEdge shape: its TS goes
// through the TS demux stage; alerts and the pull state become edge events. A file:// source
// is confined to the input roots again at start (a link may have changed since the input
// was created). SCTE-35 not in the played TS joins the events here: a TS_FILE's own sections
// (ts-file-cues.ts, ts-url-cues.ts for http(s):// files: a read that fails is logged with its
// reason, and the file plays on without them), an HLS playlist's cue tags with scte35Source
// MANIFEST (which replace the segments' PID).

import { confineFileUrl } from "../../shared/input-paths-fs.ts";
import type { EdgeStats, InputEdge, InputEdgeEvent } from "../input-edge.ts";
import { openPullSource } from "../pull/open-pull-source.ts";
import type { PullSourceOptions } from "../pull/pull-source.ts";
import { readTsFileCues, TsFileCues, type TsFileCueList } from "../pull/ts-file-cues.ts";
import { readTsUrlCues } from "../pull/ts-url-cues.ts";
import { resolveCredentials } from "../source-access/source-credentials.ts";
import { TsUnits } from "../ts-units.ts";

/** An http(s):// TS file's answer to the sections' GET (its body then streams as long as it lasts). */
const URL_CUES_HEADERS_TIMEOUT_MS = 10_000;

/** TS packets are 188 bytes (ISO/IEC 13818-1 §2.4.3.2). */
const TS_PACKET_BYTES = 188;

export interface PullEdgeOptions extends Omit<PullSourceOptions, "onTs" | "onAlert" | "onState" | "onScte35"> {
  /** The URL to confine when it is a file: URL (the override, or the source's own). */
  readonly sourceUrl?: string;
  /** Folders file:// sources must lie in; unset: not confined here. */
  readonly inputRoots?: readonly string[];
  readonly onEvent: (event: InputEdgeEvent, nowMs: number) => void;
}

export function pullEdge(options: PullEdgeOptions): InputEdge {
  const units = new TsUnits();
  const { onEvent, sourceUrl, inputRoots, ...pullOptions } = options;
  // scte35Source MANIFEST: the playlist's cues replace the segments' SCTE-35 PID.
  const fromManifest = options.input.type === "URL_PULL" && options.hlsInputSettings?.scte35Source === "MANIFEST";
  // TS_FILE: ffmpeg drops the SCTE-35 PID; the file's own sections come in before their pictures.
  let fileCues: TsFileCues | undefined;
  const reading = new AbortController();
  const source = openPullSource({
    ...pullOptions,
    onTs: (bytes, nowMs) => {
      for (const event of units.push(bytes, nowMs)) {
        if (fromManifest && event.type === "scte35") continue;
        if (fileCues && event.type === "unit" && event.unit.kind === "video" && event.unit.pts90k !== null) {
          for (const cue of fileCues.picture(event.unit.pts90k)) onEvent({ type: "scte35", pid: cue.pid, section: cue.section }, nowMs);
        }
        onEvent(event, nowMs);
      }
    },
    onScte35: (section, nowMs) => onEvent({ type: "scte35", pid: null, section }, nowMs),
    onAlert: (alert) => onEvent({ type: "alert", alert }, alert.atMs),
    onState: (state) => onEvent({ type: "pull-state", state }, Date.now()),
  });
  // Read beside the playing child; sections placed before the first picture seen once it is read are past.
  const readCues = (list: Promise<TsFileCueList>): void =>
    void list.then(
      (read) => (fileCues = new TsFileCues(read)),
      (error: unknown) => {
        if (!reading.signal.aborted) options.logger?.warn({ reason: error instanceof Error ? error.message : String(error) }, "SCTE-35 sections of the TS file not read");
      },
    );
  return {
    start: async () => {
      const playedUrl = sourceUrl ?? options.url ?? options.input.sources[options.sourceIndex]?.url;
      if (sourceUrl !== undefined && inputRoots !== undefined && /^file:/i.test(sourceUrl)) {
        const confined = await confineFileUrl(sourceUrl, inputRoots);
        if (!confined.ok) throw new Error(`the file source ${sourceUrl} is refused: ${confined.reason}`);
        if (options.input.type === "TS_FILE") readCues(readTsFileCues(confined.path, reading.signal));
      } else if (options.input.type === "TS_FILE" && playedUrl !== undefined && /^https?:/i.test(playedUrl)) {
        const record = options.input.sources[options.sourceIndex];
        readCues(
          (async () => {
            const credentials = record ? await resolveCredentials(record, options.resolveSecret) : ({ ok: true } as const);
            if (!credentials.ok) throw new Error(credentials.reason);
            const { username, password } = credentials;
            return readTsUrlCues(playedUrl, { signal: reading.signal, headersTimeoutMs: URL_CUES_HEADERS_TIMEOUT_MS, ...(username !== undefined ? { username, password: password ?? "" } : {}) });
          })(),
        );
      }
      source.start();
    },
    close: () => {
      reading.abort();
      return source.close();
    },
    updateAllowList: () => {},
    stats: (): EdgeStats => ({
      bytesIn: source.stats.bytesIn,
      mediaBytes: units.mediaBytes,
      packetsIn: Math.floor(units.mediaBytes / TS_PACKET_BYTES),
      refused: 0,
      continuityErrors: units.continuityErrors,
    }),
  };
}
