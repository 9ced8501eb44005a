// The native batched UDP sender (native/udp-batch/udp_batch.c, built by scripts/install.sh):
// loading it, and a UdpTransport over it. Each wake-up of the sender hands over everything that
// is due, which leaves in sendmmsg(2) calls instead of one dgram send (a system call and
// several JavaScript-to-C++ crossings) per datagram.
//
// The addon is optional: where it is not built (no compiler on the machine, not Linux) or does
// not load (built for another Node-API or architecture), the sender uses Node's dgram
// (udp-transport.ts) and logs once why.

import { createRequire } from "node:module";
import { constants } from "node:os";
import { fileURLToPath } from "node:url";
import { getSystemErrorName } from "node:util";
import type { Logger } from "pino";
import type { PacedUdpTransport, UdpTransport, UdpTransportEvents, UdpTransportOptions } from "./udp-transport.ts";

/** A pacer of the addon (openPacer): opaque to JavaScript. */
export type UdpPacerHandle = { readonly __udpPacer: never };

/** The addon's functions (udp_batch.c says what each does). */
export interface UdpBatchBinding {
  openSocket(family: 4 | 6, multicastTtl: number): number;
  sockaddr(family: 4 | 6, address: string, port: number): Buffer | undefined;
  send(fd: number, datagrams: readonly Uint8Array[], destinations: readonly Uint8Array[]): [sent: number, errno: number];
  close(fd: number): number;
  /** Absent from an addon built before the pacer (the sender then paces with a Node timer). */
  openPacer?(fd: number, granularityMs: number): UdpPacerHandle;
  pace?(pacer: UdpPacerHandle, datagrams: readonly Uint8Array[], destinations: readonly Uint8Array[], delaysMs: Float64Array): [sent: number, failed: number, errno: number, failedPort: number, dropped: number, lastFailed: number];
  closePacer?(pacer: UdpPacerHandle): void;
}

/** The addon, or why it is not used. */
export type UdpBatchLoad = { readonly binding: UdpBatchBinding } | { readonly reason: string };

/** Where node-gyp puts the addon; the same relative path from src/ (tsx) and dist/ (built). */
export const UDP_BATCH_ADDON_FILE = fileURLToPath(new URL("../../../native/udp-batch/build/Release/udp_batch.node", import.meta.url));

/** How long datagrams that found the socket's buffer full (EAGAIN, ENOBUFS) wait before they are tried again. */
export const UDP_BATCH_RETRY_MS = 2;

export function loadUdpBatch(file: string = UDP_BATCH_ADDON_FILE): UdpBatchLoad {
  if (process.platform !== "linux") return { reason: `sendmmsg is Linux's; this is ${process.platform}` };
  try {
    const binding = createRequire(import.meta.url)(file) as Partial<UdpBatchBinding>;
    const missing = (["openSocket", "sockaddr", "send", "close"] as const).filter((name) => typeof binding[name] !== "function");
    if (missing.length > 0) return { reason: `${file} lacks ${missing.join(", ")}` };
    return { binding: binding as UdpBatchBinding };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { reason: `cannot load ${file} (scripts/install.sh builds it: npm run build:native): ${message}` };
  }
}

let loadOfThisProcess: UdpBatchLoad | undefined;

/** The addon as this process loaded it (once). */
export function udpBatchOfThisProcess(): UdpBatchLoad {
  loadOfThisProcess ??= loadUdpBatch();
  return loadOfThisProcess;
}

const fallbacksLogged = new WeakSet<object>();

/** Logs why `load` gives no addon, once per load (the process's own: once per process). */
export function logUdpBatchFallbackOnce(load: UdpBatchLoad, logger: Logger): void {
  if ("binding" in load || fallbacksLogged.has(load)) return;
  fallbacksLogged.add(load);
  logger.info({ reason: load.reason }, "UDP output: the native batched sender is not available; sending with Node's dgram, one send per datagram");
}

/** Node's wording of a failed send (dgram's exceptionWithHostPort), so alerts read the same on either transport. */
function sendErrorMessage(errno: number, address: string, port: number): string {
  let name: string;
  try {
    name = getSystemErrorName(-errno);
  } catch {
    name = `errno ${errno}`;
  }
  return `send ${name} ${address}:${port}`;
}

