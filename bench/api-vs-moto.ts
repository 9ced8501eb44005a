// API speed bench: a real openlive and the preinstalled moto server,
// side by side on loopback, get the same SigV4-signed DescribeChannel / DescribeInput /
// ListInputs load (same request count, same concurrency, the same load generator over
// keep-alive connections). Prints requests/s and p50/p99 latency per server and the
// openlive/moto ratio, measured in the same run because absolute numbers on a shared machine
// are not stable; with several rounds (default 3) it reports each server's median round.
//
//   npm run build && node --import tsx bench/api-vs-moto.ts [--requests N] [--concurrency C] [--rounds R]
//       [--warmup W] [--client raw|agent] [--sign-per-request] [--pin]
//
// Target: openlive >= 30x moto's requests/s with openlive p99 < 10 ms, while openlive
// verifies every signature (moto does not look at them).
//
// By default every request of a run is signed before its timed loop starts (a SigV4
// signature stays valid for 15 minutes, and the server still verifies each request in full),
// and the load generator writes those prebuilt request bytes over raw keep-alive sockets
// (runRawLoad), so that the client's CPU competes as little as possible with the server for
// this machine's cores. --client agent uses node:http with a keep-alive Agent instead, and
// --sign-per-request signs each request just before sending it (with the agent client).

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { SignatureV4 } from "@smithy/signature-v4";
import { NodeSha256 } from "../test/helpers/signed-fetch.ts";
import {
  CreateChannelCommand, CreateInputCommand, CreateInputSecurityGroupCommand, DescribeChannelCommand, MediaLiveClient,
  type CreateChannelCommandInput,
} from "@aws-sdk/client-medialive";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REGION = "us-east-1";
const INPUT_COUNT = 4;
const TARGET_RATIO = 30;
const TARGET_P99_MS = 10;

export interface Credentials { readonly accessKeyId: string; readonly secretAccessKey: string }
export interface Server {
  readonly name: string; readonly url: string; credentials: Credentials; readonly child: ChildProcess;
  /** The last 20,000 characters of its stdout and stderr. */
  output: string;
}
export interface Operation { readonly name: string; readonly path: (fixture: Fixture) => string }
export interface LoadResult {
  readonly requests: number; readonly elapsedMs: number; readonly latenciesMs: Float64Array; readonly errors: number; readonly firstError?: string;
  /** CPU time (user + system) this process spent during the timed loop: the HTTP client, plus signing with signPerRequest. */
  readonly clientCpuMs: number;
  /** CPU time spent signing the requests before the timed loop; 0 with signPerRequest (signing is then in clientCpuMs). */
  readonly presignCpuMs: number;
}

// ---------------------------------------------------------------- signing


export function createSigner(credentials: Credentials, region = REGION): SignatureV4 {
  return new SignatureV4({ credentials: { ...credentials }, region, service: "medialive", sha256: NodeSha256, uriEscapePath: true, applyChecksum: false });
}

/** Headers for a body-less request, signed now over `host` and `x-amz-date` (as aws-cli signs a GET). */
export async function signGet(signer: SignatureV4, url: URL, requestPath: string): Promise<Record<string, string>> {
  const signed = await signer.sign({ method: "GET", protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: requestPath, query: {}, headers: { host: url.host } });
  return Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
}

// ---------------------------------------------------------------- load

function getOnce(agent: http.Agent, url: URL, requestPath: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: url.hostname, port: Number(url.port), path: requestPath, method: "GET", headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`GET ${requestPath} timed out`)));
    req.on("error", reject);
    req.end();
  });
}

/** Headers for `count` GETs of `requestPath`, all signed now (they stay valid for the 15 minutes of SigV4 clock skew). */
export async function presignGets(signer: SignatureV4, url: URL, requestPath: string, count: number): Promise<Record<string, string>[]> {
  const signed: Record<string, string>[] = [];
  for (let i = 0; i < count; i++) signed.push(await signGet(signer, url, requestPath));
  return signed;
}

export interface LoadOptions {
  readonly url: string; readonly signer: SignatureV4; readonly path: string; readonly requests: number; readonly concurrency: number; readonly agent: http.Agent;
  /** Sign each request inside the timed loop, just before it is sent, instead of all of them before the loop (agent client only). */
  readonly signPerRequest?: boolean;
  /** "raw" (default): prebuilt request bytes over raw keep-alive sockets (runRawLoad); "agent": node:http with the keep-alive `agent`. */
  readonly client?: "raw" | "agent";
  /** Raw client: keep-alive connections kept open from one run to the next (warm-up, then the timed run), as `agent` keeps them. */
  readonly pool?: RawPool;
}

/** The work done before a timed loop: the signed headers of every request (and their bytes for the raw client), unless signing per request. */
export interface PreparedLoad {
  readonly headers: readonly Record<string, string>[] | undefined;
  readonly requestBytes?: readonly Buffer[];
  readonly presignCpuMs: number;
}

