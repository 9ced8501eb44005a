// The RTMP push endpoint of one pipeline of an input: a TCP server that takes one
// publisher on its `app/instance` (the input's destination streamName). The allow-list is
// checked at accept, before a byte of handshake (disallowed sockets are closed and
// counted). While the channel is not running the handshake is not completed, as
// MediaLive does: encoders keep retrying. A wrong app or stream key gets
// NetStream.Publish.BadName and the socket closes; so does a second publisher.
// This file owns sockets; the protocol is protocols/rtmp, the FLV conversion is pure.

import net from "node:net";
import type { AccessUnit } from "../../media/types.ts";
import { RtmpServerSession, type RtmpEvent } from "../../protocols/rtmp/rtmp-server-session.ts";
import type { AllowList } from "../allow-list.ts";
import { FlvToAccessUnits } from "./flv-to-access-units.ts";

export interface RtmpPushEndpointOptions {
  readonly address: string;
  readonly port: number;
  /** The destination's streamName, "app/instance". */
  readonly streamName: string;
  readonly allowList: AllowList;
  /** Whether the attached channel runs: until then handshakes wait. */
  readonly acceptingPublishers: boolean;
  readonly nowMs?: () => number;
  readonly onAccessUnit: (unit: AccessUnit, nowMs: number) => void;
  /** A codec RTMP inputs do not carry (H.264 and AAC only), reported once per codec and publish. */
  readonly onUnsupportedCodec?: (kind: "audio" | "video", codecName: string) => void;
  readonly onPublisher?: (event: { readonly state: "publishing" | "stopped"; readonly remoteAddress: string }) => void;
}

export interface RtmpPushEndpointStats {
  readonly connections: number;
  readonly disallowedConnections: number;
  readonly rejectedPublishes: number;
  readonly accessUnits: number;
  readonly bytesIn: number;
}

interface Connection {
  readonly socket: net.Socket;
  readonly session: RtmpServerSession;
  readonly converter: FlvToAccessUnits;
  publishing: boolean;
}

export class RtmpPushEndpoint {
  readonly #options: RtmpPushEndpointOptions;
  readonly #nowMs: () => number;
  readonly #connections = new Set<Connection>();
  #server: net.Server | undefined;
  #accepting: boolean;
  #publisher: Connection | undefined;
  #closed = false;
  #stats = { connections: 0, disallowedConnections: 0, rejectedPublishes: 0, accessUnits: 0, bytesIn: 0 };

  constructor(options: RtmpPushEndpointOptions) {
    this.#options = options;
    this.#nowMs = options.nowMs ?? Date.now;
    this.#accepting = options.acceptingPublishers;
  }

  get stats(): RtmpPushEndpointStats {
    return { ...this.#stats };
  }

  async start(): Promise<void> {
    const server = net.createServer((socket) => this.#onConnection(socket));
    this.#server = server;
    server.on("error", () => {});
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.#options.port, this.#options.address, () => {
        server.off("error", reject);
        resolve();
      });
    });
  }

  /** The channel started or stopped: waiting handshakes complete, or new ones wait. */
  setAcceptingPublishers(accepting: boolean): void {
    this.#accepting = accepting;
    if (!accepting) return;
    for (const connection of this.#connections) this.#handle(connection, connection.session.allowHandshake(this.#nowMs()));
  }

  #onConnection(socket: net.Socket): void {
    this.#stats.connections += 1;
    if (this.#closed || !this.#options.allowList.admit(socket.remoteAddress ?? "")) {
      this.#stats.disallowedConnections += 1;
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const connection: Connection = { socket, session: new RtmpServerSession({ nowMs: this.#nowMs(), handshakeAllowed: this.#accepting }), converter: new FlvToAccessUnits(), publishing: false };
    this.#connections.add(connection);
    socket.on("data", (chunk: Buffer) => {
      this.#stats.bytesIn += chunk.length;
      this.#handle(connection, connection.session.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length), this.#nowMs()));
    });
    socket.on("error", () => {});
    socket.on("close", () => this.#drop(connection));
  }

  #handle(connection: Connection, events: readonly RtmpEvent[]): void {
    for (const event of events) {
      switch (event.type) {
        case "publish": {
          const wanted = this.#options.streamName;
          const busy = this.#publisher !== undefined && this.#publisher !== connection;
          if (`${event.app}/${event.streamKey}` !== wanted || busy) {
            this.#stats.rejectedPublishes += 1;
            connection.session.rejectPublish();
            this.#flush(connection);
            connection.socket.end();
            return;
          }
          this.#publisher = connection;
          connection.publishing = true;
          this.#options.onPublisher?.({ state: "publishing", remoteAddress: connection.socket.remoteAddress ?? "" });
          this.#handle(connection, connection.session.acceptPublish());
          break;
        }
        case "media": {
          const nowMs = this.#nowMs();
          const results = event.kind === "video" ? connection.converter.video(event.data, event.timestampMs) : connection.converter.audio(event.data, event.timestampMs);
          for (const result of results) {
            if (result.type === "unit") {
              this.#stats.accessUnits += 1;
              this.#options.onAccessUnit(result.unit, nowMs);
            } else if (result.type === "unsupported") this.#options.onUnsupportedCodec?.(result.kind, result.codecName);
          }
          break;
        }
        case "unpublish":
          this.#stopPublishing(connection);
          break;
        case "error":
          connection.socket.destroy();
          return;
        default:
          break;
      }
    }
    this.#flush(connection);
  }

  #flush(connection: Connection): void {
    for (const bytes of connection.session.takeOutput()) if (!connection.socket.destroyed) connection.socket.write(bytes);
  }

  #stopPublishing(connection: Connection): void {
    if (!connection.publishing) return;
    connection.publishing = false;
    if (this.#publisher === connection) this.#publisher = undefined;
    this.#options.onPublisher?.({ state: "stopped", remoteAddress: connection.socket.remoteAddress ?? "" });
  }

  #drop(connection: Connection): void {
    this.#stopPublishing(connection);
    connection.session.close();
    this.#connections.delete(connection);
  }

  /** Closes every connection and stops listening; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const connection of this.#connections) connection.socket.destroy();
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
