// The whole cluster as a network of machines on one host (test/helpers/cluster-bed.ts):
// PostgreSQL and one API node in the root namespace, four workers (zones a and b, two each)
// each in its own network namespace on a bridge, and two ffmpeg upstreams in the root
// namespace pushing RTP to the two endpoint addresses of a STANDARD RTP_PUSH input. The
// cluster is set up once and the failures run in sequence on one channel:
//   1. kill -9 of the worker holding pipeline 0: its zone peer takes the pipeline and the
//      endpoint address, the upstream keeps sending to the same address, the published media
//      sequence continues with a discontinuity, hls.js plays the redundant master through it;
//   2. the holder of pipeline 1 paused (every process of its machine SIGSTOPped) past its
//      lease, then resumed: the origin refuses its epoch and it stops;
//   3. PostgreSQL stopped for 30 s (pg_ctl stop -m fast, then start): nothing stops, both
//      pipelines keep publishing, the cluster renews and answers again after;
//   4. zone a's links down: pipeline 1 carries the channel, the API node says RECOVERING and
//      ListAlerts names the unheld pipeline and its zone; StopChannel then makes it IDLE.
//
// The channel is output locked (EPOCH_LOCKING): before and after the move of pipeline 0, the
// segments both pipelines list under one media sequence number have the same name and first
// frames within one frame of each other and of their epoch boundary (decoded with ffprobe).
//
// Needs root and iproute2; without them it skips, saying why.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ListAlertsCommand, StopChannelCommand } from "@aws-sdk/client-medialive";
import pg from "pg";
import { holderOf, logEntries, SEGMENT_S, startClusterBed, startClusterChannel, untilChannelState, untilClaimedAgain, type ClusterBed, type ClusterChannel, type ClusterWorkerNode } from "../../helpers/cluster-bed.ts";
import { firstFramePts, ticksOffEpoch, wrapDistance } from "../../helpers/locked-segments.ts";
import { launchHlsPlayerAhead, type PlayerLaunch } from "../../helpers/hls-player.ts";
import { netnsSkipReason } from "../../helpers/netns.ts";
import { makeTempDir, REPO_ROOT } from "../../helpers/openlive-process.ts";
import { watchPlaylist, type PlaylistWatch } from "../../helpers/playlist-watch.ts";
import { until } from "../../helpers/until.ts";
import { parseMediaPlaylist } from "../../../src/output/hls/iframe-playlist.ts";

const skip = netnsSkipReason();
const LEASE_MS = 6000;
const OUTAGE_MS = 30_000;

/** Every process of the worker's namespace: its machine. */
function machinePids(worker: ClusterWorkerNode): number[] {
  const listed = spawnSync("ip", ["netns", "pids", worker.host.namespace], { encoding: "utf8" });
  return listed.stdout.split("\n").filter(Boolean).map(Number);
}

function signalMachine(worker: ClusterWorkerNode, signal: NodeJS.Signals): void {
  for (const pid of machinePids(worker)) {
    try {
      process.kill(pid, signal);
    } catch {
      // exited meanwhile
    }
  }
}

async function addressesOf(worker: ClusterWorkerNode): Promise<string> {
  return (await worker.host.exec(["ip", "-4", "-o", "addr", "show", "dev", "eth0"])).stdout;
}

const endpointAddress = (url: string): string => new URL(url).hostname;

