// No secret on any child's command line (/proc/<pid>/cmdline is world-readable): every child
// that openlive starts with a password or a passphrase is started for real, against a real
// source, and the command lines of all this process's descendants are read while it works.
// The sources must still deliver media, so the secret did reach the child some other way.

import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import type { InputRecord, PullSourceRecord, SrtCallerSourceRecord, SupportedInputType } from "../../../src/domain/records.ts";
import { AllowList } from "../../../src/ingest/allow-list.ts";
import { checkRtmpSource } from "../../../src/ingest/pull-check/check-rtmp-source.ts";
import { checkSrtSource } from "../../../src/ingest/pull-check/check-srt-source.ts";
import { openPullSource } from "../../../src/ingest/pull/open-pull-source.ts";
import { type PullSource } from "../../../src/ingest/pull/pull-source.ts";
import { SrtListenerEndpoint } from "../../../src/ingest/srt-listener/srt-listener-endpoint.ts";
import { inputRecord } from "../../helpers/input-record.ts";
import { freeTcpPort, freeUdpPort, killAndWait, makeMp4File, MediaFixtures, spawnLiveEncoder, TsArrivals, waitForBound, waitUntil } from "../../helpers/media-fixtures.ts";
import { descendantCommandLines, sampleDescendants, type ProcessLine } from "../../helpers/process-tree.ts";

const fixtures = new MediaFixtures("openlive-argv-secrets-");
const sources: PullSource[] = [];
const servers: ChildProcess[] = [];
const closers: (() => Promise<void> | void)[] = [];
after(async () => {
  await Promise.all(sources.map((source) => source.close()));
  await Promise.all(servers.map((child) => killAndWait(child)));
  for (const close of closers) await close();
  await fixtures.close();
});

const USER = "ruser";
/** Characters that URL userinfo encoding and encodeURIComponent treat differently, a quote, a space. */
const PASSWORD = "p@ss$wo'rd %41/é";
const PASSPHRASE = "SrtPass'phrase 123456";
const PASSWORD_PARAM = "/openlive/pw";
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:srt";
const SECRETS = new Map([
  [PASSWORD_PARAM, PASSWORD],
  [SECRET_ARN, PASSPHRASE],
]);

/** Every spelling in which a secret could show up on a command line. */
function spellings(secret: string): string[] {
  const url = new URL("http://h/");
  url.password = secret;
  return [secret, encodeURIComponent(secret), url.password, "passphrase=", "SrtPass", "p@ss", "p%40ss"];
}

/** The test's own encoders and servers carry the secrets on purpose; openlive's children must not. */
function assertNoSecret(all: readonly ProcessLine[], secret: string, expectCommand: string): void {
  const own = new Set(servers.map((child) => child.pid));
  const lines = all.filter((line) => !own.has(line.pid));
  assert.ok(
    lines.some((line) => line.cmdline.includes(expectCommand)),
    `a ${expectCommand} child was seen: ${lines.map((line) => line.cmdline).join(" | ")}`,
  );
  for (const line of lines) for (const form of spellings(secret)) assert.ok(!line.cmdline.includes(form), `pid ${line.pid} has "${form}" in its argv: ${line.cmdline}`);
}

function pullInput(type: SupportedInputType, source: PullSourceRecord): InputRecord {
  return inputRecord({ id: "7654321", name: "x", type, sources: [source] });
}

function srtCallerInput(port: number): InputRecord {
  const source: SrtCallerSourceRecord = { srtListenerAddress: "127.0.0.1", srtListenerPort: String(port), minimumLatency: 200, decryption: { algorithm: "AES128", passphraseSecretArn: SECRET_ARN } };
  return { ...pullInput("SRT_CALLER", { url: "" }), sources: [], srtCallerSources: [source] };
}

function pull(input: InputRecord): TsArrivals {
  const ts = new TsArrivals(input.type);
  const source = openPullSource({ input, sourceIndex: 0, resolveSecret: async (name) => SECRETS.get(name), onTs: ts.push });
  sources.push(source);
  source.start();
  return ts;
}

