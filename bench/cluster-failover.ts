// Failover time and coordination cost of the cluster (docs/cluster.md), on the namespace bed of
// the cluster tests (test/helpers/cluster-bed.ts: PostgreSQL and an API node in the root
// namespace, four workers in zones a and b each in its own network namespace, ffmpeg upstreams
// pushing RTP to a STANDARD channel's two endpoint addresses). Needs root and iproute2.
//
// 1. Steady state, over `--window` seconds with the channel RUNNING: the database's committed
//    transactions per second (pg_stat_database; every statement of the cluster code runs in
//    its own transaction or in one of a few statements) per running pipeline, and the CPU of
//    each worker's service process (the lease loop, reports and probe server; the pipelines run
//    in child processes), from /proc/<pid>/stat.
// 2. `--rounds` times: kill -9 of the worker holding pipeline 0, then the time until the first
//    segment after the last one published before the kill appears in the origin's playlist;
//    (the first one marked EXT-X-DISCONTINUITY: the killed worker's last upload may still land);
//    a replacement for the killed worker (same namespace and node id, new data dir) is started and
//    given a lease to be eligible before the next round.
//    Target: median ≤ lease + 2 s + one segment length; the ratio is printed.
//
//   npm run build && node --import tsx bench/cluster-failover.ts [--rounds 5] [--window 20]

import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { holderOf, logEntries, SEGMENT_S, startClusterBed, startClusterChannel, untilChannelState, untilClaimedAgain } from "../test/helpers/cluster-bed.ts";
import { netnsSkipReason } from "../test/helpers/netns.ts";
import { watchPlaylist } from "../test/helpers/playlist-watch.ts";
import { until } from "../test/helpers/until.ts";

const LEASE_MS = 6000;
const CLK_TCK = 100;

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, window: { type: "string", default: "20" } } });
const rounds = Number(values.rounds);
const windowS = Number(values.window);

const skip = netnsSkipReason();
if (skip !== undefined) {
  console.error(`cluster-failover: ${skip}`);
  process.exit(2);
}

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // proc(5): utime and stime are fields 14 and 15.
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** A log entry's wall-clock time (the service logs ISO strings, pipeline processes epoch milliseconds). */
const entryMs = (entry: Record<string, unknown>): number => (typeof entry.time === "number" ? entry.time : Date.parse(String(entry.time)));

/** Where the new holder's time went after the kill: its log's first entry of each step since `sinceMs`, as ms after it. */
const STEPS = [
  ["claimed", ["cluster: pipeline claimed"]],
  ["input active", ["active input"]],
  ["playlist read back", ["the encoder continues the published playlist", "the destination is further on than this folder's playlist (the pipeline ran elsewhere meanwhile): the encoder continues the destination's", "the destination's playlist was not read back: numbering continues from the clock, so that no segment name is used again"]],
  ["encoder started", ["encoder started"]],
] as const;

function stepTimes(node: Parameters<typeof logEntries>[0], channelId: string, sinceMs: number): string {
  return STEPS.map(([label, messages]) => {
    const found = messages
      .flatMap((message) => logEntries(node, message))
      .filter((entry) => entry.channelId === channelId && entry.pipeline === 0 && entryMs(entry) >= sinceMs)
      .map(entryMs)
      .sort((x, y) => x - y)[0];
    return `${label} ${found === undefined ? "?" : Math.round(found - sinceMs)}`;
  }).join(", ");
}

