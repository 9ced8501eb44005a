// The RTMP publisher's edge against receivers on loopback: a Node TLS (or TCP) server running
// openlive's own RTMP server session (the ingest side's protocol code), which decodes what the
// publisher sends. ffmpeg 5.1 cannot listen for rtmps, so TLS is tested here; the plain RTMP
// path also runs against `ffmpeg -listen 1` in the push outputs' e2e test.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { after, describe, it } from "node:test";
import pino from "pino";
import { RtmpPublisher } from "../../../../src/output/rtmp/rtmp-publisher.ts";
import type { RtmpTarget } from "../../../../src/output/rtmp/rtmp-targets.ts";
import { encodeAmf0 } from "../../../../src/protocols/rtmp/amf0.ts";
import { RtmpMessageTypes, writeChunks } from "../../../../src/protocols/rtmp/chunk-stream.ts";
import { RtmpServerSession, type RtmpEvent } from "../../../../src/protocols/rtmp/rtmp-server-session.ts";
import type { AlertEvent } from "../../../../src/shared/alerts.ts";
import { until } from "../../../helpers/until.ts";
import { AAC_CONFIG, AVC_CONFIG, aacFrame, flvTag, interframe, keyframe, runStart } from "./flv-fixtures.ts";

const certDir = fs.mkdtempSync(path.join(os.tmpdir(), "rtmp-publisher-"));
const made = spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", path.join(certDir, "key.pem"), "-out", path.join(certDir, "cert.pem"), "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"], { stdio: "ignore" });
assert.equal(made.status, 0, "openssl made the test certificate");
const KEY = fs.readFileSync(path.join(certDir, "key.pem"));
const CERT = fs.readFileSync(path.join(certDir, "cert.pem"));

interface Receiver {
  readonly port: number;
  /** Each connection's events, in order. */
  readonly sessions: RtmpEvent[][];
  readonly serverNames: (string | false | null)[];
  readonly sockets: net.Socket[];
  /** Each connection's connect tcUrl. */
  readonly tcUrls: string[];
  close(): Promise<void>;
}

/** A user the receiver knows, as an FMS server with authmod=adobe keeps it (salt and password). */
interface AdobeUser {
  readonly user: string;
  readonly salt: string;
  readonly password: string;
}

const SERVER_CHALLENGE = "OzMAAA==";
const SERVER_OPAQUE = "x+y/AA==";
const b64md5 = (text: string): string => createHash("md5").update(text).digest("base64");

/**
 * The server side of the adobe challenge, written here from the public description (not with
 * the client's module): a connect without the user is refused "need auth", one with the user
 * gets the challenge, one with the response is let through only when the response is right.
 */
function adobeVerdict(tcUrl: string, known: AdobeUser): string | undefined {
  const query = new Map(tcUrl.slice(tcUrl.indexOf("?") + 1).split("&").map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)] as const));
  if (!tcUrl.includes("?") || query.get("authmod") !== "adobe" || !query.get("user")) return "[ AccessManager.Reject ] : [ code=403 need auth; authmod=adobe ] : ";
  if (query.get("user") !== known.user) return "[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=nosuchuser";
  if (!query.has("response")) return `[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=needauth&user=${known.user}&salt=${known.salt}&challenge=${SERVER_CHALLENGE}&opaque=${SERVER_OPAQUE}`;
  const expected = b64md5(b64md5(known.user + known.salt + known.password) + SERVER_OPAQUE + query.get("challenge"));
  return query.get("opaque") === SERVER_OPAQUE && query.get("response") === expected ? undefined : "[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=authfailed&opaque=" + SERVER_OPAQUE;
}

