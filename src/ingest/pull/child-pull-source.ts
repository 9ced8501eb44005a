// RTMP_PULL, MP4_FILE, TS_FILE (ffmpeg) and SRT_CALLER (srt-live-transmit): a supervised
// child writes MPEG-TS to its stdout, which goes to onTs as it arrives. The child's exit
// (or 10 s without a byte) is a failure: the alert "Unable to Access Input Resource" SETs
// and the child is restarted with backoff (0.5 s doubling to 10 s, reset after 30 s of
// health), forever; the alert CLEARs when bytes flow again. A file played to its end with
// sourceEndBehavior CONTINUE is ENDED instead; a clip (PullSourceOptions.clipping) with LOOP
// is played once per child, and the next child starts at once (ffmpeg cannot loop a clip).
// The child runs under shared/process/supervised-child.ts, which tells exits we caused
// (close) from failures. An RTMP_PULL child is fed by openlive's RTMP player (rtmp-play-feed.ts)
// on its stdin: the player starts with the child, its cue points go out as SCTE-35 sections,
// and when it stops (refused, dropped, the stream ended) the child is ended and its exit counts
// as a failure with the player's reason.

import { isFileType } from "../../domain/records.ts";
import { redactUrl } from "../source-access/redact-url.ts";
import { resolveCredentials, resolveSecretSafely } from "../source-access/source-credentials.ts";
import { srtPassphraseProblem } from "../source-access/srt-passphrase.ts";
import { redactSecrets } from "../../shared/redact-secrets.ts";
import { FFMPEG_COMMAND, ffmpegPullSpec, isClipped, rtmpFlvRemuxArgs, srtCallerSpec, type FfmpegPullKind, type PullChildSpec } from "./pull-child-args.ts";
import { RtmpPlayFeed } from "./rtmp-play-feed.ts";
import { rtmpPlayUrl, type RtmpPlayTarget } from "./rtmp-play-url.ts";
import { CoreBackedPullSource } from "./pull-source-core.ts";
import { PullStates, type PullSourceOptions } from "./pull-source.ts";
import { PULL_BACKOFF } from "../../shared/backoff.ts";
import { ExitKinds, type ChildCommand, type ChildExit, type ChildRun } from "../../shared/process/child-run.ts";
import { lastLine } from "../../shared/process/output-tail.ts";
import { Restarts, SupervisedChild, type Restart } from "../../shared/process/supervised-child.ts";

/** A child that delivers nothing for this long is killed and restarted. */
export const NO_DATA_TIMEOUT_MS = 10_000;
const WATCHDOG_INTERVAL_MS = 1_000;
const KILL_GRACE_MS = 2_000;
const STDERR_TAIL_BYTES = 2048;

const SCHEMES_BY_KIND: Readonly<Record<FfmpegPullKind | "RTMP_PULL", readonly string[]>> = {
  RTMP_PULL: ["rtmp:", "rtmps:"],
  MP4_FILE: ["http:", "https:", "file:"],
  TS_FILE: ["http:", "https:", "file:"],
} as const;

/** What the RTMP player of an RTMP_PULL child pulls, and with which credentials. */
interface RtmpPull {
  readonly target: RtmpPlayTarget;
  readonly credentials?: { readonly user: string; readonly password: string };
}

type PullCommand = ({ readonly ok: true; readonly shownSource: string; readonly rtmp?: RtmpPull } & PullChildSpec) | { readonly ok: false; readonly shownSource: string; readonly reason: string };

export function createChildPullSource(options: PullSourceOptions): ChildPullSource {
  return new ChildPullSource(options);
}

export class ChildPullSource extends CoreBackedPullSource {
  readonly #child: SupervisedChild;
  #started = false;
  #attempts = 0;
  /** The command of the current (or last) run: what messages name. */
  #current: PullCommand | undefined;
  #lastDataMs: number | undefined;
  #stalled = false;
  #watchdog: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;
  /** The next child plays the next pass of a looping clip (not a reconnect). */
  #nextPass = false;
  /** RTMP_PULL: the player feeding the running child, and why it stopped. */
  #feed: RtmpPlayFeed | undefined;
  #feedStopped: string | undefined;

