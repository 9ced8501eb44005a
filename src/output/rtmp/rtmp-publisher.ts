// The publisher behind one RTMP output's relay socket (relay/slave-socket.ts): it reads the
// encoder's FLV (flv-tag-reader.ts), owns the TCP (rtmp://) or TLS (rtmps://) connection to
// the server, drives the RTMP client session over it (protocols/rtmp/rtmp-client-session.ts),
// and publishes the tags the gate lets through (flv-publish-gate.ts): each (re)connection
// starts with the metadata and sequence headers, then media from the next keyframe.
//
// A connection is opened for each encoder run, retried per the output's settings when the
// server refuses, times out or drops it (push/push-retry.ts), and bounded when the server
// stalls (push/push-cache.ts): the relay always reads, so a server never slows or stops the
// encoder. The output's alert is SET at the first failure and CLEARED when the server accepts
// the publish again (NetStream.Publish.Start).
//
// A destination with a username answers the server's authmod=adobe challenge
// (protocols/rtmp/rtmp-adobe-auth.ts): the first connect names the user, the server refuses it
// with a challenge, and the publisher connects again at once with the response; that pair is
// one attempt. Wrong credentials (authfailed, or a new challenge for the response) fail the
// attempt like any refusal, and the retries go on.
//
// With adMarkers ON_CUE_POINT_SCTE35 (the target's cuePoints), each splice marked on a picture
// that is published goes just before it as an onCuePoint message (flv-cue-points.ts).

import { createHash, randomBytes } from "node:crypto";
import net from "node:net";
import tls from "node:tls";
import type { Logger } from "pino";
import { adobeAuthConnectQuery, type AdobeChallenge } from "../../protocols/rtmp/rtmp-adobe-auth.ts";
import { RtmpClientSession, RtmpMediaKinds, type RtmpMediaKind } from "../../protocols/rtmp/rtmp-client-session.ts";
import type { AlertEvent } from "../../shared/alerts.ts";
import { CacheDecisions, PushCache } from "../push/push-cache.ts";
import { PushRetry, nextAttemptText } from "../push/push-retry.ts";
import type { SlaveStreamSink } from "../relay/slave-socket.ts";
import type { SpliceMarkLog } from "../hls/splice-mark-log.ts";
import { FlvCuePoints } from "./flv-cue-points.ts";
import { FlvPublishGate } from "./flv-publish-gate.ts";
import { FlvTagReader, FlvTagTypes, type FlvTag } from "./flv-tag-reader.ts";
import type { RtmpEndpoint, RtmpTarget } from "./rtmp-targets.ts";

/** A server that has not accepted the TCP/TLS connection by then is given up (an attempt that failed). */
export const RTMP_CONNECT_TIMEOUT_MS = 10_000;
/** …and one that has not accepted the publish this long after the connection opened. */
export const RTMP_PUBLISH_TIMEOUT_MS = 10_000;

export interface RtmpPublisherOptions {
  readonly target: RtmpTarget;
  readonly alert: (alert: AlertEvent) => void;
  readonly logger: Logger;
  readonly nowMs?: () => number;
  readonly connectTimeoutMs?: number;
  readonly publishTimeoutMs?: number;
  /** Extra TLS options (tests: a CA of their own). */
  readonly tlsOptions?: tls.ConnectionOptions;
  /** What the splice marks stand for: with it (and the target's cuePoints), splices go out as onCuePoint messages. */
  readonly spliceMarks?: SpliceMarkLog;
}

interface Connection {
  readonly socket: net.Socket;
  readonly session: RtmpClientSession;
  /** Nothing arrived in time: the connect or the publish timeout. */
  timer: NodeJS.Timeout | undefined;
  /** We ended it (the encoder's run ended, or close): its close is no failure. */
  ended: boolean;
  failed: boolean;
  /** Its connect carried the response to a challenge. */
  readonly answering: boolean;
}

/** Bytes of the client's own challenge (FMLE sends a base64 32-bit value). */
const CLIENT_CHALLENGE_BYTES = 4;

const KIND_OF_TAG: Readonly<Record<number, RtmpMediaKind>> = { [FlvTagTypes.AUDIO]: RtmpMediaKinds.AUDIO, [FlvTagTypes.VIDEO]: RtmpMediaKinds.VIDEO, [FlvTagTypes.SCRIPT]: RtmpMediaKinds.DATA };

export class RtmpPublisher implements SlaveStreamSink {
  readonly #options: RtmpPublisherOptions;
  readonly #nowMs: () => number;
  readonly #retry: PushRetry;
  readonly #cache: PushCache;
  readonly #gate = new FlvPublishGate();
  readonly #cuePoints: FlvCuePoints | undefined;
  #reader = new FlvTagReader();
  #connection: Connection | undefined;
  #streaming = false;
  #timer: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;
  /** The server's last challenge, answered by the next connection (once). */
  #challenge: AdobeChallenge | undefined;

