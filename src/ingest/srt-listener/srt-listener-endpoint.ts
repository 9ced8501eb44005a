// The SRT listener endpoint of one pipeline of an input. SRT itself (handshake, ARQ, AES
// decryption) is done by Debian ffmpeg's libsrt, listening on loopback; in front of it, this
// UDP "front door" owns the public port, checks every datagram's source against the input
// security groups (dropped and counted when not allowed) and relays allowed traffic both
// ways. The child writes the decrypted MPEG-TS to its stdout, a pipe only this process holds:
// there is no local port where clear TS could be injected. The child is supervised and
// restarted (shared/process/supervised-child.ts).
//
// Why ffmpeg and not srt-live-transmit: srt-live-transmit 1.5.1 takes the passphrase only in
// its URI argument (no config file, no environment variable), and every local user reads
// argv in /proc/<pid>/cmdline. ffmpeg reads the listener URL and the passphrase from an
// ffconcat script on its stdin (../pull/ffconcat-script.ts). It remuxes video and audio to
// MPEG-TS (-c copy) and serves one caller per run: when the caller leaves, the child exits
// and the next one listens again at once.
//
// Relays: one UDP socket per caller (source address and port), made only for an SRT
// induction handshake and capped (srt-relay-table.ts), so a flood of datagrams from many
// source ports cannot take the worker's file descriptors.

import dgram from "node:dgram";
import { isIPv6 } from "node:net";
import type { SrtAlgorithm } from "../../domain/records.ts";
import { isSrtInductionHandshake } from "../../protocols/srt/srt-handshake.ts";
import type { AllowList } from "../allow-list.ts";
import { ffconcatInputArgs, ffconcatScript } from "../pull/ffconcat-script.ts";
import { FFMPEG_COMMAND, TS_TO_STDOUT_ARGS } from "../pull/pull-child-args.ts";
import { PROCESS_BACKOFF } from "../../shared/backoff.ts";
import type { ChildCommand } from "../../shared/process/child-run.ts";
import { Restarts, SupervisedChild } from "../../shared/process/supervised-child.ts";
import { SrtRelayTable, type SrtRelayLimits } from "./srt-relay-table.ts";

const KEY_LENGTH_BYTES: Readonly<Record<SrtAlgorithm, number>> = { AES128: 16, AES192: 24, AES256: 32 } as const;
/** ffmpeg's libsrt options take latency in µs. */
const US_PER_MS = 1000;
const KILL_GRACE_MS = 2_000;

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
  /** Relay caps and timeouts (srt-relay-table.ts has the defaults). */
  readonly relayLimits?: Partial<SrtRelayLimits>;
}

export interface SrtListenerEndpointStats {
  readonly datagramsIn: number;
  readonly disallowedDatagrams: number;
  readonly tsBytesOut: number;
  readonly childRestarts: number;
  /** Relay sockets open now. */
  readonly relays: number;
  /** Allowed datagrams that got no relay: not an induction handshake from a new caller, or over a cap. */
  readonly relayRefusals: number;
}

export class SrtListenerEndpoint {
  readonly #options: SrtListenerEndpointOptions;
  readonly #nowMs: () => number;
  readonly #relays: SrtRelayTable<dgram.Socket>;
  readonly #relaySweepMs: number;
  #frontDoor: dgram.Socket | undefined;
  readonly #child: SupervisedChild;
  #childPort = 0;
  #sweepTimer: NodeJS.Timeout | undefined;
  #closed = false;
  #stats = { datagramsIn: 0, disallowedDatagrams: 0, tsBytesOut: 0, childRestarts: 0, relayRefusals: 0 };