async function startReceiver(secure: boolean, port = 0, known?: AdobeUser): Promise<Receiver> {
  const tcUrls: string[] = [];
  const sessions: RtmpEvent[][] = [];
  const serverNames: (string | false | null)[] = [];
  const sockets: net.Socket[] = [];
  const onSocket = (socket: net.Socket): void => {
    sockets.push(socket);
    if (socket instanceof tls.TLSSocket) serverNames.push(socket.servername);
    const session = new RtmpServerSession({ nowMs: Date.now() });
    const events: RtmpEvent[] = [];
    sessions.push(events);
    socket.on("data", (bytes: Buffer) => {
      for (const event of session.receive(bytes, Date.now())) {
        events.push(event);
        if (event.type === "connect") tcUrls.push(event.tcUrl ?? "");
        const refusal = event.type === "connect" && known ? adobeVerdict(event.tcUrl ?? "", known) : undefined;
        if (refusal !== undefined) {
          session.takeOutput();
          const info = { level: "error", code: "NetConnection.Connect.Rejected", description: refusal };
          socket.end(writeChunks({ chunkStreamId: 3, typeId: RtmpMessageTypes.COMMAND_AMF0, messageStreamId: 0, timestampMs: 0, payload: encodeAmf0("_error", 1, null, info) }, 128));
          return;
        }
        if (event.type === "publish") events.push(...session.acceptPublish());
      }
      for (const out of session.takeOutput()) socket.write(out);
    });
    socket.on("error", () => socket.destroy());
  };
  const server = secure ? tls.createServer({ key: KEY, cert: CERT }, onSocket) : net.createServer(onSocket);
  const close = closeWithConnections(server);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    sessions,
    serverNames,
    sockets,
    tcUrls,
    close,
  };
}

/** Closes the server and every connection it has (a TLS server's raw sockets too). */
function closeWithConnections(server: net.Server): () => Promise<void> {
  const connections = new Set<net.Socket>();
  server.on("connection", (socket: net.Socket) => {
    connections.add(socket);
    socket.on("close", () => connections.delete(socket));
  });
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of connections) socket.destroy();
      server.close(() => resolve());
    });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function target(port: number, secure: boolean, verifyCertificate = true): RtmpTarget {
  const scheme = secure ? "rtmps" : "rtmp";
  return {
    key: "social/yt",
    groupKey: "social",
    label: 'output "yt" of group "social"',
    peer: `${scheme}://localhost:${port}/live2`,
    endpoint: { tls: secure, host: "127.0.0.1", port, serverName: "localhost", verifyCertificate, app: "live2", tcUrl: `${scheme}://localhost:${port}/live2`, streamName: "secret-key" },
    retry: { retryIntervalMs: 50, numRetries: 1000, restartDelayMs: 50 },
    cache: { cacheLengthMs: 30_000, behavior: "DISCONNECT_IMMEDIATELY", maxBytes: 32 * 1024 * 1024 },
    alertType: "RTMP Output Connection Failed",
  };
}

/** What a receiver's session saw, short. */
function seen(events: readonly RtmpEvent[]): unknown[] {
  return events.map((event) => {
    if (event.type === "media") return [event.kind, event.timestampMs, Buffer.from(event.data).toString("hex")];
    if (event.type === "publish") return [event.type, event.app, event.streamKey];
    if (event.type === "metadata") return [event.type, event.name];
    return [event.type];
  });
}

const logger = pino({ level: "silent" });
const cleanup: (() => Promise<void>)[] = [];
after(async () => {
  for (const step of cleanup.reverse()) await step();
  fs.rmSync(certDir, { recursive: true, force: true });
});

