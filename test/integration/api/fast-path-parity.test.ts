// The request fast path (src/api/fast-path/) against the fastify route it bypasses: two API
// servers over the same services and database, one with the fast path (the default) and one
// with `fastPath: false`, get the same raw signed requests. Every answer must be the same on
// the wire (status, header names, values and order, body), apart from the request ID and the
// Date. The fast path must really be taken for body-less GETs (fastify's onRequest hook never
// sees them) and must leave everything else to fastify. Errors keep MediaLive's shapes:
// unsigned, badly signed, stale and wrong-scope requests are 403s, unknown resources 404s,
// bad query values 400s, and an unexpected failure is a 500 naming the request ID.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { SignatureV4 } from "@smithy/signature-v4";
import { buildApiServer, type ApiServerOptions } from "../../../src/api/server.ts";
import type { ApiContext } from "../../../src/api/handler-types.ts";
import { ChangeFeed } from "../../../src/domain/change-feed.ts";
import { ChannelService } from "../../../src/domain/channels/channel-service.ts";
import { validateChannelConfig } from "../../../src/domain/channels/validate-channel.ts";
import { InputService } from "../../../src/domain/input-service.ts";
import { IsgService } from "../../../src/domain/isg-service.ts";
import { SqliteRepository } from "../../../src/store/sqlite/sqlite-repository.ts";
import { NodeSha256, rawRequest } from "../../helpers/signed-fetch.ts";

const T = { timeout: 30_000 } as const;
const CREDENTIALS = { accessKeyId: "AKIAFASTPATHTEST0001", secretAccessKey: "fast/path+secret/0123456789abcdefghijklmn" };
const REGION = "us-east-1";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** An input ID whose DescribeInput throws a plain Error (not an ApiError): the 500 path. */
const EXPLODING_ID = "6666666";

interface Running {
  readonly app: FastifyInstance;
  url: string;
  /** Requests fastify itself saw (its onRequest hook). */
  fastifyRequests: number;
}

interface WireAnswer {
  readonly statusLine: string;
  /** [lowercase name, value] in wire order. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

let dataDir: string;
let repository: SqliteRepository;
let fast: Running;
let slow: Running;
const logLines: Record<string, unknown>[] = [];
let inputId: string;
let isgId: string;

async function start(context: ApiContext, fastPath: boolean, logger: pino.Logger): Promise<Running> {
  const options: ApiServerOptions = {
    context, logger, region: REGION, clockSkewMs: 15 * 60_000, maxBodyBytes: 1024 * 1024, nowMs: () => Date.now(), strictResponses: true,
    lookupSecret: (id) => (id === CREDENTIALS.accessKeyId ? CREDENTIALS.secretAccessKey : undefined),
    ...(fastPath ? {} : { fastPath: false }),
  };
  const app = buildApiServer(options);
  const running: Running = { app, url: "", fastifyRequests: 0 };
  app.addHook("onRequest", async () => {
    running.fastifyRequests++;
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  running.url = `http://127.0.0.1:${(app.server.address() as net.AddressInfo).port}`;
  return running;
}

/** Signed headers for a GET of `target` (path and raw query as they go on the wire). */
async function signedHeaders(url: string, target: string, options: { date?: Date; secret?: string; region?: string } = {}): Promise<Record<string, string>> {
  const base = new URL(url);
  const [requestPath, rawQuery = ""] = target.split("?") as [string, string?];
  const query: Record<string, string | string[]> = {};
  for (const pair of rawQuery.split("&").filter(Boolean)) {
    const [key = "", value = ""] = pair.split("=");
    const name = decodeURIComponent(key);
    const existing = query[name];
    query[name] = existing === undefined ? decodeURIComponent(value) : [...[existing].flat(), decodeURIComponent(value)];
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: options.secret ?? CREDENTIALS.secretAccessKey },
    region: options.region ?? REGION, service: "medialive", sha256: NodeSha256, uriEscapePath: true, applyChecksum: false,
  });
  const signed = await signer.sign(
    { method: "GET", protocol: "http:", hostname: base.hostname, port: Number(base.port), path: requestPath, query, headers: { host: base.host } },
    { signingDate: options.date ?? new Date() },
  );
  return Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
}

