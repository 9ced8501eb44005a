// The demo's built-in upstream encoders: one ffmpeg per push endpoint, sending MPEG-TS over
// RTP. The primary input ("main") gets testsrc2 1280x720 at 30 fps; the backup input
// ("backup") gets SMPTE bars at 640x360 (half the CPU of a main upstream, and unmistakable
// on screen when a failover puts it on air). Each carries a burnt-in label and clock when a
// font is installed, plus a sine tone. Each is a SupervisedChild (shared/process/), tied to
// openlive, so it dies with openlive even when openlive is SIGKILLed. One that exits on its
// own is started again after the process backoff, unless the user cut its attachment's feed
// (cut(): the demo's way to make a failover happen; restore() sends again).

import { existsSync } from "node:fs";
import type { Logger } from "pino";
import { PROCESS_BACKOFF } from "../shared/backoff.ts";
import { ExitKinds } from "../shared/process/child-run.ts";
import { SupervisedChild } from "../shared/process/supervised-child.ts";
import { runChild } from "../shared/process/run-child.ts";

export const DemoAttachments = { MAIN: "main", BACKUP: "backup" } as const;
export type DemoAttachment = (typeof DemoAttachments)[keyof typeof DemoAttachments];

export function isDemoAttachment(name: unknown): name is DemoAttachment {
  return name === DemoAttachments.MAIN || name === DemoAttachments.BACKUP;
}

/** One upstream: which attachment (input) and pipeline it feeds, and the endpoint it sends to. */
export interface UpstreamTarget {
  readonly attachment: DemoAttachment;
  readonly pipeline: number;
  readonly url: string;
}

export interface UpstreamState extends UpstreamTarget {
  /** "sending": running (or restarting after an exit); "cut": held off by cut() until restore(). */
  readonly state: "sending" | "cut";
}

const FONT_CANDIDATES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
  "/usr/share/fonts/truetype/freefont/FreeSansBold.ttf",
];

/** A TrueType font file for drawtext, or undefined when none is installed. */
export async function findFont(): Promise<string | undefined> {
  const matched = await runChild({ command: "fc-match", args: ["-f", "%{file}", "sans:bold"], stdin: "ignore" }, { timeoutMs: 5_000, maxStdoutBytes: 4_096 });
  const file = matched.exit.code === 0 ? Buffer.from(matched.stdout).toString("utf8").trim() : "";
  if (file && /\.(ttf|otf)$/i.test(file) && existsSync(file)) return file;
  // no fontconfig: try the usual paths
  return FONT_CANDIDATES.find((candidate) => existsSync(candidate));
}

async function usableFont(): Promise<string | undefined> {
  const font = await findFont();
  return font !== undefined && !FILTER_SPECIAL.test(font) ? font : undefined;
}