  constructor(options: PullSourceOptions) {
    super(options);
    const core = this.core;
    this.#child = new SupervisedChild({
      command: () => this.#nextCommand(),
      backoff: PULL_BACKOFF,
      healthyWhen: "marked",
      graceMs: KILL_GRACE_MS,
      nowMs: () => core.nowMs(),
      onStart: (run) => this.#watch(run),
      onExit: (exit) => this.#exited(exit),
    });
  }

  /** The running child's pid (tests kill it to check supervision). */
  get childPidForTesting(): number | undefined {
    return this.#child.pid;
  }

  start(): void {
    if (this.#started || this.core.closed) return;
    this.#started = true;
    this.#child.start();
  }

  /** The next run's command; a source that cannot be pulled (no secret, bad URL) fails to start. */
  async #nextCommand(): Promise<ChildCommand> {
    const command = await this.#pullCommand();
    this.#current = command;
    if (!command.ok) throw new Error(command.reason);
    return { command: command.command, args: command.args, stdin: command.rtmp ? "pipe" : { text: command.stdinText }, stderrTailBytes: STDERR_TAIL_BYTES };
  }

  #watch(run: ChildRun): void {
    if (this.#attempts > 0 && !this.#nextPass) this.core.counters.reconnects += 1;
    this.#nextPass = false;
    this.#attempts += 1;
    const core = this.core;
    this.#lastDataMs = undefined;
    this.#stalled = false;
    run.stdout?.on("data", (chunk: Buffer) => {
      const nowMs = core.nowMs();
      this.#lastDataMs = nowMs;
      core.counters.bytesIn += chunk.length;
      if (core.state !== PullStates.RECEIVING) {
        core.alerts.clear("SOURCE_UNAVAILABLE", nowMs);
        core.setState(PullStates.RECEIVING);
        this.#child.markHealthy();
      }
      core.emitTs(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    });
    this.#startFeed(run);
    clearInterval(this.#watchdog);
    this.#watchdog = setInterval(() => {
      if (core.nowMs() - (this.#lastDataMs ?? run.startedAtMs) < NO_DATA_TIMEOUT_MS) return;
      this.#stalled = true;
      run.kill("SIGKILL");
    }, WATCHDOG_INTERVAL_MS);
  }

  /** RTMP_PULL: the player that feeds this child; when it stops, so does the child. */
  #startFeed(run: ChildRun): void {
    this.#feed?.close();
    this.#feed = undefined;
    this.#feedStopped = undefined;
    const command = this.#current;
    if (!command?.ok || !command.rtmp || !run.stdin) return;
    const stdin = run.stdin;
    const feed = new RtmpPlayFeed({
      ...command.rtmp,
      sink: stdin,
      onScte35: (section) => this.core.emitScte35(section),
      onStopped: (reason) => {
        this.#feedStopped = reason;
        // ffmpeg writes out what it has, then exits; one that does not is killed by the watchdog.
        stdin.end();
        setTimeout(() => run.kill("SIGKILL"), KILL_GRACE_MS).unref();
      },
      nowMs: () => this.core.nowMs(),
    });
    this.#feed = feed;
    feed.start();
  }

  #exited(exit: ChildExit): Restart {
    clearInterval(this.#watchdog);
    this.#watchdog = undefined;
    this.#feed?.close();
    this.#feed = undefined;
    const core = this.core;
    const command = this.#current;
    if (core.closed || !command) return Restarts.STOP;
    if (!command.ok) return this.#failed(command.shownSource, command.reason);
    if (this.#feedStopped !== undefined) return this.#failed(command.shownSource, this.#feedStopped);
    const received = this.#lastDataMs !== undefined;
    if (this.#clipPassEnded(exit.code, received)) {
      core.counters.loops += 1;
      this.#nextPass = true;
      return Restarts.NOW;
    }
    if (this.#endOfFile(exit.code, received)) {
      core.options.logger?.info({ inputId: core.options.input.id, source: command.shownSource }, "pull source reached the end of the file");
      core.setState(PullStates.ENDED);
      return Restarts.STOP;
    }
    const stderrLine = lastLine(redactSecrets(exit.stderrTail, command.secrets));
    const why =
      exit.kind === ExitKinds.FAILED_TO_START
        ? `cannot start ${command.command} (${exit.startError})`
        : this.#stalled
          ? `no data for ${NO_DATA_TIMEOUT_MS / 1000} s`
          : `${command.command} exited (${exit.code !== null ? `code ${exit.code}` : exit.signal})${stderrLine !== "" ? `: ${stderrLine}` : ""}`;
    return this.#failed(command.shownSource, why);
  }

  #endOfFile(code: number | null, received: boolean): boolean {
    return isFileType(this.core.options.input.type) && code === 0 && received && this.core.options.sourceEndBehavior !== "LOOP";
  }

  /** A looping clip played to its stop: the next pass starts at once. */
  #clipPassEnded(code: number | null, received: boolean): boolean {
    const { input, sourceEndBehavior, clipping } = this.core.options;
    return isFileType(input.type) && code === 0 && received && sourceEndBehavior === "LOOP" && isClipped(clipping);
  }

  /** The alert SETs and the child is restarted after the backoff. */
  #failed(shownSource: string, reason: string): Restart {
    const core = this.core;
    core.options.logger?.warn({ inputId: core.options.input.id, source: shownSource, reason }, "pull source failed; restarting");
    core.alerts.set("SOURCE_UNAVAILABLE", `${shownSource}: ${reason}`, core.nowMs());
    core.setState(PullStates.RETRYING);
    return Restarts.BACKOFF;
  }

  async #pullCommand(): Promise<PullCommand> {
    const { input, sourceIndex, resolveSecret, sourceEndBehavior } = this.core.options;
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
    const kind = input.type as FfmpegPullKind | "RTMP_PULL";
    const source = input.sources[sourceIndex];
    const url = this.core.options.url ?? source?.url;
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
    if (kind === "RTMP_PULL") return rtmpPullCommand(url, shownSource, credentials);
    const clipping = this.core.options.clipping;
    const spec = ffmpegPullSpec({ kind, url, loop: sourceEndBehavior === "LOOP", ...(clipping ? { clipping } : {}) }, credentials);
    return spec.ok ? { ...spec, shownSource } : { ok: false, shownSource, reason: spec.reason };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.core.markClosed();
      await this.#child.close();
    })();
    return this.#closing;
  }
}

/** RTMP_PULL: ffmpeg remuxing the FLV of openlive's RTMP player; the source's username and passwordParam, else the URL's user info. */
function rtmpPullCommand(url: string, shownSource: string, credentials: { readonly username?: string; readonly password?: string }): PullCommand {
  const parsed = rtmpPlayUrl(url);
  if (!parsed.ok) return { ok: false, shownSource, reason: parsed.reason };
  const { ok: _ok, username: urlUser, password: urlPassword, ...target } = parsed;
  const user = credentials.username ?? urlUser;
  const password = credentials.username !== undefined ? (credentials.password ?? "") : (urlPassword ?? "");
  return {
    ok: true,
    shownSource,
    command: FFMPEG_COMMAND,
    args: rtmpFlvRemuxArgs(),
    stdinText: "",
    secrets: password !== "" ? [password] : [],
    rtmp: { target, ...(user !== undefined ? { credentials: { user, password } } : {}) },
  };
}
