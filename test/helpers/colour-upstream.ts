// A solid-colour upstream with a tone, made by Debian ffmpeg from lavfi sources: the
// picture the failover and schedule-switch tests tell apart by colour. One continuous
// encode (one process, one timeline, no reconnect) can change colour part-way, turn black
// (drawbox fills over the base colour from a given second) and go silent (volume=0 from a
// given second), so a pipeline sees a live input change its content, not a new input.
//
//   ffmpeg -re -f lavfi -i color=c=red:size=320x180:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000
//          -vf drawbox=…:enable='gte(t,N)' -af volume=enable='gte(t,M)':volume=0
//          -c:v libx264 -preset ultrafast -tune zerolatency -g 25 (CBR 400k) -c:a aac -f rtp_mpegts rtp://…
//
// Times are seconds of the stream's own clock, which (with -re) starts when ffmpeg starts;
// restart() starts the clock again. With `commands`, the picture turns black or the tone
// goes silent when the test says so (turnBlack(), goSilent()), whenever the channel is ready:
// ffmpeg's interactive "c" command on its stdin (`c<target> -1 <command> <argument>`) sets a
// named filter's option at once, here a transparent full-frame drawbox made opaque and a
// volume of 1 set to 0.

import { spawn, type ChildProcess } from "node:child_process";

export interface ColourChange {
  /** Seconds into the stream. */
  readonly atS: number;
  /** An ffmpeg colour name or 0xRRGGBB. */
  readonly colour: string;
}

export interface ColourUpstreamOptions {
  /** Where to send: an rtp:// URL (RTP-carried MPEG-TS) unless `outputArgs` is given. */
  readonly url?: string;
  /** Output arguments instead of `-f rtp_mpegts <url>` (a file, `-f hls …`); the muxer options included. */
  readonly outputArgs?: readonly string[];
  /** An ffmpeg colour name or 0xRRGGBB; default red. */
  readonly colour?: string;
  /** Later colours of the same stream, e.g. [{ atS: 2, colour: "blue" }]. */
  readonly changes?: readonly ColourChange[];
  /** Shorthand for a change to black at this second. */
  readonly blackAfterS?: number;
  /** The tone becomes digital silence at this second. */
  readonly silentAfterS?: number;
  /** Accept turnBlack() and goSilent() while running (ffmpeg reads commands on its stdin). */
  readonly commands?: boolean;
  /** Tone frequency (Hz); default 440. */
  readonly frequencyHz?: number;
  /** Picture size; default 320x180. */
  readonly size?: string;
  /** Frames per second; default 25. */
  readonly rate?: number;
  /** Stop after this many seconds (a file); default: run until killed. */
  readonly durationS?: number;
  /** Pace at real time (-re); default true. Files are made faster with false. */
  readonly realtime?: boolean;
  /** GOP in frames; default one second. */
  readonly gopFrames?: number;
  /**
   * Constant video bitrate (x264 nal-hrd=cbr with filler); default 400 kbit/s. A flat colour
   * left to VBR makes frames of a few hundred bytes, which the RTP muxer holds back until
   * seven TS packets fill a datagram: frames would arrive in bursts up to ~200 ms apart,
   * which a 100 ms input-loss threshold rightly calls a loss.
   */
  readonly videoBitrateBps?: number;
}

export interface ColourUpstream {
  readonly options: ColourUpstreamOptions;
  /** The running ffmpeg (replaced by restart()). */
  readonly child: ChildProcess;
  /** Date.now() when the current ffmpeg was spawned (the stream clock starts a little later). */
  readonly startedAtMs: number;
  /** Whether the current ffmpeg still runs. */
  readonly running: boolean;
  /** ffmpeg's stderr so far (warnings and errors only). */
  stderr(): string;
  /** Paints the whole picture black from the next frame on (needs `commands`); returns Date.now() when sent. */
  turnBlack(): number;
  /** Makes the tone digital silence from the next audio frame on (needs `commands`); returns Date.now() when sent. */
  goSilent(): number;
  /** SIGKILLs the current ffmpeg and waits for it to exit; the upstream can be restarted. */
  kill(): Promise<void>;
  /** Kills (if running) and starts a new ffmpeg with the same options (the stream's clock starts again). */
  restart(): Promise<void>;
  /** Resolves when the current ffmpeg exits (a file upstream with durationS: resolves with its exit code). */
  exited(): Promise<number | null>;
  /** kill(), and no restart after it. */
  close(): Promise<void>;
}