export async function prepareLoad(options: LoadOptions): Promise<PreparedLoad> {
  if (options.signPerRequest) return { headers: undefined, presignCpuMs: 0 };
  const cpuBefore = process.cpuUsage();
  const headers = await presignGets(options.signer, new URL(options.url), options.path, options.requests);
  const requestBytesList = options.client === "agent" ? undefined : headers.map((h) => requestBytes(options.path, h));
  const cpu = process.cpuUsage(cpuBefore);
  return { headers, ...(requestBytesList ? { requestBytes: requestBytesList } : {}), presignCpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * `requests` signed GETs of `requestPath`, `concurrency` in flight; latency covers send to last
 * byte (signing excluded). Unless `signPerRequest`, every request is signed before the timed
 * loop starts (by `prepared`, or here when not given), so the client's signing CPU does not run
 * during the measurement.
 */
export async function runLoad(options: LoadOptions, prepared?: PreparedLoad): Promise<LoadResult> {
  const url = new URL(options.url);
  const latenciesMs = new Float64Array(options.requests);
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const { headers: presigned, requestBytes: prebuilt, presignCpuMs } = prepared ?? await prepareLoad(options);
  if (presigned && presigned.length < options.requests) throw new Error(`runLoad: ${presigned.length} presigned requests for ${options.requests}`);
  if (prebuilt && !options.signPerRequest && options.client !== "agent") {
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const raw = await runRawLoad(url, prebuilt.slice(0, options.requests), options.concurrency, options.pool);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      requests: options.requests, elapsedMs, latenciesMs: raw.latenciesMs, errors: raw.errors, clientCpuMs: (cpu.user + cpu.system) / 1000,
      presignCpuMs, ...(raw.firstError === undefined ? {} : { firstError: raw.firstError }),
    };
  }
  const worker = async (): Promise<void> => {
    while (next < options.requests) {
      const index = next++;
      const headers = presigned ? presigned[index]! : await signGet(options.signer, url, options.path);
      const started = process.hrtime.bigint();
      try {
        const { status, body } = await getOnce(options.agent, url, options.path, headers);
        if (status < 200 || status > 299) {
          errors++;
          firstError ??= `HTTP ${status}: ${body.slice(0, 500)}`;
        }
      } catch (error) {
        errors++;
        firstError ??= String(error);
      }
      latenciesMs[index] = Number(process.hrtime.bigint() - started) / 1e6;
    }
  };
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.requests) }, worker));
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    requests: options.requests, elapsedMs, latenciesMs, errors, clientCpuMs: (cpu.user + cpu.system) / 1000,
    presignCpuMs, ...(firstError === undefined ? {} : { firstError }),
  };
}

// ---------------------------------------------------------------- raw-socket load (default client)

/**
 * The bytes of one signed GET, as the agent client would send them (request line, the signed
 * headers: host, x-amz-date, authorization), built once before the timed loop.
 */