/** What libuv (so dgram) takes for a full socket buffer, to be tried again, rather than a failure. */
const BUFFER_FULL_ERRNOS: ReadonlySet<number> = new Set([constants.errno.EAGAIN, constants.errno.EWOULDBLOCK, constants.errno.ENOBUFS]);

/** Datagrams to send, in order, each with its destination. */
interface Outgoing {
  datagrams: Uint8Array[];
  destinations: Buffer[];
  addresses: string[];
  ports: number[];
}

const noOutgoing = (): Outgoing => ({ datagrams: [], destinations: [], addresses: [], ports: [] });

/** A socket of the addon; a failure (EMFILE, …) is thrown as Node words it (`socket EMFILE`). */
function openAddonSocket(binding: UdpBatchBinding, options: UdpTransportOptions): number {
  const fd = binding.openSocket(options.family, options.multicastTtl ?? -1);
  if (fd < 0) throw new Error(`socket ${getSystemErrorName(fd)}`);
  return fd;
}

/**
 * The sockaddr Buffers of one address by port (a sender has one address and up to three
 * ports: media, FEC + 2, + 4), made by the addon on first use; a new address starts afresh.
 */
class Destinations {
  readonly #binding: UdpBatchBinding;
  readonly #family: 4 | 6;
  readonly #events: UdpTransportEvents;
  readonly #byPort = new Map<number, Buffer>();
  #address = "";

  constructor(binding: UdpBatchBinding, family: 4 | 6, events: UdpTransportEvents) {
    this.#binding = binding;
    this.#family = family;
    this.#events = events;
  }

  /** address:port as a sockaddr; undefined (and that datagram failed, as dgram words it) when it is not a numeric address of the socket's family. */
  of(address: string, port: number): Buffer | undefined {
    if (address !== this.#address) {
      this.#byPort.clear();
      this.#address = address;
    }
    let destination = this.#byPort.get(port);
    if (!destination) {
      destination = this.#binding.sockaddr(this.#family, address, port);
      if (destination) this.#byPort.set(port, destination);
      else this.#events.failed(`send EINVAL ${address}:${port}`);
    }
    return destination;
  }
}

/**
 * A socket of the addon. A full socket buffer (EAGAIN, ENOBUFS, as libuv treats them) keeps the
 * datagrams that did not fit, in order, ahead of any sent later, and tries them again after
 * UDP_BATCH_RETRY_MS: nothing is lost, as with dgram, which waits for the socket to be writable.
 */
export class BatchUdpTransport implements UdpTransport {
  readonly #binding: UdpBatchBinding;
  readonly #events: UdpTransportEvents;
  #fd: number;
  readonly #destinations: Destinations;
  /** Datagrams not sent yet: those of the current send, then (a full buffer) those waiting to be tried again. */
  #outgoing: Outgoing = noOutgoing();
  #retryTimer: NodeJS.Timeout | undefined;

  /** Opens the socket; a failure (EMFILE, …) is thrown as Node words it (`socket EMFILE`). */
  constructor(binding: UdpBatchBinding, options: UdpTransportOptions, events: UdpTransportEvents) {
    this.#binding = binding;
    this.#events = events;
    this.#destinations = new Destinations(binding, options.family, events);
    this.#fd = openAddonSocket(binding, options);
  }

  send(datagrams: readonly Uint8Array[], ports: readonly number[], address: string): void {
    if (this.#fd < 0) return;
    const outgoing = this.#outgoing;
    for (let i = 0; i < datagrams.length; i++) {
      const port = ports[i]!;
      const destination = this.#destinations.of(address, port);
      if (!destination) continue;
      outgoing.datagrams.push(datagrams[i]!);
      outgoing.destinations.push(destination);
      outgoing.addresses.push(address);
      outgoing.ports.push(port);
    }
    if (!this.#retryTimer) this.#flush();
  }

  close(): Promise<void> {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#outgoing = noOutgoing();
    if (this.#fd >= 0) this.#binding.close(this.#fd);
    this.#fd = -1;
    return Promise.resolve();
  }

  /** Sends what is outgoing, from the front: stops at a full buffer (tried again soon), skips a datagram that failed. */
  #flush(): void {
    const outgoing = this.#outgoing;
    const count = outgoing.datagrams.length;
    let from = 0;
    while (from < count && this.#fd >= 0) {
      const [sent, errno] =
        from === 0 ? this.#binding.send(this.#fd, outgoing.datagrams, outgoing.destinations) : this.#binding.send(this.#fd, outgoing.datagrams.slice(from), outgoing.destinations.slice(from));
      if (sent > 0) this.#events.sent(sent);
      from += sent;
      if (errno === 0) break;
      if (BUFFER_FULL_ERRNOS.has(errno)) {
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = undefined;
          this.#flush();
        }, UDP_BATCH_RETRY_MS);
        break;
      }
      this.#events.failed(sendErrorMessage(errno, outgoing.addresses[from]!, outgoing.ports[from]!));
      from += 1;
    }
    if (this.#fd < 0) return;
    if (from >= count) {
      outgoing.datagrams.length = 0;
      outgoing.destinations.length = 0;
      outgoing.addresses.length = 0;
      outgoing.ports.length = 0;
    } else if (from > 0) {
      this.#outgoing = {
        datagrams: outgoing.datagrams.slice(from),
        destinations: outgoing.destinations.slice(from),
        addresses: outgoing.addresses.slice(from),
        ports: outgoing.ports.slice(from),
      };
    }
  }
}