  constructor(options: SrtListenerEndpointOptions) {
    this.#options = options;
    this.#nowMs = options.nowMs ?? Date.now;
    this.#relays = new SrtRelayTable(options.relayLimits);
    this.#relaySweepMs = Math.max(100, Math.min(1_000, (options.relayLimits?.pendingTimeoutMs ?? 3_000) / 2));
    // A child that ended normally (its caller left) is replaced at once; after a failure,
    // with the process backoff.
    this.#child = new SupervisedChild({
      command: () => this.#childCommand(),
      backoff: PROCESS_BACKOFF,
      graceMs: KILL_GRACE_MS,
      nowMs: this.#nowMs,
      onStart: (run) =>
        run.stdout?.on("data", (chunk: Buffer) => {
          this.#stats.tsBytesOut += chunk.length;
          this.#options.onTs(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length), this.#nowMs());
        }),
      onExit: (exit) => {
        if (this.#closed) return Restarts.STOP;
        this.#options.onChildExit?.(exit.code, exit.signal);
        this.#stats.childRestarts += 1;
        return exit.code === 0 ? Restarts.NOW : Restarts.BACKOFF;
      },
    });
  }

  get stats(): SrtListenerEndpointStats {
    return { ...this.#stats, relays: this.#relays.size };
  }

  /** The running child's pid (tests kill it to check supervision). */
  get childPidForTesting(): number | undefined {
    return this.#child.pid;
  }

  async start(): Promise<void> {
    // The child's loopback port: found free by binding, then handed to the child.
    const probe = await bindUdp("udp4", 0, "127.0.0.1");
    this.#childPort = probe.address().port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    this.#child.start();

    this.#frontDoor = await bindUdp(isIPv6(this.#options.address) ? "udp6" : "udp4", this.#options.port, this.#options.address);
    this.#frontDoor.on("message", (datagram, remote) => this.#fromCaller(datagram, remote));
    this.#sweepTimer = setInterval(() => this.#sweepRelays(), this.#relaySweepMs);
    this.#sweepTimer.unref();
  }

  #childScript(): string | undefined {
    const script = ffconcatScript({
      url: `srt://127.0.0.1:${this.#childPort}?mode=listener`,
      options: {
        latency: String(this.#options.minimumLatencyMs * US_PER_MS),
        passphrase: this.#options.passphrase,
        pbkeylen: String(KEY_LENGTH_BYTES[this.#options.algorithm]),
        ...(this.#options.streamId ? { streamid: this.#options.streamId } : {}),
      },
    });
    return script.ok ? script.text : undefined;
  }

  #childCommand(): ChildCommand {
    const script = this.#childScript();
    // A passphrase with a line break cannot be handed over; the child then fails and is retried.
    const args = [
      "-hide_banner",
      "-nostdin",
      "-loglevel",
      "error",
      ...ffconcatInputArgs(["srt", "udp"]),
      ...TS_TO_STDOUT_ARGS,
    ];
    // Tied to this process: a pipeline worker killed with SIGKILL takes its SRT child along.
    return { command: FFMPEG_COMMAND, args, stdin: { text: script ?? "" } };
  }

  #fromCaller(datagram: Buffer, remote: dgram.RemoteInfo): void {
    this.#stats.datagramsIn += 1;
    if (!this.#options.allowList.admit(remote.address)) {
      this.#stats.disallowedDatagrams += 1;
      return;
    }
    const nowMs = this.#nowMs();
    const admission = this.#relays.admit(remote.address, remote.port, isSrtInductionHandshake(datagram), nowMs);
    if (admission.kind === "refused") {
      this.#stats.relayRefusals += 1;
      return;
    }
    let relay: dgram.Socket;
    if (admission.kind === "existing") relay = admission.relay;
    else {
      for (const evicted of admission.evicted) evicted.close();
      relay = dgram.createSocket("udp4");
      relay.on("error", () => {});
      // Answers of the child go back to the caller through the public port.
      relay.on("message", (answer) => {
        this.#relays.answered(remote.address, remote.port, this.#nowMs());
        this.#frontDoor?.send(answer, remote.port, remote.address);
      });
      this.#relays.add(remote.address, remote.port, relay, nowMs);
    }
    relay.send(datagram, this.#childPort, "127.0.0.1");
  }

  #sweepRelays(): void {
    for (const relay of this.#relays.expire(this.#nowMs())) relay.close();
  }

  /** Stops the front door, the relays and the child; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#sweepTimer) clearInterval(this.#sweepTimer);
    for (const relay of this.#relays.drain()) relay.close();
    await this.#child.close();
    const frontDoor = this.#frontDoor;
    if (frontDoor) await new Promise<void>((resolve) => frontDoor.close(() => resolve()));
  }
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