export function requestBytes(requestPath: string, headers: Record<string, string>): Buffer {
  let head = `GET ${requestPath} HTTP/1.1\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  return Buffer.from(`${head}\r\n`, "latin1");
}

interface RawOutcome { latenciesMs: Float64Array; errors: number; firstError?: string }

/**
 * Open keep-alive connections handed from one runRawLoad to the next, so that the timed run
 * goes over connections the warm-up opened, as an SDK's keep-alive agent (and the agent
 * client) keeps its connections: a fresh TCP connection per timed run made the first request
 * of each of the 32 connections pay the server's connection set-up, a staircase of up to
 * 20-100 ms at the start of every run (on the bare node:http ceiling server too), which is
 * what made up the p99 of 3000 requests. destroy() closes them.
 */
export class RawPool {
  readonly #idle: net.Socket[] = [];
  take(): net.Socket | undefined {
    for (let socket = this.#idle.pop(); socket !== undefined; socket = this.#idle.pop()) {
      if (!socket.destroyed && socket.readyState === "open") return socket;
      socket.destroy();
    }
    return undefined;
  }
  give(socket: net.Socket): void {
    this.#idle.push(socket);
  }
  destroy(): void {
    for (const socket of this.#idle.splice(0)) socket.destroy();
  }
}

/**
 * `requests.length` GETs over `concurrency` keep-alive TCP connections (Nagle off), each
 * sending its next prebuilt request as soon as the previous answer is complete. A minimal
 * HTTP/1.1 response reader: status line, Content-Length or chunked bodies, and a server
 * that closes the connection (Connection: close, or no length) is reconnected transparently.
 * It costs the client a fraction of node:http's CPU per request, so that the server, not the
 * load generator, is what gets measured. Latency runs from the write to the last byte.
 */
export function runRawLoad(url: URL, requests: readonly Buffer[], concurrency: number, pool?: RawPool): Promise<RawOutcome> {
  const latenciesMs = new Float64Array(requests.length);
  const outcome: RawOutcome = { latenciesMs, errors: 0 };
  let next = 0;
  let active = 0;
  return new Promise((resolve) => {
    const fail = (message: string): void => {
      outcome.errors++;
      outcome.firstError ??= message;
    };
    const open = (): void => {
      active++;
      let pending: Buffer | undefined;
      let index = -1;
      let sentAt = 0;
      let closeAfter = false;
      const reused = pool?.take();
      const socket = reused ?? net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
      const sendNext = (): void => {
        if (next >= requests.length) {
          if (pool && !closeAfter) {
            // Handed on open to the next run (no request in flight on it).
            socket.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
            pool.give(socket);
            active--;
            if (active === 0) resolve(outcome);
          } else socket.end();
          return;
        }
        index = next++;
        sentAt = performance.now();
        socket.write(requests[index]!);
      };
      const complete = (status: number, body: Buffer | undefined): void => {
        latenciesMs[index] = performance.now() - sentAt;
        if (status < 200 || status > 299) fail(`HTTP ${status}: ${body?.toString("utf8").slice(0, 500) ?? ""}`);
        index = -1;
        if (closeAfter) socket.end();
        else sendNext();
      };
      /** Parses as many complete responses as `pending` holds (one at a time: no pipelining). */
      const parse = (atEnd: boolean): void => {
        while (pending !== undefined && index >= 0) {
          const headerEnd = pending.indexOf("\r\n\r\n");
          if (headerEnd < 0) return;
          const head = pending.toString("latin1", 0, headerEnd).toLowerCase();
          const status = Number(head.slice(9, 12));
          closeAfter = /\r\nconnection: *close/.test(head) || (head.startsWith("http/1.0") && !/\r\nconnection: *keep-alive/.test(head));
          const bodyStart = headerEnd + 4;
          const lengthMatch = /\r\ncontent-length: *(\d+)/.exec(head);
          let bodyEnd: number;
          if (lengthMatch) {
            bodyEnd = bodyStart + Number(lengthMatch[1]);
            if (pending.length < bodyEnd) return;
          } else if (/\r\ntransfer-encoding: *chunked/.test(head)) {
            // JSON bodies never hold a raw CR LF, so the last-chunk marker is unambiguous.
            const last = pending.indexOf("\r\n0\r\n\r\n", bodyStart - 2);
            if (last < 0) return;
            bodyEnd = last + 7;
          } else {
            if (!atEnd) return;
            closeAfter = true;
            bodyEnd = pending.length;
          }
          const body = status < 200 || status > 299 ? pending.subarray(bodyStart, bodyEnd) : undefined;
          pending = bodyEnd < pending.length ? pending.subarray(bodyEnd) : undefined;
          complete(status, body);
        }
      };
      const onData = (chunk: Buffer): void => {
        pending = pending === undefined ? chunk : Buffer.concat([pending, chunk]);
        parse(false);
      };
      const onEnd = (): void => parse(true);
      const onError = (error: Error): void => {
        if (index >= 0) {
          latenciesMs[index] = performance.now() - sentAt;
          fail(String(error));
          index = -1;
        }
      };
      const onClose = (): void => {
        active--;
        if (index >= 0) {
          latenciesMs[index] = performance.now() - sentAt;
          fail("the server closed the connection before answering");
        }
        if (next < requests.length) open();
        else if (active === 0) resolve(outcome);
      };
      socket.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
      if (reused) sendNext();
      else socket.on("connect", sendNext);
    };
    for (let i = 0; i < Math.min(concurrency, requests.length); i++) open();
  });
}

/** Nearest-rank percentile, p in (0, 1]. */
export function percentile(values: Float64Array, p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

// ---------------------------------------------------------------- processes

/** CPU time (user + system, all threads) a process has used, from /proc; undefined where there is no /proc. */
export function processCpuMs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
/** USER_HZ, 100 on every Linux build we run on. */
const CLOCK_TICKS_PER_SECOND = 100;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const port = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(port));
    });
  });
}

const children = new Set<ChildProcess>();
/** Temporary folders removed at exit, however the bench ends. */
const tempDirs = new Set<string>();

const ANY_CREDENTIALS: Credentials = { accessKeyId: "testing", secretAccessKey: "testing" };

/** With --pin: the CPU list every server is started on (`taskset -c`); the bench itself runs on the others. */
let serverCpus: string | undefined;

function launch(name: string, port: number, command: string, args: string[], env: NodeJS.ProcessEnv): Server {
  if (serverCpus !== undefined) [command, args] = ["taskset", ["-c", serverCpus, command, ...args]];
  // detached: its own process group, so the kill reaches it even through a wrapper (pyenv shim, sh).
  const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  children.add(child);
  child.once("exit", () => children.delete(child));
  const server: Server = { name, url: `http://127.0.0.1:${port}`, credentials: ANY_CREDENTIALS, child, output: "" };
  const keep = (chunk: Buffer): void => { server.output = (server.output + chunk.toString()).slice(-20_000); };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return server;
}