/** Sends raw request bytes on a fresh connection and reads one answer as it is on the wire. */
function exchange(url: string, head: string, body = "", headOnly = false): Promise<WireAnswer> {
  const base = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(base.port), base.hostname, () => socket.write(head + body));
    let data = Buffer.alloc(0);
    const tryParse = (): boolean => {
      const end = data.indexOf("\r\n\r\n");
      if (end < 0) return false;
      const lines = data.toString("latin1", 0, end).split("\r\n");
      const headers = lines.slice(1).map((line): [string, string] => {
        const colon = line.indexOf(":");
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
      });
      const length = headOnly ? 0 : Number(headers.find(([name]) => name === "content-length")?.[1] ?? "0");
      if (data.length < end + 4 + length) return false;
      resolve({ statusLine: lines[0]!, headers, body: data.toString("utf8", end + 4, end + 4 + length) });
      socket.destroy();
      return true;
    };
    socket.on("data", (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      tryParse();
    });
    socket.on("error", reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error("no answer")));
  });
}

function requestHead(method: string, target: string, headers: Record<string, string>): string {
  return `${method} ${target} HTTP/1.1\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join("")}\r\n`;
}

async function signedGet(server: Running, target: string, options: Parameters<typeof signedHeaders>[2] = {}): Promise<WireAnswer> {
  return exchange(server.url, requestHead("GET", target, await signedHeaders(server.url, target, options)));
}

/**
 * What must match between the two servers: everything but the request ID and the date, and the
 * ISO 8601 basic times a clock-skew message quotes (each server is asked at its own moment, so the
 * two answers may straddle a second).
 */
function comparable(answer: WireAnswer): unknown {
  return {
    statusLine: answer.statusLine,
    headers: answer.headers.map(([name, value]) => [name, name === "x-amzn-requestid" ? "<id>" : name === "date" ? "<date>" : value]),
    body: answer.body.replaceAll(/"reference [0-9a-f-]{36}"|reference [0-9a-f-]{36}/g, "reference <id>").replaceAll(/\b\d{8}T\d{6}Z\b/g, "<time>"),
  };
}

function header(answer: WireAnswer, name: string): string | undefined {
  return answer.headers.find(([n]) => n === name)?.[1];
}

function status(answer: WireAnswer): number {
  return Number(answer.statusLine.split(" ")[1]);
}

/** Runs `send` on both servers; the answers must be the same; returns the fast path's. */
/** `fastPathTaken` undefined: not checked (fastify's router errors come before its onRequest hooks). */
async function same(send: (server: Running) => Promise<WireAnswer>, fastPathTaken: boolean | undefined, withRequestId = true): Promise<WireAnswer> {
  const fastBefore = fast.fastifyRequests;
  const viaFast = await send(fast);
  const viaFastify = await send(slow);
  assert.deepEqual(comparable(viaFast), comparable(viaFastify));
  if (fastPathTaken !== undefined) assert.equal(fast.fastifyRequests - fastBefore, fastPathTaken ? 0 : 1, fastPathTaken ? "answered below fastify" : "left to fastify");
  if (!withRequestId) return viaFast;
  const id = header(viaFast, "x-amzn-requestid");
  assert.match(id ?? "", UUID);
  assert.notEqual(id, header(viaFastify, "x-amzn-requestid"));
  return viaFast;
}

function assertErrorShape(answer: WireAnswer, expectedStatus: number, errorType: string, message?: RegExp): Record<string, unknown> {
  assert.equal(status(answer), expectedStatus, answer.body);
  assert.equal(header(answer, "x-amzn-errortype"), errorType);
  assert.equal(header(answer, "content-type"), "application/json");
  const json = JSON.parse(answer.body) as Record<string, unknown>;
  assert.equal(typeof json.message, "string");
  if (message) assert.match(String(json.message), message);
  return json;
}

