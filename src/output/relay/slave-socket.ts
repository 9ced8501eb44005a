// A private socket that one tee slave of the encoder writes to (`unix:<path>`),
// for outputs whose destination is a remote peer that may refuse, stall or go away: RTMP,
// SRT, Smooth publishing, CMAF ingest. The encoder never talks to such a peer itself: with
// tee's onfail=abort a refused connection would restart the one encoder and glitch every
// other output of the channel, and with onfail=ignore the output would stay dead until the
// next encoder restart. Instead the slave writes to this socket, which openlive owns and
// never refuses, and what is read here goes to a sender that owns the peer (a child process
// or an HTTP client) and reconnects on its own.
//
// Each accepted connection is one encoder run: the bytes of a fresh muxer output from its
// first byte (an MPEG-TS or fragmented-MP4 header). The socket always reads, whatever the
// sender does, so the encoder is never slowed by a destination; a sender that cannot keep up
// drops (its own bounded buffer decides what).
//
// The socket is a Unix domain socket in a folder of the pipeline's own folder that only
// openlive's user may enter (mode 0700): a local process of another user cannot connect to it,
// as it could to a loopback TCP port, and feed or reset an output.

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** The folder of the pipeline's folder that holds its relay sockets. */
export const RELAY_FOLDER = "relay";
/** sockaddr_un's sun_path holds 108 bytes with the terminating NUL (unix(7)). */
const MAX_SOCKET_PATH_BYTES = 107;

/** Where the bytes of each encoder run go. */
export interface SlaveStreamSink {
  /** An encoder run connected: the next bytes start a new muxer output. */
  streamStarted(): void;
  data(chunk: Buffer): void;
  /** The run's connection ended (the encoder stopped or restarts). */
  streamEnded(): void;
}

export class SlaveSocket {
  readonly #server: net.Server;
  readonly #path: string;
  /** The folder made for this socket alone (removed with it), when the pipeline's folder is too deep for a socket path. */
  readonly #temporaryFolder: string | undefined;
  readonly #connections = new Set<net.Socket>();
  #closing: Promise<void> | undefined;

  /** Listens on a new socket in `workDir`'s private relay folder. */
  static async open(sink: SlaveStreamSink, workDir: string): Promise<SlaveSocket> {
    const folder = privateFolder(workDir);
    const socketPath = path.join(folder.path, `${randomBytes(6).toString("hex")}.sock`);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ path: socketPath, exclusive: true }, () => {
        server.off("error", reject);
        resolve();
      });
    });
    return new SlaveSocket(server, socketPath, folder.temporary ? folder.path : undefined, sink);
  }

  private constructor(server: net.Server, socketPath: string, temporaryFolder: string | undefined, sink: SlaveStreamSink) {
    this.#server = server;
    this.#path = socketPath;
    this.#temporaryFolder = temporaryFolder;
    // Only openlive's own user can reach the socket; the encoder is its one client, and each
    // connection is a run. A second client of that user could at worst reset the sender's run
    // or feed it bytes that are not the expected format, which the senders bound (push/ and
    // rtmp/ cap their queues; fmp4/ refuses boxes over MAX_BOX_BYTES).
    server.on("connection", (socket) => {
      this.#connections.add(socket);
      sink.streamStarted();
      socket.on("data", (chunk: Buffer) => sink.data(chunk));
      socket.on("error", () => socket.destroy());
      socket.on("close", () => {
        this.#connections.delete(socket);
        sink.streamEnded();
      });
    });
  }

  /** The tee slave's output URL (ffmpeg's unix protocol). */
  get url(): string {
    return `unix:${this.#path}`;
  }

  /** Stops listening (the socket file goes with it) and drops a connected run. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      for (const socket of this.#connections) socket.destroy();
      this.#server.close(() => {
        if (this.#temporaryFolder) fs.rmSync(this.#temporaryFolder, { recursive: true, force: true });
        resolve();
      });
    });
    return this.#closing;
  }
}

/**
 * `workDir/relay`, made (or made again) mode 0700 and never followed through a link. A socket
 * path too long for sun_path (a deep data folder) goes to a fresh 0700 folder of the system's
 * temporary folder instead (mkdtemp makes it so), which is as private.
 */
function privateFolder(workDir: string): { readonly path: string; readonly temporary: boolean } {
  const folder = path.join(workDir, RELAY_FOLDER);
  if (Buffer.byteLength(path.join(folder, "000000000000.sock")) > MAX_SOCKET_PATH_BYTES) return { path: fs.mkdtempSync(path.join(os.tmpdir(), "openlive-relay-")), temporary: true };
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stat = fs.lstatSync(folder);
  if (!stat.isDirectory() || (typeof process.getuid === "function" && stat.uid !== process.getuid())) throw new Error(`${folder} is not a folder of openlive's own`);
  if ((stat.mode & 0o777) !== 0o700) fs.chmodSync(folder, 0o700);
  return { path: folder, temporary: false };
}
