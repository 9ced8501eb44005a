// The demo's two built-in upstream encoders: ffmpeg test patterns (testsrc2 1280x720 at
// 30 fps with a burnt-in label and clock when a font is installed, plus a sine tone) sent
// as MPEG-TS over RTP to the two push endpoints of the demo input. Each runs under
// `setpriv --pdeathsig KILL` (spawnTiedChild), so it dies with openlive even when openlive
// is SIGKILLed. One that exits on its own is started again after a second.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import type { Logger } from "pino";
import { spawnTiedChild, type TiedChild } from "../ingest/pull/spawn-tied-child.ts";

const FONT_CANDIDATES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
  "/usr/share/fonts/truetype/freefont/FreeSansBold.ttf",
];

/** A TrueType font file for drawtext, or undefined when none is installed. */
export function findFont(): string | undefined {
  try {
    const matched = spawnSync("fc-match", ["-f", "%{file}", "sans:bold"], { encoding: "utf8", timeout: 5_000 });
    const file = matched.status === 0 ? matched.stdout.trim() : "";
    if (file && /\.(ttf|otf)$/i.test(file) && existsSync(file)) return file;
  } catch {
    // no fontconfig: try the usual paths
  }
  return FONT_CANDIDATES.find((file) => existsSync(file));
}

function usableFont(): string | undefined {
  const font = findFont();
  return font !== undefined && !FILTER_SPECIAL.test(font) ? font : undefined;
}

/** Characters that would need filter-graph escaping in a font path; such a font is not used. */
const FILTER_SPECIAL = /[\\':,;[\]=\s]/;

export function upstreamArgs(url: string, pipeline: number, font: string | undefined): string[] {
  const video = ["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30"];
  const audio = ["-f", "lavfi", "-i", `sine=frequency=${pipeline === 0 ? 440 : 660}:sample_rate=48000`];
  const label = font
    ? [
        "-vf",
        `drawtext=fontfile=${font}:text='pipeline ${pipeline}  %{localtime\\:%T}':fontsize=44:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=12:x=40:y=h-th-60`,
      ]
    : [];
  return [
    "-hide_banner", "-nostdin", "-loglevel", "error", "-re", ...video, "-re", ...audio, ...label,
    "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p", "-b:v", "2500k", "-g", "30",
    "-c:a", "aac", "-b:a", "128k", "-ac", "2",
    "-f", "rtp_mpegts", url,
  ];
}

export interface Upstreams {
  /** SIGTERM each upstream (SIGKILL after a grace period) and wait until all have exited. */
  stop(): Promise<void>;
}

const RESTART_DELAY_MS = 1_000;
const STOP_GRACE_MS = 3_000;

export function startUpstreams(endpoints: readonly string[], logger: Logger, ffmpeg = "ffmpeg"): Upstreams {
  const font = usableFont();
  if (!font) logger.info("no font found for the upstreams' label (install fonts-dejavu-core); sending the test pattern without text");
  let stopping = false;
  const children = new Set<TiedChild>();
  const timers = new Set<NodeJS.Timeout>();

  const launch = (url: string, pipeline: number): void => {
    if (stopping) return;
    const child = spawnTiedChild(ffmpeg, upstreamArgs(url, pipeline, font));
    children.add(child);
    let stderr = "";
    child.stdout.resume();
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2_000);
    });
    child.once("error", (error) => logger.error({ err: error, pipeline }, "demo upstream could not start (is setpriv/ffmpeg installed?)"));
    child.once("close", (code, signal) => {
      children.delete(child);
      if (stopping) return;
      logger.warn({ pipeline, url, code, signal, stderr: stderr.trim() }, "demo upstream exited; starting it again");
      const timer = setTimeout(() => {
        timers.delete(timer);
        launch(url, pipeline);
      }, RESTART_DELAY_MS);
      timers.add(timer);
    });
  };
  endpoints.forEach((url, pipeline) => launch(url, pipeline));

  return {
    async stop() {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(
        [...children].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              const kill = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
              child.once("close", () => {
                clearTimeout(kill);
                resolve();
              });
              child.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}
