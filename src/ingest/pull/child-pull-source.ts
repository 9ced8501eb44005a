// RTMP_PULL, MP4_FILE, TS_FILE (ffmpeg) and SRT_CALLER (srt-live-transmit): a supervised
// child writes MPEG-TS to its stdout, which goes to onTs as it arrives. The child's exit
// (or 10 s without a byte) is a failure: the alert "Unable to Access Input Resource" SETs
// and the child is restarted with backoff (0.5 s doubling to 10 s, reset after 30 s of
// health), forever; the alert CLEARs when bytes flow again. A file played to its end with
// sourceEndBehavior CONTINUE is ENDED instead; a clip (PullSourceOptions.clipping) with LOOP
// is played once per child, and the next child starts at once (ffmpeg cannot loop a clip).
// The child is told apart from failures we caused (close) the way mediasoup's Worker.ts
// does (it ignores exits it caused itself).

import { isFileType } from "../../domain/records.ts";
import { redactUrl } from "../source-access/redact-url.ts";
import { resolveCredentials, resolveSecretSafely } from "../source-access/source-credentials.ts";
import { srtPassphraseProblem } from "../source-access/srt-passphrase.ts";
import { redactSecrets } from "../../shared/redact-secrets.ts";
import { ffmpegPullSpec, isClipped, srtCallerSpec, type FfmpegPullKind, type PullChildSpec } from "./pull-child-args.ts";
import { PullSourceCore } from "./pull-source-core.ts";
import { PullStates, type PullAlert, type PullSource, type PullSourceOptions, type PullSourceStats, type PullState } from "./pull-source.ts";
import { Backoff, PULL_BACKOFF } from "../../shared/backoff.ts";
import { spawnTiedChild, type TiedChild } from "../../shared/process/spawn-tied-child.ts";

/** A child that delivers nothing for this long is killed and restarted. */
export const NO_DATA_TIMEOUT_MS = 10_000;
const WATCHDOG_INTERVAL_MS = 1_000;
const KILL_GRACE_MS = 2_000;
const STDERR_TAIL_BYTES = 2048;

const SCHEMES_BY_KIND: Readonly<Record<FfmpegPullKind, readonly string[]>> = {
  RTMP_PULL: ["rtmp:", "rtmps:"],
  MP4_FILE: ["http:", "https:", "file:"],
  TS_FILE: ["http:", "https:", "file:"],
} as const;

type ChildCommand = ({ readonly ok: true; readonly shownSource: string } & PullChildSpec) | { readonly ok: false; readonly shownSource: string; readonly reason: string };

export function createChildPullSource(options: PullSourceOptions): ChildPullSource {
  return new ChildPullSource(options);
}

export class ChildPullSource implements PullSource {
  readonly #core: PullSourceCore;
  readonly #backoff = new Backoff(PULL_BACKOFF);
  #started = false;
  #attempts = 0;
  #child: TiedChild | undefined;
  #childExited: Promise<void> | undefined;
  #restartTimer: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;
  /** The next child plays the next pass of a looping clip (not a reconnect). */
  #nextPass = false;

  constructor(options: PullSourceOptions) {
    this.#core = new PullSourceCore(options);
  }

  get state(): PullState {
    return this.#core.state;
  }

  get stats(): PullSourceStats {
    return this.#core.stats;
  }

  get activeAlerts(): readonly PullAlert[] {
    return this.#core.activeAlerts;
  }

  /** The running child's pid (tests kill it to check supervision). */
  get childPidForTesting(): number | undefined {
    return this.#child?.pid;
  }

