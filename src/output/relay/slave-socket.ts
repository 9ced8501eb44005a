// A loopback socket that one tee slave of the encoder writes to (`tcp://127.0.0.1:<port>`),
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

import net from "node:net";

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
  readonly #port: number;
  readonly #connections = new Set<net.Socket>();
  #closing: Promise<void> | undefined;

  /** Listens on 127.0.0.1 on a free port. */
  static async open(sink: SlaveStreamSink): Promise<SlaveSocket> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host: "127.0.0.1", port: 0 }, () => {
        server.off("error", reject);
        resolve();
      });
    });
    return new SlaveSocket(server, sink);
  }

  private constructor(server: net.Server, sink: SlaveStreamSink) {
    this.#server = server;
    this.#port = (server.address() as net.AddressInfo).port;
    // The encoder is meant to be the only client, but nothing here tells it from another
    // local process on loopback: every connection is taken for a run. A stray client can at
    // worst reset the sender's run or feed it bytes that are not the expected format, which
    // the senders bound (push/ caps its queue; fmp4/ refuses boxes over MAX_BOX_BYTES).
    server.on("connection", (socket) => {
      this.#connections.add(socket);
      socket.setNoDelay(true);
      sink.streamStarted();
      socket.on("data", (chunk: Buffer) => sink.data(chunk));
      socket.on("error", () => socket.destroy());
      socket.on("close", () => {
        this.#connections.delete(socket);
        sink.streamEnded();
      });
    });
  }

  /** The tee slave's output URL. */
  get url(): string {
    return `tcp://127.0.0.1:${this.#port}`;
  }

  /** Stops listening and drops a connected run. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      for (const socket of this.#connections) socket.destroy();
      this.#server.close(() => resolve());
    });
    return this.#closing;
  }
}
