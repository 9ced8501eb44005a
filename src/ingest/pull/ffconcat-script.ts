// Keeps a URL that carries a secret off ffmpeg's and ffprobe's command line, where every local
// user reads it (/proc/<pid>/cmdline is world-readable). The child reads a one-entry ffconcat
// script on its stdin instead (`-f concat -safe 0 -i pipe:0`, Debian ffmpeg 5.1's concat
// demuxer, libavformat/concatdec.c): the URL in a `file` line, protocol options (an SRT
// passphrase, rtmp's rw_timeout) in `option` lines, a clip as `inpoint`/`outpoint`. A pipe's
// contents are readable only through the child's own fds, i.e. by its uid, and nothing is
// left on disk. Pure.
//
// ffmpeg 5.1 has no options file, its rtmp client takes credentials only in the URL, and
// srt-live-transmit 1.5.1 takes SRT options only in its URI arguments (no config file, no
// environment variable), so this is the one way to hand these secrets to these tools.

/** Input options that make ffmpeg or ffprobe read the script from stdin. */
export function ffconcatInputArgs(protocols: readonly string[]): string[] {
  // The concat demuxer hands its whitelist on to the entry; "pipe" is the script itself.
  return ["-protocol_whitelist", ["pipe", ...protocols].join(","), "-f", "concat", "-safe", "0", "-i", "pipe:0"];
}

export interface FfconcatEntry {
  readonly url: string;
  /** AVOptions for opening the entry: its protocol's and its demuxer's. */
  readonly options?: Readonly<Record<string, string>>;
  /** Start of a clip within the entry (concatdec seeks there on open). */
  readonly inpointMs?: number;
  /** End of a clip within the entry (concatdec stops reading there). */
  readonly outpointMs?: number;
}

export type FfconcatScript = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

export function ffconcatScript(entry: FfconcatEntry): FfconcatScript {
  const values = [entry.url, ...Object.entries(entry.options ?? {}).flat()];
  // The script is read line by line: a line break inside a value would start a new directive.
  if (values.some((value) => /[\r\n\0]/.test(value))) return { ok: false, reason: "a source setting holds a line break" };
  const lines = ["ffconcat version 1.0", `file ${quote(entry.url)}`];
  for (const [key, value] of Object.entries(entry.options ?? {})) {
    // concatdec takes the option name as a bare word (a quoted one names no option and is
    // ignored without a warning), so names are limited to what AVOption names are made of.
    if (!/^[a-z0-9_]+$/.test(key)) return { ok: false, reason: `not an option name: ${key}` };
    lines.push(`option ${key} ${quote(value)}`);
  }
  if (entry.inpointMs !== undefined && entry.inpointMs > 0) lines.push(`inpoint ${seconds(entry.inpointMs)}`);
  if (entry.outpointMs !== undefined) lines.push(`outpoint ${seconds(entry.outpointMs)}`);
  return { ok: true, text: `${lines.join("\n")}\n` };
}

/** av_get_token quoting: everything between single quotes is literal; a quote itself is '\''. */
function quote(value: string): string {
  return `'${value.split("'").join("'\\''")}'`;
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}