describe("a STANDARD channel on four workers in two zones, each in its own network namespace", { skip, timeout: 240_000 }, () => {
  let bed: ClusterBed;
  let channel: ClusterChannel;
  let player: PlayerLaunch | undefined;
  const watches: PlaylistWatch[] = [];
  const startedAtMs = performance.now();

  /** The pipeline's published media playlist on the API node's origin. */
  const playlistFile = (pipeline: 0 | 1): string => path.join(bed.api.dataDir, "origin-ingest", ...channel.folders[pipeline].split("/").slice(2), "live_720p.m3u8");
  const holder = (pipeline: 0 | 1) => {
    const found = holderOf(bed, channel.channelId, pipeline);
    assert.ok(found, `a holder of pipeline ${pipeline}`);
    return found;
  };
  const clusterNodes = (): Record<string, number> => {
    const result = spawnSync(path.join(REPO_ROOT, "openlive"), ["cluster", "nodes", "--store", bed.storeUrl], { cwd: REPO_ROOT, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    return Object.fromEntries((JSON.parse(result.stdout) as { nodes: { nodeId: string; heldPipelines: number }[] }).nodes.map((node) => [node.nodeId, node.heldPipelines]));
  };
  /** A published segment file of the pipeline on the API node's origin. */
  const segmentFile = (pipeline: 0 | 1, uri: string): string => path.join(path.dirname(playlistFile(pipeline)), uri);
  /**
   * Output locking across the two workers: the first and the newest two media sequence numbers
   * from `fromNumber` that both pipelines list now have the same segment name, and first frames within
   * one frame of each other and of the number's epoch boundary. Returns how many were compared.
   */
  const compareLocked = async (fromNumber: number, what: string, t: { diagnostic(message: string): void }): Promise<number> => {
    const frame90k = 90_000 / channel.framesPerSecond;
    const ones = new Map(watches[1]!.segments().map((segment) => [segment.number, segment]));
    // Only what both playlists list now: a segment that left a window may already be deleted (KeepSegments).
    const windowStart = Math.max(fromNumber, ...watches.map((watch) => parseMediaPlaylist(watch.versions.at(-1)?.text ?? "").mediaSequence));
    const listed = watches[0]!.segments().filter((segment) => segment.number >= windowStart && ones.has(segment.number));
    const common = [...new Set([listed[0], ...listed.slice(-2)])].filter((segment) => segment !== undefined);
    for (const zero of common) {
      const one = ones.get(zero.number)!;
      assert.equal(one.uri, zero.uri, `${what}: segment ${zero.number} has the same name in both pipelines`);
      const [pts0, pts1] = await Promise.all([firstFramePts(segmentFile(0, zero.uri)), firstFramePts(segmentFile(1, one.uri))]);
      const apart = wrapDistance(pts0, pts1);
      const offEpoch = [ticksOffEpoch(pts0, zero.number, SEGMENT_S), ticksOffEpoch(pts1, one.number, SEGMENT_S)];
      t.diagnostic(`${what}: segment ${zero.number} (${zero.uri}) first frames ${apart} ticks apart, ${offEpoch.join(" and ")} ticks off the epoch boundary`);
      assert.ok(apart <= frame90k, `${what}: segment ${zero.number}: first frames ${apart} ticks apart, at most one frame (${frame90k})`);
      for (const off of offEpoch) assert.ok(off <= frame90k, `${what}: segment ${zero.number}: a first frame ${off} ticks off its epoch boundary, at most one frame`);
    }
    return common.length;
  };
  /** Resolves once the pipeline's playlist lists `count` more segments than now. */
  const advances = (watch: PlaylistWatch, count: number, timeoutMs: number, what: string) => {
    const from = watch.lastNumber();
    return until(`${what}: ${count} new segments after ${from}`, () => (watch.lastNumber() >= from + count ? watch.lastNumber() : undefined), timeoutMs);
  };

  before(async () => {
    player = launchHlsPlayerAhead();
    bed = await startClusterBed({ databaseName: "cluster_netns" });
  });

  after(async () => {
    for (const watch of watches) watch.close();
    // What each node and playlist said, kept for a failure's story.
    const logs = makeTempDir("openlive-cluster-netns-logs-");
    for (const node of [bed.api, ...bed.workers.map((worker) => worker.process)]) writeFileSync(path.join(logs, `${path.basename(node.dataDir)}.log`), node.logs());
    watches.forEach((watch, pipeline) => writeFileSync(path.join(logs, `p${pipeline}.m3u8.log`), watch.versions.map((version) => `@${version.atMs}\n${version.text}`).join("\n")));
    process.stdout.write(`# logs in ${logs}\n`);
    await player?.close();
    await bed?.close();
  });

  it("runs one pipeline in each zone, on the endpoint addresses of the zones' pools", async (t) => {
    const setupMs = performance.now() - startedAtMs;
    channel = await startClusterChannel(bed, "netns", { outputLockingMode: "EPOCH_LOCKING" });
    const startMs = performance.now();
    const running = await untilChannelState(bed, channel.channelId, "RUNNING", 2, 60_000);
    t.diagnostic(`cluster up in ${Math.round(setupMs)} ms; RUNNING ${Math.round(performance.now() - startMs)} ms after StartChannel`);
    assert.deepEqual(running.PipelineDetails!.map((detail) => [detail.PipelineId, detail.ActiveInputAttachmentName]), [["0", "main"], ["1", "main"]]);
    assert.deepEqual(channel.endpoints.map(endpointAddress), [bed.pools.a[0], bed.pools.b[0]], "endpoint 0 from zone a's pool, endpoint 1 from zone b's");
    const [zero, one] = [holder(0), holder(1)];
    assert.equal(zero.worker.zone, "a");
    assert.equal(one.worker.zone, "b");
    assert.match(await addressesOf(zero.worker), new RegExp(`inet ${bed.pools.a[0]!.replaceAll(".", "\\.")}/`));
    assert.match(await addressesOf(one.worker), new RegExp(`inet ${bed.pools.b[0]!.replaceAll(".", "\\.")}/`));
    // One pipeline on each of two workers; the API node runs none and does not register.
    const held = clusterNodes();
    assert.deepEqual(Object.keys(held).sort(), bed.workers.map((worker) => worker.nodeId));
    assert.deepEqual(Object.fromEntries(Object.entries(held).filter(([, count]) => count > 0)), { [zero.worker.nodeId]: 1, [one.worker.nodeId]: 1 });
    assert.deepEqual(logEntries(bed.api, "cluster: pipeline claimed"), []);
    for (const pipeline of [0, 1] as const) watches[pipeline] = watchPlaylist(playlistFile(pipeline));
    await Promise.all([advances(watches[0]!, 3, 30_000, "pipeline 0"), advances(watches[1]!, 3, 30_000, "pipeline 1")]);
    // Each pipeline's first segment may begin before its first boundary: compared from the next.
    const firstCommon = Math.max(watches[0]!.segments()[0]!.number, watches[1]!.segments()[0]!.number) + 1;
    const compared = await until("three locked segments listed by both pipelines", async () => ((await compareLocked(firstCommon, "locked on two workers", t)) >= 3 ? true : undefined), 15_000);
    assert.ok(compared);
  });

  it("kill -9 of pipeline 0's worker: its zone peer takes the pipeline and the address, the media sequence continues, hls.js plays through", async (t) => {
    const before = holder(0);
    const masterUrl = `${bed.api.originUrl}/${channel.folders[0]}/live.m3u8`;
    const playing = (await player!.ready).play(masterUrl, { watchMs: 30_000, untilPlayedSeconds: 14 });
    await until("hls.js playing", () => (watches[0]!.lastNumber() >= 0 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const lastBefore = watches[0]!.lastNumber();
    const killedAtMs = performance.now();
    await before.worker.process.stop("SIGKILL");
    const after = await untilClaimedAgain(bed, channel.channelId, 0, before.epoch);
    const claimedMs = performance.now() - killedAtMs;
    assert.equal(after.worker.zone, "a", "taken by the zone peer (the endpoint address lives in zone a)");
    assert.notEqual(after.worker.nodeId, before.worker.nodeId);
    // The killed worker's last segment may still land (its upload was under way): the new holder's first is the one marked.
    const firstNew = await until("a new segment from the new holder", () => watches[0]!.segments().find((segment) => segment.number > lastBefore && segment.discontinuity), 30_000);
    const firstNewMs = performance.now() - killedAtMs;
    t.diagnostic(`kill -9 → claimed by ${after.worker.nodeId} ${Math.round(claimedMs)} ms, → first new segment ${Math.round(firstNewMs)} ms (lease ${LEASE_MS} ms)`);
    assert.match(await addressesOf(after.worker), new RegExp(`inet ${bed.pools.a[0]!.replaceAll(".", "\\.")}/`), "the peer holds the endpoint address");
    // The upstream was never touched: the same ffmpeg still sends to the same address.
    assert.equal(channel.upstreams[0]!.exitCode, null);
    assert.equal(channel.upstreams[0]!.signalCode, null);
    assert.ok(firstNew.discontinuity, `the first new segment ${firstNew.uri} (${firstNew.number}) is marked EXT-X-DISCONTINUITY`);
    // Locked, the new holder numbers from the epoch: forward from the killed worker's last, the number of its start instant.
    const nowS = Date.now() / 1000;
    assert.ok(firstNew.number * SEGMENT_S <= nowS && firstNew.number * SEGMENT_S > nowS - 30, `the first new segment's number ${firstNew.number} is its start in segment lengths since the epoch (now ${nowS.toFixed(1)})`);
    t.diagnostic(`the media sequence went from ${lastBefore} to ${firstNew.number} (the time between the kill and the new holder's first boundary)`);
    const report = await playing;
    assert.deepEqual(watches[0]!.problems, []);
    assert.deepEqual(report.fatalErrors, [], JSON.stringify(report));
    assert.ok(report.playedSeconds >= 12, `hls.js played ${report.playedSeconds} s through the move (${JSON.stringify(report.timeline.slice(-5))})`);
    // The new holder's playlist keeps coming from the upstream on the same address.
    await advances(watches[0]!, 2, 15_000, "pipeline 0 on the new holder");
    // The moved pipeline cuts the same segments as its peer in zone b, its first one included.
    const compared = await until("three locked segments after the move", async () => ((await compareLocked(firstNew.number, "locked after the move", t)) >= 3 ? true : undefined), 15_000);
    assert.ok(compared);
  });

  it("a worker paused past its lease is replaced; resumed, it publishes nothing more (the origin refuses its epoch) and stops", async (t) => {
    const before = holder(1);
    const refusedBefore = logEntries(bed.api, "origin ingest: a write from a replaced holder is refused").length;
    // The whole machine pauses (a frozen VM): the service and its pipeline processes.
    signalMachine(before.worker, "SIGSTOP");
    const pausedAtMs = performance.now();
    let resumed = false;
    // The lease the paused worker left (by the database's clock): the peer claims when it ends.
    const db = new pg.Client({ connectionString: bed.storeUrl });
    await db.connect();
    const lease = await db.query<{ left_ms: number }>("SELECT (extract(epoch FROM expires_at - now()) * 1000)::int AS left_ms FROM cluster_pipeline WHERE channel_id = $1 AND pipeline = 1", [channel.channelId]);
    await db.end();
    try {
      const after = await untilClaimedAgain(bed, channel.channelId, 1, before.epoch);
      const claimedMs = performance.now() - pausedAtMs;
      assert.equal(after.worker.zone, "b");
      await advances(watches[1]!, 2, 20_000, "pipeline 1 on the new holder");
      const landedBefore = watches[1]!.segments().length;
      t.diagnostic(`paused → claimed by ${after.worker.nodeId} ${Math.round(claimedMs)} ms (the lease had ${lease.rows[0]?.left_ms} ms left), → two new segments ${Math.round(performance.now() - pausedAtMs)} ms`);
      signalMachine(before.worker, "SIGCONT");
      resumed = true;
      const stopped = await until("the resumed worker stops its pipeline", () => logEntries(before.worker.process, "cluster: pipeline stopped").find((entry) => entry.channelId === channel.channelId && entry.pipeline === 1), 15_000);
      assert.ok(["LOST", "FENCE"].includes(stopped.reason as string), `stopped as ${String(stopped.reason)}`);
      assert.doesNotMatch(await addressesOf(before.worker), new RegExp(bed.pools.b[0]!.replaceAll(".", "\\.")), "the resumed worker dropped the endpoint address");
      const refused = logEntries(bed.api, "origin ingest: a write from a replaced holder is refused").slice(refusedBefore);
      t.diagnostic(`the origin refused ${refused.length} writes of epoch ${before.epoch} (now ${after.epoch}) after the resume`);
      for (const entry of refused) assert.equal(entry.epoch, before.epoch);
      // Whatever it tried, nothing of its epoch replaced the new holder's playlist: continuity holds.
      await advances(watches[1]!, 2, 15_000, "pipeline 1 after the resume");
      assert.ok(watches[1]!.segments().length > landedBefore);
      assert.deepEqual(watches[1]!.problems, []);
    } finally {
      if (!resumed) signalMachine(before.worker, "SIGCONT");
    }
  });

  it(`PostgreSQL stopped for ${OUTAGE_MS / 1000} s: no pipeline stops, both keep publishing, the cluster recovers after`, async (t) => {
    const holdersBefore = [holder(0), holder(1)];
    const stoppedBefore = bed.workers.map((worker) => logEntries(worker.process, "cluster: pipeline stopped").length);
    const since = (worker: ClusterWorkerNode, msg: string, before: readonly number[]) => logEntries(worker.process, msg).slice(before[bed.workers.indexOf(worker)]);
    const lostBefore = bed.workers.map((worker) => logEntries(worker.process, "cluster: database unreachable").length);
    const backBefore = bed.workers.map((worker) => logEntries(worker.process, "cluster: database reachable again").length);
    await bed.postgres.halt();
    const haltedAtMs = performance.now();
    try {
      // Segments keep coming on both pipelines, every few seconds of the outage.
      while (performance.now() - haltedAtMs < OUTAGE_MS) {
        await Promise.all([advances(watches[0]!, 2, 8_000, "pipeline 0 during the outage"), advances(watches[1]!, 2, 8_000, "pipeline 1 during the outage")]);
      }
    } finally {
      await bed.postgres.resume();
    }
    const kept = bed.workers.flatMap((worker) => logEntries(worker.process, "cluster: database unreachable for every zone peer too; keeping the pipeline on air"));
    t.diagnostic(`outage ${Math.round(performance.now() - haltedAtMs)} ms; holders kept on air by the failsafe rule: ${kept.length}`);
    assert.deepEqual(bed.workers.map((worker) => logEntries(worker.process, "cluster: pipeline stopped").length), stoppedBefore, "no pipeline stopped");
    // Recovered: renewals go through again (the same holders, no new claim), the API answers.
    // The worker killed in the first case is not started again.
    const alive = bed.workers.filter((worker) => worker.process.child.exitCode === null && worker.process.child.signalCode === null);
    assert.ok(alive.every((worker) => since(worker, "cluster: database unreachable", lostBefore).length > 0), "every live worker saw the outage");
    await until("every worker reaches the database again", () => (alive.every((worker) => since(worker, "cluster: database reachable again", backBefore).length > 0) ? true : undefined), 30_000);
    await untilChannelState(bed, channel.channelId, "RUNNING", 2, 20_000);
    assert.deepEqual([holder(0), holder(1)].map((found) => [found.worker.nodeId, found.epoch]), holdersBefore.map((found) => [found.worker.nodeId, found.epoch]));
    assert.deepEqual(watches[0]!.problems, []);
    assert.deepEqual(watches[1]!.problems, []);
  });

  it("zone a's links down: pipeline 1 carries the channel, RECOVERING with an alert naming the zone; StopChannel makes it IDLE", async (t) => {
    const cutAtMs = performance.now();
    for (const worker of bed.workers.filter((candidate) => candidate.zone === "a")) await worker.host.unplug();
    const recovering = await untilChannelState(bed, channel.channelId, "RECOVERING", 1, 30_000);
    assert.deepEqual(recovering.PipelineDetails!.map((detail) => detail.PipelineId), ["0", "1"]);
    const alert = await until("the Pipeline Has No Worker alert", async () => {
      const alerts = (await bed.client.send(new ListAlertsCommand({ ChannelId: channel.channelId }))).Alerts ?? [];
      return alerts.find((candidate) => candidate.AlertType === "Pipeline Has No Worker" && candidate.State === "SET");
    }, 30_000);
    t.diagnostic(`RECOVERING and the alert ${Math.round(performance.now() - cutAtMs)} ms after zone a went down`);
    assert.equal(alert.PipelineId, "0");
    assert.match(alert.Message ?? "", /zone a/);
    await advances(watches[1]!, 3, 15_000, "pipeline 1 carries the channel");
    assert.deepEqual(watches[1]!.problems, []);

    // Pipeline 0 never left zone a (its endpoint address lives there), whatever happened.
    for (const worker of bed.workers.filter((candidate) => candidate.zone === "b")) {
      assert.deepEqual(logEntries(worker.process, "cluster: pipeline claimed").filter((entry) => entry.channelId === channel.channelId && entry.pipeline === 0), []);
    }
    const carrier = holder(1).worker;
    const stoppedBefore = logEntries(carrier.process, "cluster: pipeline stopped").length;
    await bed.client.send(new StopChannelCommand({ ChannelId: channel.channelId }));
    await untilChannelState(bed, channel.channelId, "IDLE", 0, 10_000);
    const held = clusterNodes();
    for (const worker of bed.workers.filter((candidate) => candidate.zone === "b")) assert.equal(held[worker.nodeId], 0, `${worker.nodeId} released everything`);
    // The holder learns it at its next renewal (the rows are gone) and stops.
    const stopped = await until("pipeline 1's holder stopped it", () => logEntries(carrier.process, "cluster: pipeline stopped").slice(stoppedBefore).find((entry) => entry.channelId === channel.channelId && entry.pipeline === 1), 10_000);
    assert.equal(stopped.reason, "LOST");
    assert.deepEqual((await bed.client.send(new ListAlertsCommand({ ChannelId: channel.channelId }))).Alerts ?? [], []);
    t.diagnostic(`whole file ${Math.round(performance.now() - startedAtMs)} ms`);
  });
});