/** Characters that would need filter-graph escaping in a font path; such a font is not used. */
const FILTER_SPECIAL = /[\\':,;[\]=\s]/;

const PATTERNS = {
  main: { source: "testsrc2=size=1280x720:rate=30", bitrate: "2500k", fontSize: 44, label: "MAIN" },
  backup: { source: "smptehdbars=size=640x360:rate=30", bitrate: "800k", fontSize: 24, label: "BACKUP" },
} as const;

export function upstreamArgs(target: UpstreamTarget, font: string | undefined): string[] {
  const pattern = PATTERNS[target.attachment];
  const video = ["-f", "lavfi", "-i", pattern.source];
  // Distinct tones per attachment and pipeline, so a listener hears a switch too.
  const frequencyHz = (target.attachment === DemoAttachments.MAIN ? 440 : 880) + target.pipeline * 220;
  const audio = ["-f", "lavfi", "-i", `sine=frequency=${frequencyHz}:sample_rate=48000`];
  const label = font
    ? [
        "-vf",
        `drawtext=fontfile=${font}:text='${pattern.label}  pipeline ${target.pipeline}  %{localtime\\:%T}':fontsize=${pattern.fontSize}:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=${Math.round(pattern.fontSize / 4)}:x=${Math.round(pattern.fontSize)}:y=h-th-${Math.round(pattern.fontSize * 1.4)}`,
      ]
    : [];
  return [
    "-hide_banner", "-nostdin", "-loglevel", "error", "-re", ...video, "-re", ...audio, ...label,
    // CBR with filler (nal-hrd=cbr), as a contribution encoder sends: the two sources of a STANDARD input must agree
    // on bitrate within 10 % ("Redundant Sources Differ"), which two free-running ABR encodes of different labels do not.
    "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
    "-b:v", pattern.bitrate, "-minrate", pattern.bitrate, "-maxrate", pattern.bitrate, "-bufsize", pattern.bitrate, "-x264-params", "nal-hrd=cbr", "-g", "30",
    "-c:a", "aac", "-b:a", "128k", "-ac", "2",
    "-f", "rtp_mpegts", target.url,
  ];
}

export interface Upstreams {
  /** Every upstream and whether it sends. */
  states(): UpstreamState[];
  /** Stops the upstreams of `attachment` (both pipelines) and keeps them off until restore(). Idempotent. */
  cut(attachment: DemoAttachment): void;
  /** Starts the cut upstreams of `attachment` again. Idempotent. */
  restore(attachment: DemoAttachment): void;
  /** SIGTERM each upstream (SIGKILL after a grace period) and wait until all have exited. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 3_000;

export function startUpstreams(targets: readonly UpstreamTarget[], logger: Logger, ffmpeg = "ffmpeg"): Upstreams {
  const font = usableFont().then((found) => {
    if (!found) logger.info("no font found for the upstreams' label (install fonts-dejavu-core); sending the test pattern without text");
    return found;
  });
  let stopping = false;
  const cut = new Set<DemoAttachment>();
  const running = new Map<UpstreamTarget, SupervisedChild>();
  /** Cut upstreams still exiting: stop() waits for them too. */
  const exiting = new Set<Promise<void>>();

  const launch = (target: UpstreamTarget): void => {
    if (stopping || cut.has(target.attachment) || running.has(target)) return;
    const where = { attachment: target.attachment, pipeline: target.pipeline };
    const child = new SupervisedChild({
      command: async () => ({ command: ffmpeg, args: upstreamArgs(target, await font), stdin: { text: "" }, stdout: "ignore", stderrTailBytes: 2_000 }),
      backoff: PROCESS_BACKOFF,
      graceMs: STOP_GRACE_MS,
      onExit: (exit) => {
        if (exit.kind === ExitKinds.CLOSED) return;
        if (exit.kind === ExitKinds.FAILED_TO_START) logger.error({ ...where, startError: exit.startError }, "demo upstream could not start (is setpriv/ffmpeg installed?)");
        else logger.warn({ ...where, url: target.url, code: exit.code, signal: exit.signal, stderr: exit.stderrTail }, "demo upstream exited; starting it again");
      },
    });
    running.set(target, child);
    child.start();
  };
  targets.forEach(launch);

  return {
    states: () => targets.map((target) => ({ ...target, state: cut.has(target.attachment) ? "cut" : "sending" })),
    cut(attachment) {
      if (stopping || cut.has(attachment)) return;
      cut.add(attachment);
      for (const target of targets.filter((t) => t.attachment === attachment)) {
        const child = running.get(target);
        running.delete(target);
        if (!child) continue;
        const exited = child.close().finally(() => exiting.delete(exited));
        exiting.add(exited);
      }
      logger.info({ attachment }, "demo: upstreams cut");
    },
    restore(attachment) {
      if (stopping || !cut.delete(attachment)) return;
      targets.filter((t) => t.attachment === attachment).forEach(launch);
      logger.info({ attachment }, "demo: upstreams restored");
    },
    async stop() {
      stopping = true;
      const children = [...running.values()];
      running.clear();
      await Promise.all([...children.map((child) => child.close()), ...exiting]);
    },
  };
}