const median = (numbers: readonly number[]): number => {
  const sorted = [...numbers].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const bed = await startClusterBed({ databaseName: "cluster_bench" });
try {
  const channel = await startClusterChannel(bed, "bench");
  await untilChannelState(bed, channel.channelId, "RUNNING", 2, 60_000);
  const playlist = path.join(bed.api.dataDir, "origin-ingest", ...channel.folders[0].split("/").slice(2), "live_720p.m3u8");
  const watch = watchPlaylist(playlist, 50);
  await until("pipeline 0 publishing", () => (watch.lastNumber() >= 3 ? true : undefined), 30_000);

  // 1. Steady state.
  const stats = new pg.Client({ connectionString: bed.storeUrl });
  await stats.connect();
  const committed = async (): Promise<number> => {
    const { rows } = await stats.query<{ n: string }>("SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()");
    return Number(rows[0]!.n);
  };
  // pg_stat_database is updated by each backend at most every PGSTAT_MIN_INTERVAL (1 s) and at its transaction ends.
  const before = { transactions: await committed(), atMs: performance.now(), cpu: bed.workers.map((worker) => cpuSeconds(worker.process.child.pid!)) };
  await new Promise((resolve) => setTimeout(resolve, windowS * 1000));
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const elapsedS = (performance.now() - before.atMs) / 1000;
  const transactions = (await committed()) - before.transactions - 1;
  await stats.end();
  const perSecond = transactions / elapsedS;
  console.log(`steady state over ${elapsedS.toFixed(1)} s, 2 running pipelines, 4 workers, 1 API node:`);
  console.log(`  database: ${perSecond.toFixed(2)} transactions/s in all, ${(perSecond / 2).toFixed(2)} per running pipeline (pg_stat_database xact_commit + xact_rollback; includes the origin's epoch checks and the workers' heartbeats)`);
  bed.workers.forEach((worker, index) => {
    const held = [0, 1].filter((pipeline) => holderOf(bed, channel.channelId, pipeline)?.worker === worker).length;
    const cpu = (cpuSeconds(worker.process.child.pid!) - before.cpu[index]!) / elapsedS;
    console.log(`  ${worker.nodeId} service process (lease loop${held > 0 ? ", reports" : ""}; holds ${held}): ${(cpu * 100).toFixed(2)} % of one core`);
  });

  // 2. Failover rounds.
  const times: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const holder = holderOf(bed, channel.channelId, 0)!;
    const lastBefore = watch.lastNumber();
    const killedAtMs = performance.now();
    const killedAtEpochMs = Date.now();
    await holder.worker.process.stop("SIGKILL");
    const claimed = await untilClaimedAgain(bed, channel.channelId, 0, holder.epoch);
    const claimedMs = performance.now() - killedAtMs;
    // The killed worker's last upload may still land: the replacement's first segment is the one marked as a discontinuity.
    await until("a new segment", () => watch.segments().find((segment) => segment.number > lastBefore && segment.discontinuity), 60_000);
    const firstSegmentMs = performance.now() - killedAtMs;
    times.push(firstSegmentMs);
    console.log(`round ${round}: kill -9 of ${holder.worker.nodeId} → claimed by ${claimed.worker.nodeId} ${Math.round(claimedMs)} ms → first new segment ${Math.round(firstSegmentMs)} ms`);
    console.log(`  after the kill, ms (the new holder's log): ${stepTimes(claimed.worker.process, channel.channelId, killedAtEpochMs)}, first segment on the origin ${Math.round(Date.now() - killedAtEpochMs)}`);
    // A replacement machine for the killed worker (a new data dir: on its old one, a pipeline it ran before would
    // continue from its own stale encoder playlist, docs/cluster.md "Not done yet"), seeing the database for a lease.
    await holder.worker.restart({ fresh: true });
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 1000));
  }
  watch.close();
  const targetMs = LEASE_MS + 2000 + SEGMENT_S * 1000;
  const result = median(times);
  console.log(`kill -9 → first new segment: median ${Math.round(result)} ms of ${rounds} (${times.map((ms) => Math.round(ms)).join(", ")}); target ≤ ${targetMs} ms (lease ${LEASE_MS} + 2000 + segment ${SEGMENT_S * 1000}); ratio ${(result / targetMs).toFixed(2)}`);
  if (watch.problems.length > 0) console.log(`continuity problems: ${watch.problems.join("; ")}`);
} finally {
  await bed.close();
}