/** Polls until the server answers any HTTP status, or fails when it exits or times out. */
async function waitUntilAnswering(server: Server, probePath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const agent = new http.Agent();
  try {
    while (Date.now() < deadline) {
      if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error(`${server.name} exited early:\n${server.output}`);
      try {
        await getOnce(agent, new URL(server.url), probePath, { host: new URL(server.url).host });
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`${server.name} did not answer on ${server.url} within ${timeoutMs} ms:\n${server.output}`);
  } finally {
    agent.destroy();
  }
}

/**
 * `./openlive serve` on a port we pick. At --log-level warn the JSON "listening" line (info)
 * is not printed, and info would log every API call, which is not what we measure. With
 * `nodeArgs` (e.g. --cpu-prof, which NODE_OPTIONS refuses) node runs dist/cli.js directly,
 * as ./openlive would, with those flags added.
 */
export async function startOpenlive(dataDir: string, logLevel: string, nodeArgs: readonly string[] = []): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("OPENLIVE_")) delete env[name];
  const serveArgs = ["serve", "--data-dir", dataDir, "--api-port", String(port), "--log-level", logLevel];
  const server = nodeArgs.length === 0
    ? launch("openlive", port, path.join(REPO_ROOT, "openlive"), serveArgs, env)
    : launch("openlive", port, process.execPath, [...nodeArgs, "--enable-source-maps", path.join(REPO_ROOT, "dist", "cli.js"), ...serveArgs], env);
  await waitUntilAnswering(server, "/healthz", 20_000);
  server.credentials = JSON.parse(readFileSync(path.join(dataDir, "credentials.json"), "utf8")) as Credentials;
  return server;
}

export async function startMoto(): Promise<Server> {
  const port = await freePort();
  const server = launch("moto", port, "moto_server", ["-H", "127.0.0.1", "-p", String(port)], process.env);
  await waitUntilAnswering(server, "/moto-api/", 30_000);
  return server;
}

/** node:http answering every request with a fixed 200 JSON body, no verification: what this client and machine can reach at best. */
const CEILING_SERVER = `const body = JSON.stringify({ note: "ceiling", pad: "x".repeat(400) });
require("node:http").createServer((q, s) => { q.resume(); q.on("end", () => { s.writeHead(200, { "content-type": "application/json" }); s.end(body); }); })
  .listen(Number(process.argv[1]), "127.0.0.1");`;

export async function startCeiling(): Promise<Server> {
  const port = await freePort();
  const server = launch("ceiling", port, process.execPath, ["-e", CEILING_SERVER, String(port)], process.env);
  await waitUntilAnswering(server, "/", 10_000);
  return server;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try { process.kill(-child.pid, "SIGTERM"); } catch { return; }
  const timer = setTimeout(() => { try { process.kill(-child.pid!, "SIGKILL"); } catch { /* gone */ } }, 5000);
  await exited;
  clearTimeout(timer);
}

function cleanUpNow(): void {
  for (const child of children) if (child.pid !== undefined) { try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ } }
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------- fixture

export interface Fixture { readonly inputId: string; readonly channelId?: string; readonly notes: string[] }

/** The minimal SINGLE_PIPELINE HLS channel, in the SDK's member names, on a file:// destination. */
export function minimalChannel(inputId: string, destinationUrl: string): CreateChannelCommandInput {
  return {
    Name: "bench-hls", ChannelClass: "SINGLE_PIPELINE", RoleArn: "arn:aws:iam::111122223333:role/MediaLiveAccessRole",
    InputSpecification: { Codec: "AVC", Resolution: "HD", MaximumBitrate: "MAX_10_MBPS" },
    InputAttachments: [{ InputId: inputId, InputAttachmentName: "main", InputSettings: { AudioSelectors: [{ Name: "default" }], SourceEndBehavior: "CONTINUE" } }],
    Destinations: [{ Id: "hls-dest", Settings: [{ Url: destinationUrl }] }],
    EncoderSettings: {
      TimecodeConfig: { Source: "SYSTEMCLOCK" },
      VideoDescriptions: [{ Name: "v720", Width: 1280, Height: 720, CodecSettings: { H264Settings: {
        RateControlMode: "CBR", Bitrate: 3_000_000, FramerateControl: "SPECIFIED", FramerateNumerator: 30, FramerateDenominator: 1, GopSize: 2, GopSizeUnits: "SECONDS", Profile: "MAIN" } } }],
      AudioDescriptions: [{ Name: "a_aac", AudioSelectorName: "default", CodecSettings: { AacSettings: { Bitrate: 128_000, CodingMode: "CODING_MODE_2_0", SampleRate: 48_000 } } }],
      OutputGroups: [{ Name: "hls",
        OutputGroupSettings: { HlsGroupSettings: { Destination: { DestinationRefId: "hls-dest" }, SegmentLength: 6, IndexNSegments: 10, KeepSegments: 21, Mode: "LIVE", InputLossAction: "EMIT_OUTPUT" } },
        Outputs: [{ OutputName: "720p", VideoDescriptionName: "v720", AudioDescriptionNames: ["a_aac"],
          OutputSettings: { HlsOutputSettings: { NameModifier: "_720p", HlsSettings: { StandardHlsSettings: { M3u8Settings: {} } } } } }] }],
    },
  };
}

