// Reads an encoder plan's arguments back per output: the shared encode output (`-f tee`)
// carries each encoded stream once with stream-specific options (`-b:v:1`, `-c:a:0`); an
// output is a tee slave selecting some of those streams. `outputView` gives what one slave
// receives in the per-output form (`-b:v`, `-c:a:<k>` for its k-th audio, stream ids
// numbered within the slave), so assertions read as for a single ffmpeg output.

import assert from "node:assert/strict";
import type { EncoderPlan } from "../../../../src/output/encoder/encoder-plan.ts";
import { parseTeeTarget, type ParsedSlave } from "./tee-parse.ts";

/** The value following `option` in `args` (the first occurrence). */
export function valueOf(args: readonly string[], option: string): string | undefined {
  const i = args.indexOf(option);
  return i < 0 ? undefined : args[i + 1];
}

export function filterGraph(plan: EncoderPlan): string {
  return valueOf(plan.args, "-filter_complex")!;
}

/** The arguments of the shared encode output: from its first -map to `-f tee <target>` included. */
export function encodeArgs(plan: EncoderPlan): string[] {
  const args = [...plan.args];
  const tee = args.findIndex((arg, i) => arg === "-f" && args[i + 1] === "tee");
  assert.ok(tee >= 0, "no tee output");
  const start = args.indexOf("-map");
  assert.ok(start >= 0 && start < tee);
  return args.slice(start, tee + 3);
}

export function teeSlaves(plan: EncoderPlan): ParsedSlave[] {
  const args = encodeArgs(plan);
  return parseTeeTarget(args[args.length - 1]!);
}

/** Options of stream `type:index` with their specifier replaced by `type` + `suffix`. */
function streamOptions(args: readonly string[], type: "v" | "a", index: number, suffix: string): string[] {
  const own = new RegExp(`^(-[^:]+(?::s)?):${type}:${index}$`);
  const out: string[] = [];
  for (let i = 0; i < args.length - 1; i++) {
    const match = own.exec(args[i]!);
    if (match) out.push(`${match[1]}:${type}${suffix}`, args[i + 1]!);
  }
  return out;
}

export interface OutputView {
  readonly slave: ParsedSlave;
  /** The encoded streams the slave selects (indexes of the tee output). */
  readonly streamIndexes: readonly number[];
  /** -map of each selected stream, in the slave's order. */
  readonly maps: readonly string[];
  /** Encoder options of the slave's video (`-b:v` …) and audios (`-c:a:<k>` …). */
  readonly options: readonly string[];
  /** -streamid of the selected streams, numbered within the slave ("0:481", "1:492"). */
  readonly streamIds: readonly string[];
}

/** What tee slave `index` (0-based, in plan order) receives. */
export function outputView(plan: EncoderPlan, index: number): OutputView {
  const args = encodeArgs(plan);
  const slave = teeSlaves(plan)[index];
  assert.ok(slave, `no output ${index}`);
  const streamIndexes = slave.options.get("select")!.split(",").map(Number);
  const maps = args.flatMap((arg, i) => (arg === "-map" ? [args[i + 1]!] : []));
  const videoCount = maps.filter((map) => map.startsWith("[venc")).length;
  const ids = new Map(args.flatMap((arg, i) => (arg === "-streamid" ? [args[i + 1]!.split(":").map(Number) as [number, number]] : [])));
  const options: string[] = [];
  let audioInSlave = 0;
  for (const stream of streamIndexes) {
    if (stream < videoCount) options.push(...streamOptions(args, "v", stream, ""));
    else options.push(...streamOptions(args, "a", stream - videoCount, `:${audioInSlave++}`));
  }
  return { slave, streamIndexes, maps: streamIndexes.map((stream) => maps[stream]!), options, streamIds: streamIndexes.map((stream, k) => `${k}:${ids.get(stream)}`) };
}