/** The ffmpeg arguments of an upstream (exported for the helper's own test and for benches). */
export function colourUpstreamArgs(options: ColourUpstreamOptions): string[] {
  const size = options.size ?? "320x180";
  const rate = options.rate ?? 25;
  const changes: ColourChange[] = [...(options.changes ?? [])];
  if (options.blackAfterS !== undefined) changes.push({ atS: options.blackAfterS, colour: "black" });
  changes.sort((a, b) => a.atS - b.atS);
  // Later drawboxes paint over earlier ones, so the newest change that started wins.
  const videoFilters = changes.map((change) => `drawbox=x=0:y=0:w=iw:h=ih:color=${change.colour}:t=fill:enable='gte(t,${change.atS})'`);
  const audioFilters = options.silentAfterS === undefined ? [] : [`volume=volume=0:enable='gte(t,${options.silentAfterS})'`];
  if (options.commands) {
    videoFilters.push(`${BLACKOUT_FILTER}=x=0:y=0:w=iw:h=ih:color=black@0:t=fill`);
    audioFilters.push(`${MUTE_FILTER}=volume=1`);
  }
  const videoFilter = videoFilters.join(",");
  const audioFilter = audioFilters.join(",");
  const output = options.outputArgs ?? ["-f", "rtp_mpegts", requireUrl(options.url)];
  return [
    "-hide_banner",
    "-loglevel",
    "error",
    ...(options.commands ? [] : ["-nostdin"]),
    ...(options.realtime === false ? [] : ["-re"]),
    "-f",
    "lavfi",
    "-i",
    `color=c=${options.colour ?? "red"}:size=${size}:rate=${rate}`,
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=${options.frequencyHz ?? 440}:sample_rate=48000`,
    ...(options.durationS === undefined ? [] : ["-t", String(options.durationS)]),
    ...(videoFilter ? ["-vf", videoFilter] : []),
    ...(audioFilter ? ["-af", audioFilter] : []),
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-tune",
    "zerolatency",
    "-pix_fmt",
    "yuv420p",
    "-g",
    String(options.gopFrames ?? rate),
    ...cbrArgs(options.videoBitrateBps ?? 400_000),
    "-c:a",
    "aac",
    "-b:a",
    "96k",
    ...output,
  ];
}

/** The filter instances turnBlack() and goSilent() address. */
const BLACKOUT_FILTER = "drawbox@blackout";
const MUTE_FILTER = "volume@mute";

function cbrArgs(bitrateBps: number): string[] {
  const kbps = Math.round(bitrateBps / 1000);
  return ["-b:v", `${kbps}k`, "-minrate", `${kbps}k`, "-maxrate", `${kbps}k`, "-bufsize", `${Math.round(kbps / 2)}k`, "-x264-params", "nal-hrd=cbr"];
}

function requireUrl(url: string | undefined): string {
  if (!url) throw new TypeError("colour upstream: give a url (rtp://…) or outputArgs");
  return url;
}

/** Starts an upstream; close() (or kill()) SIGKILLs it. */
export function startColourUpstream(options: ColourUpstreamOptions): ColourUpstream {
  const args = colourUpstreamArgs(options);
  let child: ChildProcess;
  let startedAtMs = 0;
  let stderr = "";
  let closed = false;
  let exit: Promise<number | null>;

  const spawnOne = (): void => {
    startedAtMs = Date.now();
    child = spawn("ffmpeg", args, { stdio: [options.commands ? "pipe" : "ignore", "ignore", "pipe"] });
    // A command sent to an ffmpeg that just died must not end this process (EPIPE).
    child.stdin?.on("error", () => undefined);
    child.on("error", (error) => (stderr += `spawn: ${error.message}\n`));
    child.stderr!.on("data", (chunk: Buffer) => {
      // Keep the tail only: a long run must not grow without bound.
      stderr = (stderr + chunk.toString()).slice(-20_000);
    });
    const current = child;
    exit = new Promise((resolve) => current.once("exit", (code) => resolve(code)));
  };

  /** One interactive command: "c", then `<target> -1 <command> <argument>` (time -1: now), in one write. */
  const command = (target: string, name: string, argument: string): number => {
    if (!options.commands || !child.stdin) throw new Error("colour upstream: start it with commands: true to send commands");
    const sentAtMs = Date.now();
    child.stdin.write(`c${target} -1 ${name} ${argument}\n`);
    return sentAtMs;
  };

  const kill = async (): Promise<void> => {
    const current = child;
    if (current.exitCode === null && current.signalCode === null) current.kill("SIGKILL");
    await exit;
  };

  spawnOne();
  return {
    options,
    get child() {
      return child;
    },
    get startedAtMs() {
      return startedAtMs;
    },
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    stderr: () => stderr,
    turnBlack: () => command(BLACKOUT_FILTER, "color", "black"),
    goSilent: () => command(MUTE_FILTER, "volume", "0"),
    kill,
    async restart() {
      if (closed) throw new Error("colour upstream: restart() after close()");
      await kill();
      spawnOne();
    },
    exited: () => exit,
    async close() {
      closed = true;
      await kill();
    },
  };
}

/** Runs a finite upstream (durationS, usually realtime: false) to its end; rejects with ffmpeg's stderr on failure. */
export async function makeColourFile(options: ColourUpstreamOptions & { readonly outputArgs: readonly string[]; readonly durationS: number }, timeoutMs = 60_000): Promise<void> {
  const upstream = startColourUpstream({ realtime: false, ...options });
  const timer = setTimeout(() => void upstream.kill(), timeoutMs);
  const code = await upstream.exited();
  clearTimeout(timer);
  if (code !== 0) throw new Error(`ffmpeg ${colourUpstreamArgs({ realtime: false, ...options }).join(" ")} failed (${code}):\n${upstream.stderr()}`);
}