function describeError(error: unknown): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return `${e.name ?? "Error"} (HTTP ${e.$metadata?.httpStatusCode ?? "?"}): ${(e.message ?? String(error)).split("\n")[0]}`;
}

/** The last error the server logged (pino JSON, level 50), as "; server log: ...", or "". */
function lastLoggedError(server: Server): string {
  for (const line of server.output.split("\n").reverse()) {
    if (!line.includes('"level":50')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; err?: { message?: string } };
      return `; server log: ${entry.msg ?? ""}${entry.err?.message ? `: ${entry.err.message}` : ""}`.slice(0, 600);
    } catch { /* not JSON */ }
  }
  return "";
}

/** One ISG, INPUT_COUNT RTP_PUSH inputs, one channel on the first input; through the real MediaLive API. */
export async function createFixture(server: Server, destinationUrl: string): Promise<Fixture> {
  const client = new MediaLiveClient({ region: REGION, endpoint: server.url, credentials: { ...server.credentials }, maxAttempts: 1 });
  const notes: string[] = [];
  try {
    let isgId = "no-isg";
    try {
      const isg = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "127.0.0.1/32" }] }));
      isgId = isg.SecurityGroup?.Id ?? isgId;
    } catch (error) {
      if (server.name === "openlive") throw error;
      notes.push(`${server.name}: CreateInputSecurityGroup not supported (${describeError(error)}); inputs name a placeholder group`);
    }
    const inputIds: string[] = [];
    for (let i = 0; i < INPUT_COUNT; i++) {
      const created = await client.send(new CreateInputCommand({ Name: `bench-in-${i}`, Type: "RTP_PUSH", InputSecurityGroups: [isgId] }));
      if (!created.Input?.Id) throw new Error(`${server.name}: CreateInput returned no id`);
      inputIds.push(created.Input.Id);
    }
    const inputId = inputIds[0]!;
    try {
      const channel = await client.send(new CreateChannelCommand(minimalChannel(inputId, destinationUrl)));
      const channelId = channel.Channel?.Id;
      if (!channelId) throw new Error("CreateChannel returned no id");
      await waitWhileCreating(client, channelId);
      return { inputId, channelId, notes };
    } catch (error) {
      notes.push(`${server.name}: CreateChannel failed: ${describeError(error)}${lastLoggedError(server)}`);
      return { inputId, notes };
    }
  } finally {
    client.destroy();
  }
}