  constructor(options: RtmpPublisherOptions) {
    this.#options = options;
    this.#nowMs = options.nowMs ?? Date.now;
    this.#retry = new PushRetry(options.target.retry);
    this.#cache = new PushCache(options.target.cache);
    this.#cuePoints = options.target.cuePoints && options.spliceMarks ? new FlvCuePoints(options.spliceMarks) : undefined;
  }

  /** Whether the server currently takes the publish. */
  get publishing(): boolean {
    return this.#connection?.session.state === "publishing";
  }

  streamStarted(): void {
    if (this.#closing) return;
    this.#streaming = true;
    this.#reader = new FlvTagReader();
    this.#gate.reset();
    this.#retry.newRound();
    // A challenge of an earlier run may have lapsed on the server: the new run asks for a fresh one.
    this.#challenge = undefined;
    // A new encoder run restarts its timestamps: a new publish, as a new sender would make.
    this.#end();
    this.#connect();
  }

  data(chunk: Buffer): void {
    if (!this.#streaming) return;
    const hadError = this.#reader.error !== undefined;
    const { tags, error } = this.#reader.push(chunk);
    if (error !== undefined && !hadError) this.#options.logger.error({ output: this.#options.target.label, error }, "RTMP output: the encoder's FLV cannot be read");
    // The tags of one chunk leave in one write (writev), not one system call each.
    const socket = this.#connection?.socket;
    socket?.cork();
    for (const tag of tags) this.#publish(tag);
    socket?.uncork();
  }

  streamEnded(): void {
    this.#streaming = false;
    this.#clearTimer();
    this.#end();
  }

  /** Ends the publish and the connection. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#streaming = false;
      this.#clearTimer();
      const socket = this.#connection?.socket;
      this.#end();
      if (socket && !socket.destroyed) await new Promise<void>((resolve) => socket.once("close", () => resolve()));
    })();
    return this.#closing;
  }

  #publish(tag: FlvTag): void {
    const connection = this.#connection;
    const publishing = connection?.session.state === "publishing";
    for (const out of this.#gate.take(tag, publishing)) {
      if (!connection) return;
      const decision = this.#cache.offer(this.#nowMs(), connection.socket.writableLength, out.data.length);
      if (decision === CacheDecisions.DROP) {
        // What follows a dropped tag would not decode: start again from the next keyframe.
        this.#gate.restart();
        return;
      }
      if (decision === CacheDecisions.DISCONNECT) {
        this.#failed(connection, `the server stalls past cacheLength (${connection.socket.writableLength} bytes queued)`);
        return;
      }
      for (const cue of this.#cuePoints?.before(out) ?? []) connection.session.sendDataMessage(out.timestampMs, cue);
      connection.session.sendTag(KIND_OF_TAG[out.type] ?? RtmpMediaKinds.DATA, out.timestampMs, out.data);
      this.#flush(connection);
    }
  }

  #connect(): void {
    this.#clearTimer();
    if (!this.#streaming || this.#closing) return;
    const { endpoint } = this.#options.target;
    const auth = this.#authQuery();
    if (typeof auth === "string") return this.#attemptFailed(auth);
    const socket = openSocket(endpoint, this.#options.tlsOptions);
    const session = new RtmpClientSession({ app: endpoint.app, tcUrl: endpoint.tcUrl, streamName: endpoint.streamName, nowMs: this.#nowMs(), ...auth.options });
    const connection: Connection = { socket, session, timer: undefined, ended: false, failed: false, answering: auth.answering };
    this.#connection = connection;
    this.#cache.reset();
    this.#gate.restart();
    socket.setNoDelay(true);
    connection.timer = setTimeout(() => this.#failed(connection, `no connection within ${this.#options.connectTimeoutMs ?? RTMP_CONNECT_TIMEOUT_MS} ms`), this.#options.connectTimeoutMs ?? RTMP_CONNECT_TIMEOUT_MS);
    socket.once(endpoint.tls ? "secureConnect" : "connect", () => {
      clearTimeout(connection.timer);
      connection.timer = setTimeout(() => this.#failed(connection, `the server did not accept the publish within ${this.#options.publishTimeoutMs ?? RTMP_PUBLISH_TIMEOUT_MS} ms`), this.#options.publishTimeoutMs ?? RTMP_PUBLISH_TIMEOUT_MS);
      session.start(this.#nowMs());
      this.#flush(connection);
    });
    socket.on("data", (bytes: Buffer) => {
      for (const event of session.receive(bytes, this.#nowMs())) {
        if (event.type === "error") return this.#failed(connection, event.reason);
        if (event.type === "auth-challenge") return this.#challenged(connection, event);
        clearTimeout(connection.timer);
        this.#options.logger.info({ output: this.#options.target.label, peer: this.#options.target.peer }, "RTMP output: publishing");
        if (this.#retry.delivered()) this.#alert("CLEARED", `${this.#options.target.label}: delivering to ${this.#options.target.peer} again`);
      }
      this.#flush(connection);
    });
    socket.on("error", (error: Error) => this.#failed(connection, error.message));
    socket.on("close", () => this.#failed(connection, "the server closed the connection"));
  }

  #flush(connection: Connection): void {
    if (connection.socket.destroyed) return;
    for (const bytes of connection.session.takeOutput()) connection.socket.write(bytes);
  }

  /** Ends the current connection on our side (no failure): FCUnpublish and deleteStream, then FIN. */
  #end(): void {
    const connection = this.#connection;
    if (!connection) return;
    this.#connection = undefined;
    connection.ended = true;
    clearTimeout(connection.timer);
    connection.session.unpublish();
    this.#flush(connection);
    connection.session.close();
    connection.socket.end();
    // A server that does not close its side is not waited for.
    setTimeout(() => connection.socket.destroy(), 2_000).unref();
  }

  /**
   * The query of the next connect: the user alone, or the response to the server's last
   * challenge; a string when the password cannot be had (the attempt fails without connecting).
   */
  #authQuery(): { options: { authQuery?: string; authUser?: string }; answering: boolean } | string {
    const credentials = this.#options.target.credentials;
    if (!credentials) return { options: {}, answering: false };
    const password = credentials.password();
    if (password === undefined) return `the password secret "${credentials.passwordParam}" is not in openlive's secret store`;
    const challenge = this.#challenge;
    this.#challenge = undefined;
    const { user } = credentials;
    const authQuery = adobeAuthConnectQuery(user, password, challenge, randomBytes(CLIENT_CHALLENGE_BYTES).toString("base64"), md5Base64);
    return { options: { authQuery, authUser: user }, answering: challenge !== undefined };
  }