/** An HTTP server that answers only with Basic USER:PASSWORD, with byte ranges (ffmpeg seeks in an MP4). */
async function basicAuthServer(body: Buffer): Promise<{ url: string; authorized: () => number }> {
  const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`, "utf8").toString("base64")}`;
  let authorized = 0;
  const server = http.createServer((request, response) => {
    if (request.headers.authorization !== expected) {
      response.writeHead(401, { "www-authenticate": 'Basic realm="media"' }).end();
      return;
    }
    authorized += 1;
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? "");
    if (range) {
      const start = Number(range[1]);
      const end = range[2] !== "" ? Number(range[2]) : body.length - 1;
      response.writeHead(206, { "content-range": `bytes ${start}-${end}/${body.length}`, "content-length": end - start + 1, "accept-ranges": "bytes" }).end(body.subarray(start, end + 1));
      return;
    }
    response.writeHead(200, { "content-length": body.length, "accept-ranges": "bytes" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/media/a.mp4`, authorized: () => authorized };
}

describe("secrets stay off every child's command line", { timeout: 90_000 }, () => {
  it("RTMP_PULL with a user name and password: ffmpeg plays the stream, its argv holds no password", async () => {
    const port = await freeTcpPort();
    const server = spawnLiveEncoder(["-f", "flv", "-listen", "1", `rtmp://127.0.0.1:${port}/live/a`]);
    servers.push(server);
    await waitForBound(port, "tcp", server);
    const ts = pull(pullInput("RTMP_PULL", { url: `rtmp://127.0.0.1:${port}/live/a`, username: USER, passwordParam: PASSWORD_PARAM }));
    await waitUntil(() => ts.videoFrames.length > 10, "RTMP video frames", 20_000);
    assertNoSecret(descendantCommandLines(), PASSWORD, "ffmpeg");
  });

  it("MP4_FILE over http with Basic auth: ffmpeg seeks and plays it, its argv holds no password", async () => {
    const file = await makeMp4File(fixtures.path("a.mp4"), 3);
    const server = await basicAuthServer(readFileSync(file));
    const ts = pull(pullInput("MP4_FILE", { url: server.url, username: USER, passwordParam: PASSWORD_PARAM }));
    await waitUntil(() => ts.videoFrames.length > 10, "MP4 video frames", 20_000);
    assert.ok(server.authorized() > 0);
    assertNoSecret(descendantCommandLines(), PASSWORD, "ffmpeg");
  });

  it("SRT_CALLER with a passphrase: the encrypted stream is decrypted, no child's argv holds the passphrase", async () => {
    const port = await freeUdpPort();
    const listener = spawnLiveEncoder(["-f", "mpegts", "-passphrase", PASSPHRASE, "-pbkeylen", "16", `srt://127.0.0.1:${port}?mode=listener&pkt_size=1316`]);
    servers.push(listener);
    await waitForBound(port, "udp", listener);
    const ts = pull(srtCallerInput(port));
    await waitUntil(() => ts.videoFrames.length > 10, "SRT video frames", 20_000);
    assertNoSecret(descendantCommandLines(), PASSPHRASE, "ffmpeg");
  });

  it("SRT_LISTENER: an encrypted caller's media arrives, the listening child's argv holds no passphrase", async () => {
    const port = await freeUdpPort();
    const ts = new TsArrivals("SRT_LISTENER");
    const endpoint = new SrtListenerEndpoint({ address: "127.0.0.1", port, allowList: new AllowList(["127.0.0.1/32"]), minimumLatencyMs: 200, passphrase: PASSPHRASE, algorithm: "AES128", onTs: ts.push });
    closers.push(() => endpoint.close());
    await endpoint.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const caller = spawnLiveEncoder(["-t", "20", "-f", "mpegts", "-passphrase", PASSPHRASE, "-pbkeylen", "16", `srt://127.0.0.1:${port}?latency=200000&pkt_size=1316`]);
    servers.push(caller);
    await waitUntil(() => ts.videoFrames.length > 10, "SRT listener video frames", 20_000);
    assertNoSecret(descendantCommandLines(), PASSPHRASE, endpoint.childPidForTesting !== undefined ? "" : "no child");
    assert.ok(descendantCommandLines().some((line) => line.pid === endpoint.childPidForTesting));
    await killAndWait(caller);
  });

  it("the pull check's ffprobe (RTMP with a password, SRT with a passphrase) gets its secret off the command line", async () => {
    const rtmpPort = await freeTcpPort();
    const rtmp = spawnLiveEncoder(["-f", "flv", "-listen", "1", `rtmp://127.0.0.1:${rtmpPort}/live/a`]);
    servers.push(rtmp);
    await waitForBound(rtmpPort, "tcp", rtmp);
    const context = { timeoutMs: 5_000, signal: AbortSignal.timeout(5_000), resolveSecret: (name: string) => SECRETS.get(name) };
    let sampler = sampleDescendants();
    const rtmpResult = await checkRtmpSource({ url: `rtmp://127.0.0.1:${rtmpPort}/live/a`, username: USER, passwordParam: PASSWORD_PARAM }, context);
    assert.deepEqual(rtmpResult, { ready: true });
    assertNoSecret(sampler.stop(), PASSWORD, "ffprobe");

    const srtPort = await freeUdpPort();
    const srt = spawnLiveEncoder(["-f", "mpegts", "-passphrase", PASSPHRASE, "-pbkeylen", "16", `srt://127.0.0.1:${srtPort}?mode=listener&pkt_size=1316`]);
    servers.push(srt);
    await waitForBound(srtPort, "udp", srt);
    sampler = sampleDescendants();
    const srtResult = await checkSrtSource(
      { srtListenerAddress: "127.0.0.1", srtListenerPort: String(srtPort), decryption: { algorithm: "AES128", passphraseSecretArn: SECRET_ARN } },
      { ...context, signal: AbortSignal.timeout(5_000) },
    );
    assert.deepEqual(srtResult, { ready: true });
    assertNoSecret(sampler.stop(), PASSPHRASE, "ffprobe");
  });
});