async function waitWhileCreating(client: MediaLiveClient, channelId: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const channel = await client.send(new DescribeChannelCommand({ ChannelId: channelId }));
    if (channel.State !== "CREATING") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** DescribeChannel only when every server has the channel; DescribeInput reads the input the channel uses. */
export function operationsFor(fixtures: readonly Fixture[]): Operation[] {
  const ops: Operation[] = [];
  if (fixtures.every((f) => f.channelId !== undefined)) ops.push({ name: "DescribeChannel", path: (f) => `/prod/channels/${encodeURIComponent(f.channelId!)}` });
  ops.push({ name: "DescribeInput", path: (f) => `/prod/inputs/${encodeURIComponent(f.inputId)}` }, { name: "ListInputs", path: () => "/prod/inputs" });
  return ops;
}

// ---------------------------------------------------------------- report

interface Row { readonly server: string; readonly operation: string; readonly result: LoadResult; readonly serverCpuMs: number | undefined; readonly round: number }

/**
 * The row of each server and operation whose requests/s is the median of its rounds (the
 * lower middle one for an even count), so one round disturbed by other work on the machine
 * moves neither server's figure. With one round, that round.
 */
function medianRows(rows: readonly Row[]): Row[] {
  const out: Row[] = [];
  for (const row of rows) {
    if (out.some((r) => r.server === row.server && r.operation === row.operation)) continue;
    const all = rows.filter((r) => r.server === row.server && r.operation === row.operation).sort((a, b) => rate(a.result) - rate(b.result));
    out.push(all[Math.floor((all.length - 1) / 2)]!);
  }
  return out;
}

/** Every round's requests/s and p99, so that the median's spread is visible. */
function printRounds(rows: readonly Row[]): void {
  const rounds = Math.max(...rows.map((r) => r.round));
  if (rounds < 2) return;
  console.log(`
all ${rounds} rounds (requests/s, p99 ms); the table shows the median round by requests/s:`);
  for (const median of medianRows(rows)) {
    const all = rows.filter((r) => r.server === median.server && r.operation === median.operation).sort((a, b) => a.round - b.round);
    console.log(`  ${median.server.padEnd(8)} ${median.operation.padEnd(15)} ${all.map((r) => `${rate(r.result).toFixed(0)}/${percentile(r.result.latenciesMs, 0.99).toFixed(1)}`).join("  ")}`);
  }
}

const rate = (r: LoadResult): number => r.requests / (r.elapsedMs / 1000);

function printTable(rows: readonly Row[], signPerRequest: boolean): void {
  const head = ["server", "operation", "requests/s", "p50 ms", "p99 ms", "errors", "server CPU", "server µs/req", "client µs/req"];
  const body = rows.map(({ server, operation, result: r, serverCpuMs }) => [
    server, operation, rate(r).toFixed(0), percentile(r.latenciesMs, 0.5).toFixed(2), percentile(r.latenciesMs, 0.99).toFixed(2), String(r.errors),
    serverCpuMs === undefined ? "n/a" : `${((100 * serverCpuMs) / r.elapsedMs).toFixed(0)}%`,
    serverCpuMs === undefined ? "n/a" : ((1000 * serverCpuMs) / r.requests).toFixed(0), ((1000 * r.clientCpuMs) / r.requests).toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]): string => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  console.log(`\n${line(head)}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n${body.map(line).join("\n")}`);
  console.log(`server CPU: the server process's CPU time (all threads) over the wall time of the run, 100% = one core; µs/req: CPU time per request (client: ${signPerRequest ? "signing + HTTP client" : "the HTTP client only, signing was done before the timed loop"}, in this process).`);
  if (!signPerRequest) {
    const presignUs = rows.reduce((sum, r) => sum + r.result.presignCpuMs, 0) * 1000 / rows.reduce((sum, r) => sum + r.result.requests, 0);
    console.log(`signing before the timed loops took ${presignUs.toFixed(0)} µs of client CPU per request (not in the table).`);
  }
  for (const row of rows) if (row.result.firstError) console.log(`first error, ${row.server} ${row.operation}: ${row.result.firstError}`);
}

/** Prints the ratio and verdict per operation; true when every operation meets both targets. */
function printVerdicts(rows: readonly Row[], operations: readonly Operation[]): boolean {
  let allMet = true;
  console.log("");
  for (const op of operations) {
    const ol = rows.find((r) => r.server === "openlive" && r.operation === op.name)!.result;
    const moto = rows.find((r) => r.server === "moto" && r.operation === op.name)!.result;
    const ratio = rate(ol) / rate(moto);
    const ceiling = rows.find((r) => r.server === "ceiling" && r.operation === op.name)?.result;
    const p99 = percentile(ol.latenciesMs, 0.99);
    const met = ratio >= TARGET_RATIO && p99 < TARGET_P99_MS && ol.errors === 0 && moto.errors === 0;
    allMet &&= met;
    const headroom = ceiling ? `; ceiling/moto = ${(rate(ceiling) / rate(moto)).toFixed(1)}x, openlive at ${((100 * rate(ol)) / rate(ceiling)).toFixed(0)}% of the ceiling` : "";
    console.log(`${op.name.padEnd(16)} openlive/moto = ${ratio.toFixed(1)}x (target >= ${TARGET_RATIO}x), openlive p99 ${p99.toFixed(2)} ms (target < ${TARGET_P99_MS} ms): ${met ? "MET" : "MISSED"}${headroom}`);
  }
  return allMet;
}

// ---------------------------------------------------------------- main

const loadAverage = (): string => os.loadavg().map((l) => l.toFixed(2)).join(" ");

const USAGE = `usage: node --import tsx bench/api-vs-moto.ts [--requests N] [--concurrency C] [--rounds R] [--warmup W]
       [--client raw|agent] [--sign-per-request] [--pin]
       [--openlive-log-level LEVEL] [--openlive-node-args "--cpu-prof --cpu-prof-dir=DIR"]`;

interface BenchOptions {
  readonly requests: number; readonly concurrency: number; readonly logLevel: string; readonly nodeArgs: string[];
  /** Sign each request in the timed loop (the bench's original mode) rather than all of them before it. */
  readonly signPerRequest: boolean;
  /** The load generator: prebuilt bytes over raw sockets (default), or node:http with a keep-alive Agent. */
  readonly client: "raw" | "agent";
  /** Run the servers on CPU 0 and this process (the load generator) on the other CPUs. */
  readonly pin: boolean;
  /** Requests before each measured run (same for every server), so that JIT warm-up is not measured. */
  readonly warmup: number;
  /** Measured runs per server and operation; the median one is reported. */
  readonly rounds: number;
}

function parseOptions(argv: string[]): BenchOptions | string {
  try {
    const { values } = parseArgs({ args: argv, strict: true, options: {
      requests: { type: "string", default: "3000" }, concurrency: { type: "string", default: "32" },
      "openlive-log-level": { type: "string", default: "warn" }, "openlive-node-args": { type: "string", default: "" },
      "sign-per-request": { type: "boolean", default: false },
      client: { type: "string", default: "raw" }, pin: { type: "boolean", default: false },
      warmup: { type: "string", default: "1000" }, rounds: { type: "string", default: "3" },
    } });
    const requests = Number(values.requests);
    const concurrency = Number(values.concurrency);
    if (!Number.isInteger(requests) || requests < 1 || !Number.isInteger(concurrency) || concurrency < 1) return "--requests and --concurrency take positive integers";
    if (values.client !== "raw" && values.client !== "agent") return "--client is raw or agent";
    const warmup = Number(values.warmup);
    const rounds = Number(values.rounds);
    if (!Number.isInteger(warmup) || warmup < 0 || !Number.isInteger(rounds) || rounds < 1) return "--warmup takes a non-negative integer, --rounds a positive one";
    // Signing inside the timed loop needs a client that builds each request when it sends it.
    const client = values["sign-per-request"] === true ? "agent" : values.client;
    return {
      requests, concurrency, logLevel: values["openlive-log-level"]!, nodeArgs: values["openlive-node-args"]!.split(" ").filter(Boolean),
      signPerRequest: values["sign-per-request"] === true, client, pin: values.pin === true, warmup, rounds,
    };
  } catch (error) {
    return (error as Error).message.split("\n")[0]!;
  }
}

/** Warm-up, then the measured load of one operation on one server, with that server's CPU time around it. */
async function benchOne(server: Server, operation: string, requestPath: string, options: BenchOptions, round: number): Promise<Row> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const pool = new RawPool();
  const load = { url: server.url, signer: createSigner(server.credentials), path: requestPath, agent, pool, concurrency: options.concurrency, signPerRequest: options.signPerRequest, client: options.client };
  try {
    await runLoad({ ...load, requests: options.warmup });
    // Signed before the server's CPU is read, so the window covers the timed loop only.
    const prepared = await prepareLoad({ ...load, requests: options.requests });
    const cpuBefore = processCpuMs(server.child.pid);
    const result = await runLoad({ ...load, requests: options.requests }, prepared);
    const cpuAfter = processCpuMs(server.child.pid);
    console.log(`  round ${round}: ${operation} on ${server.name}: ${rate(result).toFixed(0)} requests/s, p99 ${percentile(result.latenciesMs, 0.99).toFixed(2)} ms`);
    return { round, server: server.name, operation, result, serverCpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
  } finally {
    agent.destroy();
    pool.destroy();
  }
}

/** Each operation on openlive and moto (order alternating between operations), then on the ceiling server. */
/**
 * `options.rounds` rounds; in each, every operation on openlive and moto (the order
 * alternates between operations and rounds), then on the ceiling server.
 */
async function benchAll(servers: readonly [Server, Server, Server], fixtures: readonly [Fixture, Fixture], operations: readonly Operation[], options: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  // One warm-up pass over every operation on every server first, so that the first round is
  // not the one where openlive's JIT (or moto's caches) still settle in.
  for (const op of operations) {
    for (const [s, server] of servers.entries()) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
      const requestPath = op.path(fixtures[s === 1 ? 1 : 0]);
      try {
        await runLoad({ url: server.url, signer: createSigner(server.credentials), path: requestPath, agent, concurrency: options.concurrency, client: options.client, requests: options.warmup });
      } finally {
        agent.destroy();
      }
    }
  }
  let turn = 0;
  for (let round = 1; round <= options.rounds; round++) {
    for (const op of operations) {
      for (const s of turn++ % 2 === 0 ? [0, 1] : [1, 0]) rows.push(await benchOne(servers[s]!, op.name, op.path(fixtures[s]!), options, round));
      rows.push(await benchOne(servers[2], op.name, op.path(fixtures[0]), options, round));
    }
  }
  return rows;
}