describe("RtmpPublisher", { timeout: 30_000 }, () => {
  it("rtmps: alert SET while no server listens, CLEARED once it takes the publish (TLS with SNI, certificate checked), then headers and media from the keyframe", async () => {
    const port = await freePort();
    const alerts: AlertEvent[] = [];
    const publisher = new RtmpPublisher({ target: target(port, true), alert: (alert) => alerts.push(alert), logger, tlsOptions: { ca: CERT } });
    cleanup.push(() => publisher.close());
    publisher.streamStarted();
    publisher.data(Buffer.concat([runStart(), flvTag(9, 0, keyframe(1)), flvTag(8, 10, aacFrame(1))]));
    await until("the alert SET", () => alerts.find((alert) => alert.state === "SET"), 5_000);
    assert.match(alerts[0]!.message, /^output "yt" of group "social": cannot deliver to rtmps:\/\/localhost:\d+\/live2: .*ECONNREFUSED/);
    assert.doesNotMatch(alerts[0]!.message, /secret-key/);

    const receiver = await startReceiver(true, port);
    cleanup.push(() => receiver.close());
    await until("the alert CLEARED", () => alerts.find((alert) => alert.state === "CLEARED"), 5_000);
    assert.equal(publisher.publishing, true);
    assert.deepEqual(receiver.serverNames.at(-1), "localhost");
    // Tags of the run before the publish are not sent; the next keyframe starts it, after the kept headers.
    publisher.data(Buffer.concat([flvTag(9, 2033, interframe(2)), flvTag(9, 3000, keyframe(3)), flvTag(8, 3010, aacFrame(4)), flvTag(9, 3033, interframe(5))]));
    const events = receiver.sessions.at(-1)!;
    await until("the media", () => (events.filter((event) => event.type === "media").length >= 5 ? true : undefined), 5_000);
    assert.deepEqual(seen(events), [
      ["handshake"],
      ["connect"],
      ["publish", "live2", "secret-key"],
      ["metadata", "onMetaData"],
      ["video", 0, AVC_CONFIG.toString("hex")],
      ["audio", 0, AAC_CONFIG.toString("hex")],
      ["video", 0, keyframe(3).toString("hex")],
      ["audio", 10, aacFrame(4).toString("hex")],
      ["video", 33, interframe(5).toString("hex")],
    ]);
    await publisher.close();
    await until("the unpublish", () => events.find((event) => event.type === "unpublish"), 5_000);
  });

  it("a dropped connection is retried, and the new publish starts from the next keyframe with the headers again", async () => {
    const receiver = await startReceiver(false);
    cleanup.push(() => receiver.close());
    const alerts: AlertEvent[] = [];
    const publisher = new RtmpPublisher({ target: target(receiver.port, false), alert: (alert) => alerts.push(alert), logger });
    cleanup.push(() => publisher.close());
    publisher.streamStarted();
    publisher.data(runStart());
    await until("publishing", () => publisher.publishing || undefined, 5_000);
    publisher.data(flvTag(9, 0, keyframe(1)));
    await until("the first keyframe", () => (receiver.sessions[0]!.some((event) => event.type === "media" && event.data[5] === 1) ? true : undefined), 5_000);
    receiver.sockets[0]!.destroy();
    await until("the alert SET", () => alerts.find((alert) => alert.state === "SET"), 5_000);
    assert.match(alerts[0]!.message, /cannot deliver to rtmp:\/\/localhost:\d+\/live2: the server closed the connection/);
    await until("publishing again", () => (receiver.sessions.length === 2 && publisher.publishing ? true : undefined), 5_000);
    publisher.data(Buffer.concat([flvTag(9, 5033, interframe(2)), flvTag(9, 6000, keyframe(3))]));
    await until("the second publish's keyframe", () => (receiver.sessions[1]!.some((event) => event.type === "media" && event.kind === "video" && event.data[0] === 0x17 && event.data[1] === 1) ? true : undefined), 5_000);
    assert.deepEqual(seen(receiver.sessions[1]!).slice(3), [["metadata", "onMetaData"], ["video", 0, AVC_CONFIG.toString("hex")], ["audio", 0, AAC_CONFIG.toString("hex")], ["video", 0, keyframe(3).toString("hex")]]);
    assert.deepEqual(alerts.map((alert) => alert.state), ["SET", "CLEARED"]);
  });

  it("rtmps with certificate checking refuses a certificate it cannot verify; a server that never answers times out", async () => {
    const receiver = await startReceiver(true);
    cleanup.push(() => receiver.close());
    const alerts: AlertEvent[] = [];
    const strict = new RtmpPublisher({ target: target(receiver.port, true), alert: (alert) => alerts.push(alert), logger });
    cleanup.push(() => strict.close());
    strict.streamStarted();
    await until("the alert SET", () => alerts.find((alert) => alert.state === "SET"), 5_000);
    assert.match(alerts[0]!.message, /self[- ]signed certificate/);
    await strict.close();

    const silent = net.createServer(() => undefined);
    const closeSilent = closeWithConnections(silent);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanup.push(closeSilent);
    const mute: AlertEvent[] = [];
    const waiting = new RtmpPublisher({ target: target((silent.address() as net.AddressInfo).port, false), alert: (alert) => mute.push(alert), logger, publishTimeoutMs: 200 });
    cleanup.push(() => waiting.close());
    waiting.streamStarted();
    await until("the timeout", () => mute.find((alert) => alert.state === "SET"), 5_000);
    assert.match(mute[0]!.message, /the server did not accept the publish within 200 ms/);
    await waiting.close();
  });

  const KNOWN: AdobeUser = { user: "encoder1", salt: "8w+/AA==", password: "pa55 word+é" };
  const withCredentials = (port: number, password: string | undefined, retry?: RtmpTarget["retry"]): RtmpTarget => ({
    ...target(port, false),
    ...(retry ? { retry } : {}),
    credentials: { user: KNOWN.user, passwordParam: "rtmp-pass", password: () => password },
  });

  it("authmod=adobe: the user's connect gets the challenge, the next connection answers it and publishes; no alert, no password on the wire", async () => {
    const receiver = await startReceiver(false, 0, KNOWN);
    cleanup.push(() => receiver.close());
    const alerts: AlertEvent[] = [];
    const publisher = new RtmpPublisher({ target: withCredentials(receiver.port, KNOWN.password), alert: (alert) => alerts.push(alert), logger });
    cleanup.push(() => publisher.close());
    publisher.streamStarted();
    publisher.data(runStart());
    await until("publishing", () => publisher.publishing || undefined, 5_000);
    assert.equal(receiver.tcUrls.length, 2);
    assert.equal(receiver.tcUrls[0], `rtmp://localhost:${receiver.port}/live2?authmod=adobe&user=encoder1`);
    assert.match(receiver.tcUrls[1]!, new RegExp(`^rtmp://localhost:${receiver.port}/live2\\?authmod=adobe&user=encoder1&challenge=[A-Za-z0-9+/]{6}==&response=[A-Za-z0-9+/]{22}==&opaque=x\\+y/AA==$`));
    assert.ok(!receiver.tcUrls.some((url) => url.includes("pa55")));
    // FMLE's way: the query rides on app too, so the server's application sees it (and strips it).
    assert.deepEqual(seen(receiver.sessions[1]!).slice(0, 3), [["handshake"], ["connect"], ["publish", receiver.tcUrls[1]!.slice(`rtmp://localhost:${receiver.port}/`.length), "secret-key"]]);
    assert.deepEqual(alerts, []);
  });

  // The receiver's side of the challenge is written from the public description, as the
  // publisher's is; ffmpeg's RTMP client (libavformat/rtmpproto.c) is an implementation of the
  // client side that openlive did not write. It publishing through the receiver's check, and
  // being refused with a wrong password, shows that the check (and so the publisher that passes
  // it) computes what that independent client does.
  it("authmod=adobe: ffmpeg's own RTMP client passes the same receiver's challenge, and is refused with a wrong password", async () => {
    const ffmpegUser: AdobeUser = { user: "ffenc", salt: "c2FsdDEy", password: "s3cret" };
    const receiver = await startReceiver(false, 0, ffmpegUser);
    cleanup.push(() => receiver.close());
    const publish = (password: string): Promise<number | null> =>
      new Promise((resolve) => {
        const args = ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=10", "-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-f", "flv"];
        const child = spawn("ffmpeg", [...args, `rtmp://${ffmpegUser.user}:${password}@127.0.0.1:${receiver.port}/live2/cam`], { stdio: "ignore" });
        child.on("exit", (code) => resolve(code));
      });
    assert.equal(await publish(ffmpegUser.password), 0, "ffmpeg published through the challenge");
    const answered = receiver.tcUrls.findIndex((url) => url.includes("response="));
    assert.ok(answered > 0, `ffmpeg answered a challenge: ${JSON.stringify(receiver.tcUrls)}`);
    const events = seen(receiver.sessions[answered]!);
    assert.ok(events.some((event) => Array.isArray(event) && event[0] === "publish" && event[2] === "cam"), `the answering connection published: ${JSON.stringify(events.slice(0, 4))}`);
    assert.ok(events.some((event) => Array.isArray(event) && event[0] === "video"), "and sent video");

    const before = receiver.tcUrls.length;
    assert.notEqual(await publish("not-the-password"), 0, "ffmpeg with a wrong password is refused");
    const wrong = receiver.sessions.slice(before);
    assert.ok(receiver.tcUrls.slice(before).some((url) => url.includes("response=")), "it answered the challenge");
    assert.ok(!wrong.some((session) => session.some((event) => event.type === "publish")), "and never published");
  });

  it("authmod=adobe with a wrong password: each attempt refused (authfailed), alert naming the user and not the password, attempts counted until numRetries", async () => {
    const receiver = await startReceiver(false, 0, KNOWN);
    cleanup.push(() => receiver.close());
    const alerts: AlertEvent[] = [];
    const publisher = new RtmpPublisher({ target: withCredentials(receiver.port, "wrong-secret", { retryIntervalMs: 20, numRetries: 2, restartDelayMs: 0 }), alert: (alert) => alerts.push(alert), logger });
    cleanup.push(() => publisher.close());
    publisher.streamStarted();
    await until("the alert SET", () => alerts.find((alert) => alert.state === "SET"), 5_000);
    assert.match(alerts[0]!.message, /^output "yt" of group "social": cannot deliver to rtmp:\/\/localhost:\d+\/live2: RTMP server refused the credentials for user "encoder1"/);
    assert.doesNotMatch(alerts[0]!.message, /wrong-secret/);
    // 1 attempt + numRetries 2, each a challenged connect and a refused response; restartDelay 0: no more.
    await until("three attempts", () => (receiver.tcUrls.length >= 6 ? true : undefined), 5_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(receiver.tcUrls.length, 6);
    assert.equal(receiver.tcUrls.filter((url) => url.includes("response=")).length, 3);
    assert.equal(publisher.publishing, false);
  });

  it("authmod=adobe: a password secret missing from the store fails the attempt without connecting; a server asking for credentials the destination has not is told so", async () => {
    const receiver = await startReceiver(false, 0, KNOWN);
    cleanup.push(() => receiver.close());
    const alerts: AlertEvent[] = [];
    const missing = new RtmpPublisher({ target: withCredentials(receiver.port, undefined), alert: (alert) => alerts.push(alert), logger });
    cleanup.push(() => missing.close());
    missing.streamStarted();
    await until("the alert SET", () => alerts.find((alert) => alert.state === "SET"), 5_000);
    assert.match(alerts[0]!.message, /the password secret "rtmp-pass" is not in openlive's secret store/);
    assert.equal(receiver.tcUrls.length, 0);
    await missing.close();

    const plain: AlertEvent[] = [];
    const anonymous = new RtmpPublisher({ target: target(receiver.port, false), alert: (alert) => plain.push(alert), logger });
    cleanup.push(() => anonymous.close());
    anonymous.streamStarted();
    await until("the alert SET", () => plain.find((alert) => alert.state === "SET"), 5_000);
    assert.match(plain[0]!.message, /the RTMP server requires credentials \(authmod=adobe\): set username and passwordParam on the destination/);
    await anonymous.close();
  });
});
