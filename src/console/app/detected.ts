// Detected input properties side by side: DescribeInput's detectedProperties (one entry per
// pipeline reading the input) flattened into rows of label → value per pipeline, with the rows
// whose values differ between pipelines marked. Bitrates differ a little all the time, so they
// count as different only beyond 10 %, as the "Redundant Sources Differ" alert does.

import type { DetectedProperties } from "./wire.ts";

export interface PropertyRow {
  readonly label: string;
  /** One value per column (pipeline), "" when that pipeline did not detect it. */
  readonly values: readonly string[];
  readonly mismatch: boolean;
  /** The values are ISO times (shown as local times). */
  readonly time?: boolean;
}

const BITRATE_TOLERANCE = 0.1;

type Getter = (entry: DetectedProperties) => string;

function field(record: Readonly<Record<string, unknown>> | undefined, name: string): string {
  const value = record?.[name];
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function list(values: readonly number[] | undefined): string {
  return values && values.length ? values.join(", ") : "none";
}

function videoRows(count: number): [string, Getter][] {
  const rows: [string, Getter][] = [];
  for (let i = 0; i < count; i++) {
    const prefix = count > 1 ? `Video ${i + 1}` : "Video";
    const at = (entry: DetectedProperties): Readonly<Record<string, unknown>> | undefined => entry.video?.[i];
    rows.push(
      [`${prefix} codec`, (e) => field(at(e), "codec") + (field(at(e), "description") ? ` (${field(at(e), "description")})` : "")],
      [`${prefix} profile / level`, (e) => [field(at(e), "profile"), field(at(e), "level")].filter(Boolean).join(" / ")],
      [`${prefix} resolution`, (e) => (at(e)?.width !== undefined ? `${field(at(e), "width")}x${field(at(e), "height")}` : "")],
      [`${prefix} frame rate`, (e) => (typeof at(e)?.frameRate === "number" ? `${Math.round((at(e)!.frameRate as number) * 1000) / 1000} fps` : "")],
      [`${prefix} scan`, (e) => (at(e) === undefined ? "" : at(e)!.interlaced === true ? "interlaced" : "progressive")],
    );
  }
  return rows;
}

function audioRows(count: number): [string, Getter][] {
  const rows: [string, Getter][] = [];
  for (let i = 0; i < count; i++) {
    const prefix = `Audio ${i + 1}`;
    const at = (entry: DetectedProperties): Readonly<Record<string, unknown>> | undefined => entry.audio?.[i];
    rows.push(
      [`${prefix} codec`, (e) => [field(at(e), "codec"), field(at(e), "profile")].filter(Boolean).join(" ") + (field(at(e), "description") ? ` (${field(at(e), "description")})` : "")],
      [`${prefix} channels`, (e) => field(at(e), "channels")],
      [`${prefix} sample rate`, (e) => (at(e)?.sampleRateHz !== undefined ? `${field(at(e), "sampleRateHz")} Hz` : "")],
    );
  }
  return rows;
}

function bitratesDiffer(entries: readonly (DetectedProperties | undefined)[]): boolean {
  const rates = entries.map((entry) => entry?.bitrateBps).filter((rate): rate is number => typeof rate === "number" && rate > 0);
  if (rates.length < 2) return false;
  const max = Math.max(...rates);
  const min = Math.min(...rates);
  return (max - min) / max > BITRATE_TOLERANCE;
}

/** The columns (pipeline ids, ascending) and the rows of the comparison. */
export function compareDetected(detected: readonly DetectedProperties[]): { columns: string[]; rows: PropertyRow[] } {
  const columns = [...new Set(detected.map((entry) => entry.pipelineId))].sort();
  const byColumn = columns.map((id) => detected.find((entry) => entry.pipelineId === id));
  const videoCount = Math.max(0, ...detected.map((entry) => entry.video?.length ?? 0));
  const audioCount = Math.max(0, ...detected.map((entry) => entry.audio?.length ?? 0));
  const getters: [string, Getter][] = [
    ...videoRows(videoCount),
    ...audioRows(audioCount),
    ["CEA-608 channels", (e) => list(e.captions?.cea608Channels)],
    ["CEA-708 services", (e) => list(e.captions?.cea708Services)],
    ["DVB-Sub PIDs", (e) => list(e.captions?.dvbSubPids)],
    ["Teletext PIDs", (e) => list(e.captions?.teletextPids)],
    ["SCTE-27 PIDs", (e) => list(e.captions?.scte27Pids)],
    ["SCTE-35 PIDs", (e) => list(e.scte35Pids)],
  ];
  const rows: PropertyRow[] = getters.map(([label, get]) => {
    const values = byColumn.map((entry) => (entry ? get(entry) : ""));
    return { label, values, mismatch: columns.length > 1 && new Set(values).size > 1 };
  });
  rows.push({
    label: "Bitrate",
    values: byColumn.map((entry) => (typeof entry?.bitrateBps === "number" ? `${(entry.bitrateBps / 1e6).toFixed(2)} Mb/s` : "")),
    mismatch: bitratesDiffer(byColumn),
  });
  rows.push({ label: "Detected at", values: byColumn.map((entry) => entry?.detectedAt ?? ""), mismatch: false, time: true });
  return { columns, rows };
}