before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "openlive-fast-path-"));
  repository = new SqliteRepository(path.join(dataDir, "openlive.db"));
  const nowMs = (): number => Date.now();
  const changes = new ChangeFeed(() => undefined);
  const common = { repository, changes, nowMs, deletedRetentionMs: 3_600_000 };
  const isgs = new IsgService(common);
  const realInputs = new InputService({ ...common, pushAddresses: ["127.0.0.1", "127.0.0.1"], pushPortRange: { first: 46000, last: 46999 }, inputRoots: [] });
  // DescribeInput of EXPLODING_ID fails the way a bug would: a plain Error, not an ApiError.
  const inputs = new Proxy(realInputs, {
    get(target, property) {
      if (property === "describe") {
        return async (id: string) => {
          if (id === EXPLODING_ID) throw new Error("simulated failure");
          return target.describe(id);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const channels = new ChannelService({ ...common, validateConfig: validateChannelConfig, verifyPullInputs: async () => [], inputRoots: [] });
  // Channels are not run here: the runtime has no view of any channel and no detected input properties.
  const runtime = { view: async () => undefined, detectedProperties: async () => [] };
  const context = { scope: { region: REGION, accountId: "000000000000" }, isgs, inputs, channels, runtime } as unknown as ApiContext;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: "debug" }, stream);
  fast = await start(context, true, logger);
  slow = await start(context, false, logger);

  const target = { url: fast.url, credentials: CREDENTIALS };
  const isg = await rawRequest(target, { method: "POST", path: "/prod/inputSecurityGroups", body: { whitelistRules: [{ cidr: "10.0.0.0/8" }] } });
  isgId = isg.json.securityGroup.id;
  for (const name of ["a", "b", "c"]) {
    const created = await rawRequest(target, { method: "POST", path: "/prod/inputs", body: { name, type: "RTP_PUSH", inputSecurityGroups: [isgId] } });
    assert.equal(created.status, 201, created.text);
    inputId ??= created.json.input.id;
  }
});

after(async () => {
  await fast?.app.close();
  await slow?.app.close();
  await repository?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("fast path: same answers as the fastify route", () => {
  test("DescribeInput, ListInputs (pages too), DescribeInputSecurityGroup, ListChannels: 200 application/json, identical bytes", T, async () => {
    const describe = await same((s) => signedGet(s, `/prod/inputs/${inputId}`), true);
    assert.equal(status(describe), 200);
    assert.equal(header(describe, "content-type"), "application/json");
    assert.equal(header(describe, "x-amzn-errortype"), undefined);
    assert.deepEqual(describe.headers.map(([name]) => name).slice(0, 3), ["x-amzn-requestid", "content-type", "content-length"]);
    assert.equal(Number(header(describe, "content-length")), Buffer.byteLength(describe.body));
    assert.equal(JSON.parse(describe.body).id, inputId);

    const list = await same((s) => signedGet(s, "/prod/inputs"), true);
    assert.equal(JSON.parse(list.body).inputs.length, 3);
    const page = await same((s) => signedGet(s, "/prod/inputs?maxResults=2"), true);
    const token = JSON.parse(page.body).nextToken as string;
    assert.ok(token);
    const rest = await same((s) => signedGet(s, `/prod/inputs?maxResults=2&nextToken=${token}`), true);
    assert.equal(JSON.parse(rest.body).inputs.length, 1);

    await same((s) => signedGet(s, `/prod/inputSecurityGroups/${isgId}`), true);
    await same((s) => signedGet(s, "/prod/inputSecurityGroups"), true);
    const channels = await same((s) => signedGet(s, "/prod/channels"), true);
    assert.deepEqual(JSON.parse(channels.body), { channels: [] });
  });

  test("not found: unknown input and channel (404 NotFoundException), unknown path, other method's path; a trailing slash is refused before verifying (400)", T, async () => {
    assertErrorShape(await same((s) => signedGet(s, "/prod/inputs/9999999"), true), 404, "NotFoundException", /9999999/);
    assertErrorShape(await same((s) => signedGet(s, "/prod/channels/9999999"), true), 404, "NotFoundException");
    assertErrorShape(await same((s) => signedGet(s, "/prod/nothing/here"), true), 404, "NotFoundException", /No MediaLive operation at GET \/prod\/nothing\/here/);
    // An empty segment: the signed (normalised) path would not be the routed one.
    assertErrorShape(await same((s) => signedGet(s, "/prod/inputs/"), true), 400, "BadRequestException", /has an empty, "\." or "\.\." segment/);
    assertErrorShape(await same((s) => signedGet(s, "/prod/batch/delete"), true), 404, "NotFoundException", /exists with another method/);
    assertErrorShape(await same((s) => signedGet(s, "/prod/multiplexes/1234567"), true), 404, "NotFoundException", /DescribeMultiplex: 1234567 does not exist/);
  });

  test("bad query values: 400 BadRequestException with the member named", T, async () => {
    assertErrorShape(await same((s) => signedGet(s, "/prod/inputs?maxResults=abc"), true), 400, "BadRequestException", /maxResults/);
    assertErrorShape(await same((s) => signedGet(s, "/prod/inputs?maxResults=0"), true), 400, "BadRequestException", /maxResults/);
    assertErrorShape(await same((s) => signedGet(s, "/prod/inputs?nextToken=forged"), true), 400, "BadRequestException", /nextToken/);
  });

  test("unsigned, badly signed, wrong key, stale and wrong-region requests: 403 ForbiddenException", T, async () => {
    const target = `/prod/inputs/${inputId}`;
    const unsigned = await same((s) => exchange(s.url, requestHead("GET", target, { host: new URL(s.url).host })), true);
    assertErrorShape(unsigned, 403, "ForbiddenException", /Missing Authentication Token/);

    const wrongSecret = await same((s) => signedGet(s, target, { secret: "not-the-secret" }), true);
    assertErrorShape(wrongSecret, 403, "ForbiddenException", /signature we calculated does not match/);

    // A valid signature for another path must not open this one.
    const replayed = await same(async (s) => exchange(s.url, requestHead("GET", "/prod/inputs/9999999", await signedHeaders(s.url, target))), true);
    assertErrorShape(replayed, 403, "ForbiddenException", /signature we calculated does not match/);

    const tampered = await same(async (s) => {
      const headers = await signedHeaders(s.url, target);
      headers.authorization = headers.authorization!.replace(/Signature=([0-9a-f])/, (_m, c: string) => `Signature=${c === "0" ? "1" : "0"}`);
      return exchange(s.url, requestHead("GET", target, headers));
    }, true);
    assertErrorShape(tampered, 403, "ForbiddenException", /signature we calculated does not match/);

    const unknownKey = await same(async (s) => {
      const headers = await signedHeaders(s.url, target);
      headers.authorization = headers.authorization!.replace(CREDENTIALS.accessKeyId, "AKIAUNKNOWNKEY000001");
      return exchange(s.url, requestHead("GET", target, headers));
    }, true);
    assertErrorShape(unknownKey, 403, "ForbiddenException", /security token included in the request is invalid/);

    const stale = await same((s) => signedGet(s, target, { date: new Date(Date.now() - 20 * 60_000) }), true);
    assertErrorShape(stale, 403, "ForbiddenException", /Signature expired/);
    const future = await same((s) => signedGet(s, target, { date: new Date(Date.now() + 20 * 60_000) }), true);
    assertErrorShape(future, 403, "ForbiddenException", /Signature expired/);

    const otherRegion = await same((s) => signedGet(s, target, { region: "eu-west-1" }), true);
    assertErrorShape(otherRegion, 403, "ForbiddenException", /region/);

    const garbage = await same((s) => exchange(s.url, requestHead("GET", target, { host: new URL(s.url).host, authorization: "AWS4-HMAC-SHA256 nonsense" })), true);
    assertErrorShape(garbage, 403, "ForbiddenException", /not signed correctly/);
  });

  test("an unexpected failure is a 500 InternalServerErrorException naming the request ID, logged with it", T, async () => {
    const answer = await same((s) => signedGet(s, `/prod/inputs/${EXPLODING_ID}`), true);
    const json = assertErrorShape(answer, 500, "InternalServerErrorException");
    const id = header(answer, "x-amzn-requestid")!;
    assert.match(String(json.message), new RegExp(id));
    const logged = logLines.find((line) => line.reqId === id && line.msg === "unexpected error");
    assert.ok(logged, "the error is logged with the call's reqId");
    assert.equal((logged.err as { message?: string }).message, "simulated failure");
  });

  test("each call gets its own request ID, and its log line (debug for reads) carries it", T, async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add(header(await signedGet(fast, `/prod/inputs/${inputId}`), "x-amzn-requestid")!);
    assert.equal(ids.size, 5);
    for (const id of ids) {
      const line = logLines.find((entry) => entry.reqId === id && entry.msg === "api call");
      assert.ok(line, `api call logged for ${id}`);
      assert.equal(line.level, 20);
      assert.equal(line.operation, "DescribeInput");
      assert.equal(line.status, 200);
    }
    const missing = await signedGet(fast, "/prod/inputs/9999999");
    const line = logLines.find((entry) => entry.reqId === header(missing, "x-amzn-requestid") && entry.msg === "api call");
    assert.equal(line?.level, 30, "failures are logged at info");
    assert.equal(line?.errorCode, "OL_INPUT_NOT_FOUND");
  });

  test("several calls on one keep-alive connection are all answered", T, async () => {
    const base = new URL(fast.url);
    const heads: string[] = [];
    for (let i = 0; i < 4; i++) heads.push(requestHead("GET", i % 2 ? "/prod/inputs" : `/prod/inputs/${inputId}`, await signedHeaders(fast.url, i % 2 ? "/prod/inputs" : `/prod/inputs/${inputId}`)));
    const answers = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(base.port), base.hostname, () => socket.write(heads.join("")));
      let text = "";
      socket.on("data", (chunk: Buffer) => {
        text += chunk.toString("latin1");
        if ((text.match(/HTTP\/1\.1 200 OK/g) ?? []).length === 4 && text.endsWith("]}")) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on("error", reject);
      socket.setTimeout(10_000, () => socket.destroy(new Error(`only got: ${text}`)));
    });
    assert.equal((answers.match(/x-amzn-requestid: /g) ?? []).length, 4);
  });
});

describe("fast path: left to fastify", () => {
  test("a write, a GET with a body, %-escaped paths, HEAD and /healthz go through fastify, with the same answers", T, async () => {
    // A write: fastify reads the raw body; here both refuse it the same way (RTP_PUSH needs a security group).
    const body = JSON.stringify({ name: "w", type: "RTP_PUSH" });
    const post = await same(async (s) => {
      const signer = new SignatureV4({ credentials: CREDENTIALS, region: REGION, service: "medialive", sha256: NodeSha256, uriEscapePath: true, applyChecksum: false });
      const base = new URL(s.url);
      const signed = await signer.sign({ method: "POST", protocol: "http:", hostname: base.hostname, port: Number(base.port), path: "/prod/inputs", query: {}, headers: { host: base.host, "content-type": "application/json" }, body });
      const headers = Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
      return exchange(s.url, requestHead("POST", "/prod/inputs", { ...headers, "content-length": String(Buffer.byteLength(body)) }), body);
    }, false);
    assertErrorShape(post, 400, "BadRequestException");

    // A GET with a body is fastify's, whatever it makes of it (the signature covers the body).
    await same(async (s) => {
      const response = await rawRequest({ url: s.url, credentials: CREDENTIALS }, { method: "GET", path: `/prod/inputs/${inputId}`, body: "{}" });
      return { statusLine: `HTTP/1.1 ${response.status}`, headers: [["x-amzn-requestid", String(response.headers["x-amzn-requestid"])], ["content-type", String(response.headers["content-type"])]], body: response.text };
    }, false);

    // ListTagsForResource: the ARN label is percent-encoded on the wire.
    const arn = encodeURIComponent(`arn:aws:medialive:${REGION}:000000000000:input:${inputId}`);
    const tags = await same((s) => signedGet(s, `/prod/tags/${arn}`), false);
    assert.equal(status(tags), 200, tags.body);
    assert.deepEqual(JSON.parse(tags.body), { tags: {} });

    // A broken escape is refused by fastify's router, in MediaLive's error shape.
    const broken = await same((s) => signedGet(s, "/prod/inputs/%zz"), undefined);
    assertErrorShape(broken, 400, "BadRequestException");

    // HEAD is not a MediaLive method; fastify answers it (here: a GET signature does not verify for HEAD).
    const head = await same(async (s) => exchange(s.url, requestHead("HEAD", `/prod/inputs/${inputId}`, await signedHeaders(s.url, `/prod/inputs/${inputId}`)), "", true), false, false);
    assert.equal(status(head), 403);

    const health = await same((s) => exchange(s.url, requestHead("GET", "/healthz", { host: new URL(s.url).host })), false, false);
    assert.deepEqual(JSON.parse(health.body), { status: "ok" });
  });
});