  /** The server challenged this connection: answered at once on a new one, unless this one carried a response already. */
  #challenged(connection: Connection, challenge: AdobeChallenge): void {
    this.#challenge = { salt: challenge.salt, challenge: challenge.challenge, opaque: challenge.opaque };
    if (connection.answering) return this.#failed(connection, `RTMP server refused the credentials for user "${this.#options.target.credentials?.user ?? ""}" (authmod=adobe: it challenged the response again)`);
    connection.ended = true;
    clearTimeout(connection.timer);
    connection.session.close();
    connection.socket.destroy();
    if (this.#connection === connection) this.#connection = undefined;
    this.#connect();
  }

  #failed(connection: Connection, reason: string): void {
    if (connection.ended || connection.failed) return;
    connection.failed = true;
    clearTimeout(connection.timer);
    connection.session.close();
    connection.socket.destroy();
    if (this.#connection === connection) this.#connection = undefined;
    this.#attemptFailed(reason);
  }

  /** One attempt failed: counted by the retry logic, alert raised per its verdict, next attempt scheduled. */
  #attemptFailed(reason: string): void {
    if (this.#closing || !this.#streaming) return;
    const { target, logger } = this.#options;
    const verdict = this.#retry.failed();
    const next = nextAttemptText(verdict);
    logger.warn({ output: target.label, peer: target.peer, reason, next }, "RTMP output: cannot deliver");
    if (verdict.raise) this.#alert("SET", `${target.label}: cannot deliver to ${target.peer}: ${reason}`);
    if (verdict.delayMs === undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#connect();
    }, verdict.delayMs);
  }

  #alert(state: "SET" | "CLEARED", message: string): void {
    this.#options.alert({ alertType: this.#options.target.alertType, message, state, atMs: this.#nowMs() });
  }

  #clearTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

function md5Base64(text: string): string {
  return createHash("md5").update(text, "utf8").digest("base64");
}

function openSocket(endpoint: RtmpEndpoint, tlsOptions: tls.ConnectionOptions | undefined): net.Socket {
  if (!endpoint.tls) return net.connect({ host: endpoint.host, port: endpoint.port });
  return tls.connect({ host: endpoint.host, port: endpoint.port, ...(endpoint.serverName ? { servername: endpoint.serverName } : {}), rejectUnauthorized: endpoint.verifyCertificate, ...tlsOptions });
}
