// Endpoint addresses follow the pipeline: the worker that starts holding a pipeline adds its
// endpoint addresses to its interface and announces them, and deletes them when it lets go
// (or runs the zone's hook instead). Each call is idempotent (an address already present or
// already gone is the wanted state), runs one step at a time in call order, and never throws:
// a failed step is logged and raises the ADDRESS_TAKEOVER_FAILED alert, which clears once
// every address is where it should be again. The announcement is not awaited: hold() returns
// as soon as the address is on the interface, so the pipeline can bind it at once.

import { AlertCatalogue, type AlertEvent } from "../../shared/alerts.ts";
import { runChild } from "../../shared/process/run-child.ts";
import type { ZoneConfig } from "../cluster-types.ts";
import { addSteps, removeSteps, type AddressStep, type AddressTakeoverSettings } from "./address-commands.ts";

/** What the worker's pipeline start and stop call: start holds before the pipeline binds, stop releases after it closed. */
export interface AddressHolder {
  /** Adds and announces the addresses not held yet (and those whose last step failed). */
  hold(addresses: readonly string[]): Promise<void>;
  /** Removes the addresses (also ones this process never added: a previous process may have). */
  release(addresses: readonly string[]): Promise<void>;
  /** Releases every address held; later hold() calls do nothing. Idempotent. */
  close(): Promise<void>;
}

export interface AddressTakeoverLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface AddressTakeoverOptions extends AddressTakeoverSettings {
  /** ip and arping may run this long (default 5 s). */
  readonly commandTimeoutMs?: number;
  /** The hook may run this long (default 10 s). */
  readonly addressHookTimeoutMs?: number;
  readonly logger: AddressTakeoverLogger;
  /** SET when a step fails, CLEARED when every address is in its wanted state again. */
  readonly onAlert: (alert: AlertEvent) => void;
  readonly nowMs?: () => number;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 5000;
const DEFAULT_HOOK_TIMEOUT_MS = 10_000;
/** After the kill at the timeout, how long the child's output may take to close. */
const LEFTOVER_OUTPUT_GRACE_MS = 1000;

export class AddressTakeover implements AddressHolder {
  readonly #options: AddressTakeoverOptions;
  readonly #held = new Set<string>();
  /** Addresses whose last step failed, with why. */
  readonly #failing = new Map<string, string>();
  /** Address → its announcement still running (a release stops it first: a late announcement would pull the address's traffic back here). */
  readonly #announcing = new Map<string, { readonly controller: AbortController; readonly running: Promise<void> }>();
  #queue: Promise<void> = Promise.resolve();
  #closing: Promise<void> | undefined;

  constructor(options: AddressTakeoverOptions) {
    this.#options = options;
  }

  /** The takeover a worker of `zone` (its entry of the cluster config) runs as `nodeId`. */
  static forZone(zone: ZoneConfig, nodeId: string, deps: Pick<AddressTakeoverOptions, "logger" | "onAlert" | "nowMs" | "commandPrefix">): AddressTakeover {
    return new AddressTakeover({
      zone: zone.name,
      nodeId,
      ...(zone.interface !== undefined ? { interface: zone.interface } : {}),
      ...(zone.prefixLength !== undefined ? { prefixLength: zone.prefixLength } : {}),
      ...(zone.ipv6PrefixLength !== undefined ? { ipv6PrefixLength: zone.ipv6PrefixLength } : {}),
      ...(zone.addressHook !== undefined ? { addressHook: zone.addressHook } : {}),
      ...(zone.addressHookTimeoutMs !== undefined ? { addressHookTimeoutMs: zone.addressHookTimeoutMs } : {}),
      ...deps,
    });
  }

  /** Addresses this process holds now. */
  get held(): readonly string[] {
    return [...this.#held];
  }

  hold(addresses: readonly string[]): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#closing) {
        this.#options.logger.warn({ addresses }, "address takeover: hold after close ignored");
        return;
      }
      for (const address of addresses) {
        // Held and in place: nothing to do. Held but its last step failed: try again.
        if (this.#held.has(address) && !this.#failing.has(address)) continue;
        this.#held.add(address);
        const steps = addSteps(this.#options, address);
        const announce = steps.filter((step) => step.kind === "announce");
        const ok = await this.#runSteps(address, steps.filter((step) => step.kind !== "announce"));
        if (ok) this.#announce(address, announce);
      }
    });
  }

  release(addresses: readonly string[]): Promise<void> {
    return this.#enqueue(() => this.#releaseNow(addresses));
  }

