// A whole openlive cluster on one Linux host, for the namespace tests and the failover bench:
// one PostgreSQL server and one API node in the root namespace, and four workers (zones a and
// b, two each), each `./openlive serve --role worker` in its own network namespace with its
// own veth on a bridge (netns.ts). The root namespace joins the bridge too, so the upstream
// encoders (ffmpeg, pushing RTP from the root namespace) reach the zones' endpoint addresses
// and the workers reach the API node's origin ingest route and the database (which listens on
// the root namespace's bridge address too).
//
// A STANDARD RTP_PUSH channel built by startChannel() publishes both pipelines to the API
// node's origin ingest route (fenced by epoch), with a redundant master playlist.

import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { CreateInputCommand, CreateInputSecurityGroupCommand, DescribeChannelCommand, StartChannelCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { smallChannel } from "./channel-fixtures.ts";
import { createChannelId } from "./channel-lifecycle.ts";
import { createNetnsBed, type NetnsBed, type NetnsHost } from "./netns.ts";
import { makeTempDir, startOpenlive, type OpenliveProcess } from "./openlive-process.ts";
import { startPostgresServer, type PostgresServer } from "./postgres-server.ts";
import { sdkClient } from "./sdk.ts";
import { until } from "./until.ts";

export const CLUSTER_CREDENTIALS = { OPENLIVE_ACCESS_KEY_ID: "AKIACLUSTERNETNS0001", OPENLIVE_SECRET_ACCESS_KEY: "cluster-netns-secret-key-0123456789abcd" };
const INGEST_SECRET_PARAM = "/openlive/origin-ingest";
export const SEGMENT_S = 1;

export interface ClusterWorkerNode {
  readonly nodeId: string;
  readonly zone: "a" | "b";
  readonly host: NetnsHost;
  /** The current process (replaced by restart()). */
  process: OpenliveProcess;
  /**
   * Starts the worker again in its namespace (after a kill), on its data dir or, `fresh`, on a
   * new one (a replacement machine).
   */
  restart(options?: { readonly fresh?: boolean }): Promise<void>;
}

export interface ClusterBed {
  readonly postgres: PostgresServer;
  /** The API node's store URL (loopback). */
  readonly storeUrl: string;
  readonly api: OpenliveProcess;
  readonly client: MediaLiveClient;
  readonly workers: readonly ClusterWorkerNode[];
  /** The root namespace's address on the bridge (the API node's host). */
  readonly rootAddress: string;
  /** The zones' push endpoint pools: a's first, b's second. */
  readonly pools: { readonly a: readonly string[]; readonly b: readonly string[] };
  readonly netns: NetnsBed;
  /** A process that close() kills (the upstream encoders). */
  adopt(child: ChildProcess): void;
  close(): Promise<void>;
}

export interface ClusterChannel {
  readonly channelId: string;
  /** The encode's frame rate (frames per second). */
  readonly framesPerSecond: number;
  /** The input's two endpoints, rtp://address:port, pipeline 0's first. */
  readonly endpoints: readonly [string, string];
  /** The origin folders (relative to the origin's base URL) of pipeline 0 and 1. */
  readonly folders: readonly [string, string];
  /** The upstream encoders, one per endpoint (killed by the bed's close()). */
  readonly upstreams: readonly ChildProcess[];
}

/** One subnet per test process: several test files may run beds at once. */
function subnetPrefix(): string {
  return `10.${80 + (process.pid % 40)}.${Math.floor(process.pid / 40) % 250}`;
}

export async function startClusterBed(options: { readonly databaseName: string }): Promise<ClusterBed> {
  const subnet = subnetPrefix();
  const rootAddress = `${subnet}.254`;
  const pools = { a: [`${subnet}.100`], b: [`${subnet}.200`] };
  const children: ChildProcess[] = [];
  const processes: OpenliveProcess[] = [];
  const netns = await createNetnsBed();
  let postgres: PostgresServer | undefined;
  const close = async (): Promise<void> => {
    for (const child of children) child.kill("SIGKILL");
    for (const started of processes) await started.stop("SIGKILL").catch(() => undefined);
    await netns.close();
    await postgres?.stop();
  };
  try {
    await netns.attachRoot(`${rootAddress}/24`);
    postgres = await startPostgresServer({ network: { address: rootAddress, cidr: `${subnet}.0/24` } });
    const storeUrl = await postgres.createDatabase(options.databaseName);
    const workerStoreUrl = storeUrl.replace(`127.0.0.1:${postgres.port}`, `${rootAddress}:${postgres.port}`);
    const configDir = makeTempDir("openlive-cluster-netns-");
    const clusterConfig = path.join(configDir, "cluster.json");
    writeFileSync(clusterConfig, JSON.stringify({ zones: [{ name: "a", pushAddresses: pools.a, interface: "eth0" }, { name: "b", pushAddresses: pools.b, interface: "eth0" }] }));
    const first = 21_000 + 100 * (process.pid % 80);
    const common = ["--cluster-config", clusterConfig, "--push-port-range", `${first}-${first + 99}`];
    const api = await startOpenlive({ env: CLUSTER_CREDENTIALS, extraArgs: ["--host", rootAddress, "--store", storeUrl, "--role", "api", "--node-id", "api", ...common] });
    processes.push(api);
    const workers: ClusterWorkerNode[] = [];
    const hosts = await Promise.all(
      (["a1", "a2", "b1", "b2"] as const).map(async (label, index) => ({ label, host: await netns.addHost(label, `${subnet}.${index + 1}/24`) })),
    );
    const startWorker = async (label: string, host: NetnsHost, dataDir: string): Promise<OpenliveProcess> => {
      const started = await startOpenlive({
        dataDir,
        env: CLUSTER_CREDENTIALS,
        commandPrefix: host.prefix,
        startTimeoutMs: 60_000,
        extraArgs: ["--host", host.cidr.split("/")[0]!, "--store", workerStoreUrl, "--role", "worker", "--zone", label[0]!, "--node-id", `worker-${label}`, "--capacity", "100", ...common],
      });
      processes.push(started);
      return started;
    };
    await Promise.all(
      hosts.map(async ({ label, host }) => {
        const newDataDir = (): string => {
          const dataDir = makeTempDir(`openlive-worker-${label}-`);
          writeFileSync(path.join(dataDir, "secrets.json"), JSON.stringify({ [INGEST_SECRET_PARAM]: CLUSTER_CREDENTIALS.OPENLIVE_SECRET_ACCESS_KEY }), { mode: 0o600 });
          return dataDir;
        };
        let dataDir = newDataDir();
        const node: ClusterWorkerNode = {
          nodeId: `worker-${label}`,
          zone: label[0] as "a" | "b",
          host,
          process: await startWorker(label, host, dataDir),
          async restart(restartOptions) {
            if (restartOptions?.fresh) dataDir = newDataDir();
            node.process = await startWorker(label, host, dataDir);
          },
        };
        workers.push(node);
      }),
    );
    workers.sort((x, y) => x.nodeId.localeCompare(y.nodeId));
    return { postgres, storeUrl, api, client: sdkClient(api), workers, rootAddress, pools, netns, adopt: (child) => void children.push(child), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** An upstream encoder in the root namespace: 320x180 test pattern and a tone, RTP (MPEG-TS) to `url`. */
export function startUpstream(url: string): ChildProcess {
  return spawn(
    "ffmpeg",
    ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-c:a", "aac", "-f", "rtp_mpegts", url],
    { stdio: "ignore" },
  );
}

export interface ClusterChannelOptions {
  /** globalConfiguration.outputLockingMode (default none: the pipelines are not locked). */
  readonly outputLockingMode?: "EPOCH_LOCKING" | "PIPELINE_LOCKING";
}

/**
 * A STANDARD RTP_PUSH channel whose pipelines publish HLS (1 s segments, redundant master
 * playlist) to the API node's origin ingest route, its two upstreams started; StartChannel
 * sent (not waited for).
 */
export async function startClusterChannel(bed: ClusterBed, name: string, options: ClusterChannelOptions = {}): Promise<ClusterChannel> {
  const { client, api } = bed;
  const isg = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: `${bed.rootAddress}/32` }] }));
  const input = await client.send(new CreateInputCommand({ Name: name, Type: "RTP_PUSH", InputSecurityGroups: [isg.SecurityGroup!.Id!] }));
  const endpoints = input.Input!.Destinations!.map((destination) => destination.Url!) as [string, string];
  if (endpoints.length !== 2) throw new Error(`a STANDARD push input has two endpoints, got ${JSON.stringify(endpoints)}`);
  const apiPort = new URL(api.url).port;
  const folders = [`origin/ingest/${name}/p0`, `origin/ingest/${name}/p1`] as const;
  const settings = folders.map((folder) => ({ Url: `http://${bed.rootAddress}:${apiPort}/${folder}/live`, Username: CLUSTER_CREDENTIALS.OPENLIVE_ACCESS_KEY_ID, PasswordParam: INGEST_SECRET_PARAM }));
  const channel = smallChannel(input.Input!.Id!, settings[0]!, { segmentLengthS: SEGMENT_S });
  channel.Name = name;
  channel.ChannelClass = "STANDARD";
  channel.Destinations[0].Settings = settings;
  channel.EncoderSettings.VideoDescriptions[0].CodecSettings.H264Settings.GopSize = 1;
  if (options.outputLockingMode !== undefined) channel.EncoderSettings.GlobalConfiguration = { ...channel.EncoderSettings.GlobalConfiguration, OutputLockingMode: options.outputLockingMode };
  Object.assign(channel.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings, {
    IndexNSegments: 6,
    KeepSegments: 8,
    RedundantManifest: "ENABLED",
    HlsCdnSettings: { HlsBasicPutSettings: { NumRetries: 2, ConnectionRetryInterval: 1, RestartDelay: 1 } },
  });
  const channelId = await createChannelId(client, channel);
  const upstreams = endpoints.map((endpoint) => startUpstream(endpoint));
  for (const upstream of upstreams) bed.adopt(upstream);
  await client.send(new StartChannelCommand({ ChannelId: channelId }));
  const h264 = channel.EncoderSettings.VideoDescriptions[0].CodecSettings.H264Settings;
  return { channelId, framesPerSecond: h264.FramerateNumerator / h264.FramerateDenominator, endpoints, folders, upstreams };
}