/**
 * A socket of the addon with its pacer: the sender hands over each relay read's datagrams
 * with their delays, and the addon sends each when due from a libuv timer on this thread's
 * loop (no JavaScript, no Node timer between the relay's reads). What happened comes back at
 * the next hand-over: sends and failures as the events, in the order that leaves the last
 * outcome last; datagrams the full queue dropped as failures.
 */
export class PacedBatchUdpTransport implements PacedUdpTransport {
  readonly paced = true;
  readonly #binding: Required<UdpBatchBinding>;
  readonly #events: UdpTransportEvents;
  #fd: number;
  #pacer: UdpPacerHandle | undefined;
  readonly #destinations: Destinations;

  /** Opens the socket and its pacer; a failure (EMFILE, …) is thrown as Node words it (`socket EMFILE`). */
  constructor(binding: Required<UdpBatchBinding>, options: UdpTransportOptions, granularityMs: number, events: UdpTransportEvents) {
    this.#binding = binding;
    this.#events = events;
    this.#destinations = new Destinations(binding, options.family, events);
    this.#fd = openAddonSocket(binding, options);
    this.#pacer = binding.openPacer(this.#fd, granularityMs);
  }

  /** At once (a delay of 0 each). */
  send(datagrams: readonly Uint8Array[], ports: readonly number[], address: string): void {
    this.sendPaced(datagrams, ports, address, new Array<number>(datagrams.length).fill(0));
  }

  sendPaced(datagrams: readonly Uint8Array[], ports: readonly number[], address: string, delaysMs: readonly number[]): void {
    const pacer = this.#pacer;
    if (!pacer) return;
    const destinations: Buffer[] = [];
    const kept: Uint8Array[] = [];
    // The delays of the datagrams kept (those with a destination), as the addon takes them.
    const keptDelays = new Float64Array(datagrams.length);
    for (let i = 0; i < datagrams.length; i++) {
      const port = ports[i]!;
      const destination = this.#destinations.of(address, port);
      if (!destination) continue;
      keptDelays[kept.length] = delaysMs[i]!;
      destinations.push(destination);
      kept.push(datagrams[i]!);
    }
    const [sent, failed, errno, failedPort, dropped, lastFailed] = this.#binding.pace(pacer, kept, destinations, keptDelays.subarray(0, kept.length));
    const reportFailures = (): void => {
      if (failed > 0) this.#events.failed(sendErrorMessage(errno, address, failedPort), failed);
      if (dropped > 0) this.#events.failed(`the send queue was full: ${dropped} datagrams dropped`, dropped);
    };
    if (lastFailed) {
      if (sent > 0) this.#events.sent(sent);
      reportFailures();
    } else {
      reportFailures();
      if (sent > 0) this.#events.sent(sent);
    }
  }

  close(): Promise<void> {
    if (this.#pacer) this.#binding.closePacer(this.#pacer);
    this.#pacer = undefined;
    if (this.#fd >= 0) this.#binding.close(this.#fd);
    this.#fd = -1;
    return Promise.resolve();
  }
}

/** The binding, when it has the pacer. */
export function pacerOf(binding: UdpBatchBinding): Required<UdpBatchBinding> | undefined {
  return binding.openPacer && binding.pace && binding.closePacer ? (binding as Required<UdpBatchBinding>) : undefined;
}