  close(): Promise<void> {
    this.#closing ??= this.#enqueue(async () => {
      await this.#releaseNow([...this.#held]);
      await Promise.all([...this.#announcing.values()].map((announcement) => announcement.running));
    });
    return this.#closing;
  }

  async #releaseNow(addresses: readonly string[]): Promise<void> {
    for (const address of addresses) {
      this.#held.delete(address);
      const announcement = this.#announcing.get(address);
      if (announcement) {
        announcement.controller.abort();
        await announcement.running;
      }
      await this.#runSteps(address, removeSteps(this.#options, address));
    }
  }

  #enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return this.#queue;
  }

  /** Announcements run beside the queue; a failed one alerts like any step; a release stops it (aborted: not a failure). */
  #announce(address: string, steps: readonly AddressStep[]): void {
    if (steps.length === 0) return;
    this.#announcing.get(address)?.controller.abort();
    const controller = new AbortController();
    const running = this.#runSteps(address, steps, controller.signal).then(() => undefined);
    const announcement = { controller, running };
    this.#announcing.set(address, announcement);
    void running.finally(() => {
      if (this.#announcing.get(address) === announcement) this.#announcing.delete(address);
    });
  }

  /** Runs the steps in order, stopping at the first failure; true when all succeeded. */
  async #runSteps(address: string, steps: readonly AddressStep[], signal?: AbortSignal): Promise<boolean> {
    for (const step of steps) {
      if (signal?.aborted) return true;
      const failure = await this.#run(step, signal);
      if (signal?.aborted) return true;
      if (failure !== undefined) {
        this.#options.logger.warn({ address, argv: step.argv, zone: this.#options.zone }, `address takeover: ${step.what} failed: ${failure}`);
        this.#setFailing(address, `${step.what} failed: ${failure}`);
        return false;
      }
    }
    this.#setFailing(address, undefined);
    return true;
  }

  /** undefined when the step reached its wanted state, else why not. */
  async #run(step: AddressStep, signal?: AbortSignal): Promise<string | undefined> {
    const [command, ...args] = step.argv;
    if (command === undefined) return undefined;
    const timeoutMs = step.kind === "hook" ? (this.#options.addressHookTimeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS) : (this.#options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
    // runChild settles when the child's output closes; a hook that left a background process
    // holding its stdout would keep that open past the kill, so the wait has its own bound.
    let giveUp: (value: undefined) => void = () => undefined;
    const givenUp = new Promise<undefined>((resolve) => {
      giveUp = resolve;
    });
    const bound = setTimeout(() => giveUp(undefined), timeoutMs + LEFTOVER_OUTPUT_GRACE_MS);
    const result = await Promise.race([runChild({ command, args, stdout: "pipe", stderr: "pipe" }, { timeoutMs, maxStdoutBytes: 64 * 1024, ...(signal ? { signal } : {}) }), givenUp]);
    clearTimeout(bound);
    if (result === undefined) return `no answer within ${timeoutMs} ms (killed; a process it started still holds its output)`;
    const stdout = Buffer.from(result.stdout).toString("utf8").trim();
    const stderr = result.exit.stderrTail;
    if (step.kind === "hook") this.#options.logger.info({ argv: step.argv, exitCode: result.exit.code, stdout, stderr }, `address takeover: ${step.what}`);
    if (result.killedAtDeadline) return `no answer within ${timeoutMs} ms (killed)`;
    if (result.exit.startError !== undefined) return `cannot run ${command} (${result.exit.startError})`;
    if (result.exit.code === 0) return undefined;
    if (step.alreadyDone?.test(stderr)) return undefined;
    const why = result.exit.stderrLastLine || stdout.split("\n").pop() || "";
    return `exit ${result.exit.code ?? result.exit.signal}${why ? `: ${why}` : ""}`;
  }

  #setFailing(address: string, reason: string | undefined): void {
    const wasFailing = this.#failing.size > 0;
    if (reason === undefined) this.#failing.delete(address);
    else this.#failing.set(address, reason);
    const atMs = (this.#options.nowMs ?? Date.now)();
    const { alertType } = AlertCatalogue.ADDRESS_TAKEOVER_FAILED;
    if (reason !== undefined) {
      this.#options.onAlert({ alertType, state: "SET", atMs, message: `Endpoint address ${address} of zone ${this.#options.zone}: ${reason}` });
    } else if (wasFailing && this.#failing.size === 0) {
      this.#options.onAlert({ alertType, state: "CLEARED", atMs, message: `Endpoint addresses of zone ${this.#options.zone} are in place again` });
    }
  }
}
