// The SRT listener endpoint of one pipeline of an input. SRT itself (handshake, ARQ,
// AES decryption) is done by Debian's srt-live-transmit, listening on loopback; in front
// of it, this UDP "front door" owns the public port, checks every datagram's source
// against the input security groups (dropped and counted when not allowed) and relays
// allowed traffic both ways. srt-live-transmit writes the decrypted MPEG-TS to a local UDP
// socket of ours, which hands it on like the RTP endpoint does. The child process is
// supervised and restarted.

import type { ChildProcess } from "node:child_process";
import { spawnTiedChild } from "../pull/spawn-tied-child.ts";
import dgram from "node:dgram";
import { isIPv6 } from "node:net";
import type { SrtAlgorithm } from "../../domain/records.ts";
import type { AllowList } from "../allow-list.ts";

const RESTART_DELAY_MS = 1_000;
/** A relay for one remote address closes after this long without traffic. */
const RELAY_IDLE_MS = 30_000;
const KEY_LENGTH_BYTES: Readonly<Record<SrtAlgorithm, number>> = { AES128: 16, AES192: 24, AES256: 32 };

export interface SrtListenerEndpointOptions {
  readonly address: string;
  readonly port: number;
  readonly allowList: AllowList;
  readonly minimumLatencyMs: number;
  readonly streamId?: string;
  /** The decryption passphrase (resolved from passphraseSecretArn) and its algorithm. */
  readonly passphrase: string;
  readonly algorithm: SrtAlgorithm;
  readonly onTs: (bytes: Uint8Array, nowMs: number) => void;
  readonly onChildExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  readonly nowMs?: () => number;
}

export interface SrtListenerEndpointStats {
  readonly datagramsIn: number;
  readonly disallowedDatagrams: number;
  readonly tsBytesOut: number;
  readonly childRestarts: number;
}

interface Relay {
  readonly socket: dgram.Socket;
  lastActivityMs: number;
}

async function bindUdp(type: "udp4" | "udp6", port: number, address: string): Promise<dgram.Socket> {
  const socket = dgram.createSocket(type);
  socket.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, address, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  return socket;
}

export class SrtListenerEndpoint {
  readonly #options: SrtListenerEndpointOptions;
  readonly #nowMs: () => number;
  readonly #relays = new Map<string, Relay>();
  #frontDoor: dgram.Socket | undefined;
  #tsSink: dgram.Socket | undefined;
  #child: ChildProcess | undefined;
  #childPort = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  #sweepTimer: NodeJS.Timeout | undefined;
  #closed = false;
  #stats = { datagramsIn: 0, disallowedDatagrams: 0, tsBytesOut: 0, childRestarts: 0 };

  constructor(options: SrtListenerEndpointOptions) {
    this.#options = options;
    this.#nowMs = options.nowMs ?? Date.now;
  }

  get stats(): SrtListenerEndpointStats {
    return { ...this.#stats };
  }

  /** The running srt-live-transmit's pid (tests kill it to check supervision). */
  get childPidForTesting(): number | undefined {
    return this.#child?.pid;
  }

  async start(): Promise<void> {
    this.#tsSink = await bindUdp("udp4", 0, "127.0.0.1");
    this.#tsSink.on("message", (datagram) => {
      this.#stats.tsBytesOut += datagram.length;
      this.#options.onTs(new Uint8Array(datagram.buffer, datagram.byteOffset, datagram.length), this.#nowMs());
    });
    // The child's loopback port: found free by binding, then handed to the child.
    const probe = await bindUdp("udp4", 0, "127.0.0.1");
    this.#childPort = probe.address().port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    this.#spawnChild();

    this.#frontDoor = await bindUdp(isIPv6(this.#options.address) ? "udp6" : "udp4", this.#options.port, this.#options.address);
    this.#frontDoor.on("message", (datagram, remote) => this.#fromCaller(datagram, remote));
    this.#sweepTimer = setInterval(() => this.#sweepRelays(), RELAY_IDLE_MS / 3);
    this.#sweepTimer.unref();
  }

  #childArgs(): string[] {
    const params = new URLSearchParams({
      mode: "listener",
      latency: String(this.#options.minimumLatencyMs),
      passphrase: this.#options.passphrase,
      pbkeylen: String(KEY_LENGTH_BYTES[this.#options.algorithm]),
      ...(this.#options.streamId ? { streamid: this.#options.streamId } : {}),
    });
    return ["-q", "-a:yes", `srt://127.0.0.1:${this.#childPort}?${params.toString()}`, `udp://127.0.0.1:${this.#tsSink!.address().port}`];
  }

  #spawnChild(): void {
    if (this.#closed) return;
    // Tied to this process: a pipeline worker killed with SIGKILL takes its SRT child along.
    const child = spawnTiedChild("srt-live-transmit", this.#childArgs());
    child.stdout.resume();
    child.stderr.resume();
    this.#child = child;
    child.on("error", () => {});
    child.once("exit", (code, signal) => {
      if (this.#child === child) this.#child = undefined;
      if (this.#closed) return;
      this.#options.onChildExit?.(code, signal);
      this.#stats.childRestarts += 1;
      this.#restartTimer = setTimeout(() => this.#spawnChild(), RESTART_DELAY_MS);
    });
  }

  async #fromCaller(datagram: Buffer, remote: dgram.RemoteInfo): Promise<void> {
    this.#stats.datagramsIn += 1;
    if (!this.#options.allowList.admit(remote.address)) {
      this.#stats.disallowedDatagrams += 1;
      return;
    }
    const key = `${remote.address}|${remote.port}`;
    let relay = this.#relays.get(key);
    if (!relay) {
      const socket = dgram.createSocket("udp4");
      socket.on("error", () => {});
      relay = { socket, lastActivityMs: this.#nowMs() };
      this.#relays.set(key, relay);
      // Answers of srt-live-transmit go back to the caller through the public port.
      socket.on("message", (answer) => {
        relay!.lastActivityMs = this.#nowMs();
        this.#frontDoor?.send(answer, remote.port, remote.address);
      });
    }
    relay.lastActivityMs = this.#nowMs();
    relay.socket.send(datagram, this.#childPort, "127.0.0.1");
  }

  #sweepRelays(): void {
    const nowMs = this.#nowMs();
    for (const [key, relay] of this.#relays) {
      if (nowMs - relay.lastActivityMs > RELAY_IDLE_MS) {
        relay.socket.close();
        this.#relays.delete(key);
      }
    }
  }

  /** Stops the front door, the relays and the child; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    if (this.#sweepTimer) clearInterval(this.#sweepTimer);
    for (const relay of this.#relays.values()) relay.socket.close();
    this.#relays.clear();
    const child = this.#child;
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
      await exited;
      clearTimeout(timer);
    }
    for (const socket of [this.#frontDoor, this.#tsSink]) if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