function printSetup(options: BenchOptions): void {
  console.log(`node ${process.version}, ${CPU_COUNT} CPUs (${os.cpus()[0]?.model ?? "unknown"}), load average ${loadAverage()} at start; ${options.requests} requests per operation per server at concurrency ${options.concurrency}, ${options.warmup} warm-up requests before each, ${options.rounds} round(s)`);
  console.log("openlive and moto ran on this machine at the same time, one after the other per operation (the order alternates between operations); openlive verifies every SigV4 signature, moto ignores them. "
    + "\"ceiling\" is a bare node:http server answering a fixed 200 without any work: the most this client can drive on this machine right now.");
  console.log(options.signPerRequest
    ? "signing mode: per request (--sign-per-request): each request was signed just before it was sent, inside the timed loop, so the client's signing CPU shared the cores with the server during the measurement."
    : "signing mode: before the loop (default): all requests of a run were signed before its timed loop (a SigV4 signature stays valid for 15 minutes); openlive still verified every one in full (it caches only the derived signing key). Pass --sign-per-request to sign inside the loop.");
  console.log(options.client === "raw"
    ? `client: raw (default): ${options.concurrency} keep-alive TCP connections (TCP_NODELAY) sending the prebuilt signed request bytes, one request in flight per connection, with a minimal HTTP/1.1 response reader; the same client for every server. --client agent uses node:http with a keep-alive Agent instead.`
    : `client: agent: node:http requests over a keep-alive Agent (maxSockets ${options.concurrency}); the same client for every server.`);
  console.log(options.pin
    ? `CPU pinning (--pin): every server ran on CPU ${serverCpus} (taskset -c) and this process, the load generator, on CPU ${clientCpus}, so client and server never compete for a core.`
    : "CPU pinning: off (default); the servers and the load generator shared all CPUs (--pin puts the servers on CPU 0 and the load generator on the others).");
}