  start(): void {
    if (this.#started || this.#core.closed) return;
    this.#started = true;
    void this.#launch();
  }

  async #launch(): Promise<void> {
    this.#restartTimer = undefined;
    const command = await this.#command();
    if (this.#core.closed) return;
    if (!command.ok) {
      this.#failed(command.shownSource, command.reason);
      return;
    }
    if (this.#attempts > 0 && !this.#nextPass) this.#core.counters.reconnects += 1;
    this.#nextPass = false;
    this.#attempts += 1;

    const core = this.#core;
    const child = spawnTiedChild(command.command, command.args, command.stdinText);
    this.#child = child;
    const spawnedAtMs = core.nowMs();
    let lastDataMs: number | undefined;
    let stalled = false;
    let spawnErrorCode: string | undefined;
    let stderrTail = "";

    child.stdout.on("data", (chunk: Buffer) => {
      const nowMs = core.nowMs();
      lastDataMs = nowMs;
      core.counters.bytesIn += chunk.length;
      if (core.state !== PullStates.RECEIVING) {
        core.alerts.clear("SOURCE_UNAVAILABLE", nowMs);
        core.setState(PullStates.RECEIVING);
        this.#backoff.healthy(nowMs);
      }
      core.emitTs(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_BYTES);
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      spawnErrorCode = error.code ?? "unknown";
    });
    const watchdog = setInterval(() => {
      if (core.nowMs() - (lastDataMs ?? spawnedAtMs) < NO_DATA_TIMEOUT_MS) return;
      stalled = true;
      child.kill("SIGKILL");
    }, WATCHDOG_INTERVAL_MS);
    this.#childExited = new Promise<void>((resolve) => {
      // "close", not "exit": every stdout byte has been handed on by then.
      child.once("close", (code: number | null, signal: NodeJS.Signals | null) => {
        clearInterval(watchdog);
        if (this.#child === child) this.#child = undefined;
        resolve();
        if (core.closed) return;
        if (this.#clipPassEnded(code, lastDataMs !== undefined)) {
          core.counters.loops += 1;
          this.#nextPass = true;
          void this.#launch();
          return;
        }
        if (this.#endOfFile(code, lastDataMs !== undefined)) {
          core.options.logger?.info({ inputId: core.options.input.id, source: command.shownSource }, "pull source reached the end of the file");
          core.setState(PullStates.ENDED);
          return;
        }
        const why =
          spawnErrorCode !== undefined
            ? `cannot start ${command.command} (${spawnErrorCode})`
            : stalled
              ? `no data for ${NO_DATA_TIMEOUT_MS / 1000} s`
              : `${command.command} exited (${code !== null ? `code ${code}` : signal})${lastLine(redactSecrets(stderrTail, command.secrets))}`;
        this.#failed(command.shownSource, why);
      });
    });
  }

  #endOfFile(code: number | null, received: boolean): boolean {
    return isFileType(this.#core.options.input.type) && code === 0 && received && this.#core.options.sourceEndBehavior !== "LOOP";
  }

  /** A looping clip played to its stop: the next pass starts at once. */
  #clipPassEnded(code: number | null, received: boolean): boolean {
    const { input, sourceEndBehavior, clipping } = this.#core.options;
    return isFileType(input.type) && code === 0 && received && sourceEndBehavior === "LOOP" && isClipped(clipping);
  }

  #failed(shownSource: string, reason: string): void {
    const core = this.#core;
    const nowMs = core.nowMs();
    core.options.logger?.warn({ inputId: core.options.input.id, source: shownSource, reason }, "pull source failed; restarting");
    core.alerts.set("SOURCE_UNAVAILABLE", `${shownSource}: ${reason}`, nowMs);
    core.setState(PullStates.RETRYING);
    this.#restartTimer = setTimeout(() => void this.#launch(), this.#backoff.failed(nowMs));
  }

  async #command(): Promise<ChildCommand> {
    const { input, sourceIndex, resolveSecret, sourceEndBehavior } = this.#core.options;
    if (input.type === "SRT_CALLER") {
      const source = input.srtCallerSources[sourceIndex];
      if (!source) return { ok: false, shownSource: `srtCallerSources[${sourceIndex}]`, reason: "no such source" };
      const shownSource = `srt://${source.srtListenerAddress}:${source.srtListenerPort}`;
      let passphrase: string | undefined;
      if (source.decryption) {
        const name = source.decryption.passphraseSecretArn;
        passphrase = await resolveSecretSafely(name, resolveSecret);
        if (passphrase === undefined) return { ok: false, shownSource, reason: `secret ${name} not found` };
        const problem = srtPassphraseProblem(passphrase);
        if (problem !== undefined) return { ok: false, shownSource, reason: problem };
      }
      const spec = srtCallerSpec(source, passphrase);
      return spec.ok ? { ...spec, shownSource } : { ok: false, shownSource, reason: spec.reason };
    }
    const kind = input.type as FfmpegPullKind;
    const source = input.sources[sourceIndex];
    const url = this.#core.options.url ?? source?.url;
    if (url === undefined) return { ok: false, shownSource: `sources[${sourceIndex}]`, reason: "no such source" };
    const shownSource = redactUrl(url);
    let scheme: string;
    try {
      scheme = new URL(url).protocol;
    } catch {
      return { ok: false, shownSource, reason: "not a URL" };
    }
    if (!SCHEMES_BY_KIND[kind].includes(scheme)) return { ok: false, shownSource, reason: `unsupported URL scheme ${scheme.replace(/:$/, "")}` };
    const credentials = source ? await resolveCredentials(source, resolveSecret) : ({ ok: true } as const);
    if (!credentials.ok) return { ok: false, shownSource, reason: credentials.reason };
    const clipping = this.#core.options.clipping;
    const spec = ffmpegPullSpec({ kind, url, loop: sourceEndBehavior === "LOOP", ...(clipping ? { clipping } : {}) }, credentials);
    return spec.ok ? { ...spec, shownSource } : { ok: false, shownSource, reason: spec.reason };
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#core.markClosed();
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    const child = this.#child;
    if (!child) return;
    const exited = this.#childExited;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killTimer = setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS);
      await exited;
      clearTimeout(killTimer);
    } else {
      await exited;
    }
  }
}

/** ": <last non-empty stderr line>", or nothing. */
function lastLine(text: string): string {
  const line = text
    .split(/\r?\n/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .pop();
  return line !== undefined ? `: ${line.slice(0, 300)}` : "";
}
