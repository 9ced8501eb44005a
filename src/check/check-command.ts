// `openlive check URL [URL2] [options]`: the upstream readiness check on the command line.
// Prints the checklist (or --json), exits 0 when every line passes, 1 when one fails, 2
// for usage errors. Ctrl-C ends the observation early and still prints the report.

import { parseArgs } from "node:util";
import { formatReportJson, formatReportText } from "./print-report.ts";
import { CheckUsageError, DEFAULT_SECONDS, DEFAULT_TIMEOUT_MS, planCheck, type CheckRequest } from "./plan-check.ts";
import { runCheck } from "./run-check.ts";
import { exitStatusOf } from "./evaluate-checklist.ts";

export const CHECK_USAGE = `usage: openlive check URL [URL2] [options]

Checks an upstream encoder against MediaLive's upstream checklist (docs/upstream.md) before any
input or channel exists: listens for pushes on the addresses given, or pulls the URLs, for a few
seconds, and prints one line per check with PASS/FAIL/WARN/INFO. Two URLs: the two sources of a
STANDARD input, compared. Exit status 0 when nothing fails, 1 when a check fails, 2 for usage errors.

URLs (push: openlive listens there; pull: openlive connects):
  rtp://0.0.0.0:5000                 RTP_PUSH: MPEG-TS over RTP (udp:// is read the same way)
  rtmp://0.0.0.0:1935/live/a         RTMP_PUSH: the encoder publishes app/instance live/a
  srt://0.0.0.0:9000                 SRT_LISTENER (needs --passphrase)
  https://origin/live/a.m3u8         URL_PULL (HLS)
  rtmp://origin/live/a --pull        RTMP_PULL
  srt://upstream:9000 --pull         SRT_CALLER (?streamid=… in the URL)
  https://host/file.mp4, ./file.ts   MP4_FILE, TS_FILE

options:
  --seconds N                 how long to observe each source (default ${DEFAULT_SECONDS})
  --input-type TYPE           RTP_PUSH, RTMP_PUSH, SRT_LISTENER, URL_PULL, RTMP_PULL, SRT_CALLER,
                              MP4_FILE, TS_FILE (default: from the URL)
  --input-spec C,R,B          the channel's inputSpecification to check against, e.g. AVC,HD,MAX_10_MBPS
  --caption-selector KIND     embedded, dvb-sub, teletext or scte27; repeat for several
  --pull                      pull rtmp:// and srt:// URLs instead of listening
  --timeout-ms N              pulls: how long the source has to answer and send media (default ${DEFAULT_TIMEOUT_MS})
  --username U, --password P  pull credentials (the password also from OPENLIVE_CHECK_PASSWORD)
  --passphrase P              SRT encryption passphrase (also from OPENLIVE_CHECK_PASSPHRASE)
  --json                      print the report as JSON
`;

export interface CheckIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const DEFAULT_IO: CheckIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

export function parseCheckArgs(argv: readonly string[], env: CheckIo["env"]): { request: CheckRequest; json: boolean } | "help" {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        seconds: { type: "string" },
        "input-type": { type: "string" },
        "input-spec": { type: "string" },
        "caption-selector": { type: "string", multiple: true },
        pull: { type: "boolean" },
        "timeout-ms": { type: "string" },
        username: { type: "string" },
        password: { type: "string" },
        passphrase: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new CheckUsageError((error as Error).message);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help === true) return "help";
  const text = (name: string): string | undefined => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const number = (name: string): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    if (!/^\d+(\.\d+)?$/.test(value)) throw new CheckUsageError(`--${name} needs a number, got "${value}"`);
    return Number(value);
  };
  const seconds = number("seconds");
  const timeoutMs = number("timeout-ms");
  const password = text("password") ?? env.OPENLIVE_CHECK_PASSWORD;
  const passphrase = text("passphrase") ?? env.OPENLIVE_CHECK_PASSPHRASE;
  const request: CheckRequest = {
    urls: parsed.positionals,
    ...(seconds !== undefined ? { seconds } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(text("input-type") !== undefined ? { inputType: text("input-type")! } : {}),
    ...(text("input-spec") !== undefined ? { inputSpec: text("input-spec")! } : {}),
    captionSelectors: (values["caption-selector"] as string[] | undefined) ?? [],
    pull: values.pull === true,
    ...(text("username") !== undefined ? { username: text("username")! } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(passphrase !== undefined ? { passphrase } : {}),
  };
  return { request, json: values.json === true };
}

export async function runCheckCommand(argv: readonly string[], io: CheckIo = DEFAULT_IO): Promise<number> {
  let parsed: ReturnType<typeof parseCheckArgs>;
  let plan: ReturnType<typeof planCheck>;
  try {
    parsed = parseCheckArgs(argv, io.env);
    if (parsed === "help") {
      io.stdout(CHECK_USAGE);
      return 0;
    }
    if (parsed.request.urls.length === 0) throw new CheckUsageError("give the URL (or two) to check");
    plan = planCheck(parsed.request);
  } catch (error) {
    if (error instanceof CheckUsageError) {
      io.stderr(`openlive check: ${error.message}; run ./openlive check --help\n`);
      return 2;
    }
    throw error;
  }
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const report = await runCheck(plan, { signal: stop.signal, onProgress: (message) => io.stderr(`openlive check: ${message}\n`) });
    io.stdout(parsed.json ? formatReportJson(report) : formatReportText(report));
    return exitStatusOf(report);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