/** Counted at start, before --pin narrows what this process may use. */
const CPU_COUNT = os.availableParallelism();

/** The bench's own CPUs with --pin (the load generator); the servers get `serverCpus`. */
let clientCpus: string | undefined;

/** Servers on CPU 0, this process (all its threads) on the others; a reason string when that cannot be done. */
function pinCpus(): true | string {
  const cpus = CPU_COUNT;
  if (cpus < 2) return "one CPU";
  const others = cpus === 2 ? "1" : `1-${cpus - 1}`;
  const result = spawnSync("taskset", ["-a", "-p", "-c", others, String(process.pid)], { encoding: "utf8" });
  if (result.error || result.status !== 0) return `taskset: ${result.error?.message ?? result.stderr.trim()}`;
  serverCpus = "0";
  clientCpus = others;
  return true;
}

async function main(): Promise<number> {
  let options = parseOptions(process.argv.slice(2));
  if (typeof options === "string") {
    console.error(`${options}\n${USAGE}`);
    return 2;
  }
  if (!existsSync(path.join(REPO_ROOT, "dist", "cli.js"))) {
    console.error("openlive is not built: run `npm run build` (or ./scripts/install.sh) first, then rerun this bench.");
    return 2;
  }
  if (options.pin) {
    const pinned = pinCpus();
    if (typeof pinned === "string") {
      console.log(`note: CPU pinning not possible (${pinned}); running unpinned`);
      options = { ...options, pin: false };
    }
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "openlive-bench-"));
  tempDirs.add(dataDir);
  try {
    const servers = await Promise.all([startOpenlive(dataDir, options.logLevel, options.nodeArgs), startMoto(), startCeiling()]);
    // Inside openlive's default output root (<data dir>/output): a destination outside every root is refused.
    const destinationUrl = `file://${path.join(dataDir, "output", "bench", "live", "index")}`;
    const fixtures = [await createFixture(servers[0], destinationUrl), await createFixture(servers[1], destinationUrl)] as const;
    for (const note of fixtures.flatMap((f) => f.notes)) console.log(`note: ${note}`);
    const operations = operationsFor(fixtures);
    if (!operations.some((op) => op.name === "DescribeChannel")) console.log("DescribeChannel SKIPPED: CreateChannel did not succeed on both servers (see the note above); benching DescribeInput and ListInputs only.");
    printSetup(options);
    const allRows = await benchAll(servers, fixtures, operations, options);
    const rows = medianRows(allRows);
    printTable(rows, options.signPerRequest);
    printRounds(allRows);
    console.log(`load average ${loadAverage()} at the end${os.loadavg()[0]! > CPU_COUNT ? " (above the CPU count: other work shared the machine, so absolute numbers are low; read the ratios)" : ""}`);
    const met = printVerdicts(rows, operations);
    console.log(met ? "\nTargets MET for every operation benched." : "\nTargets MISSED (see above).");
    return allRows.some((r) => r.result.errors > 0) ? 1 : 0;
  } finally {
    await Promise.all([...children].map(stopChild));
  }
}

// Run only as a script, so that importing the pieces has no side effects.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.once("exit", cleanUpNow);
  process.once("SIGINT", () => {
    console.error("\ninterrupted; stopping the servers");
    Promise.all([...children].map(stopChild)).finally(() => process.exit(130));
  });
  main().then((code) => process.exit(code), (error: unknown) => {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    Promise.all([...children].map(stopChild)).finally(() => process.exit(1));
  });
}