/** DescribeChannel on the API node until `state` with `running` pipelines. */
export async function untilChannelState(bed: ClusterBed, channelId: string, state: string, running: number, timeoutMs: number) {
  return until(`${state} with ${running} pipelines`, async () => {
    const answer = await bed.client.send(new DescribeChannelCommand({ ChannelId: channelId }));
    return answer.State === state && answer.PipelinesRunningCount === running ? answer : undefined;
  }, timeoutMs);
}

/** The worker whose log says it claimed `pipeline` of the channel last, and under which epoch. */
export function holderOf(bed: ClusterBed, channelId: string, pipeline: number): { worker: ClusterWorkerNode; epoch: number } | undefined {
  let found: { worker: ClusterWorkerNode; epoch: number } | undefined;
  for (const worker of bed.workers) {
    for (const entry of logEntries(worker.process, "cluster: pipeline claimed")) {
      if (entry.channelId === channelId && entry.pipeline === pipeline && (found === undefined || (entry.epoch as number) > found.epoch)) found = { worker, epoch: entry.epoch as number };
    }
  }
  return found;
}

/** Waits until a worker claims `pipeline` of the channel under an epoch above `epoch`. */
export function untilClaimedAgain(bed: ClusterBed, channelId: string, pipeline: number, epoch: number, timeoutMs = 40_000) {
  return until(`pipeline ${pipeline} claimed again (after epoch ${epoch})`, () => {
    const found = holderOf(bed, channelId, pipeline);
    return found && found.epoch > epoch ? found : undefined;
  }, timeoutMs);
}

/** The node's JSON log lines with this message. */
export function logEntries(node: OpenliveProcess, msg: string): Record<string, unknown>[] {
  return node
    .logs()
    .split("\n")
    .filter((line) => line.startsWith("{") && line.includes(msg))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === msg);
}
