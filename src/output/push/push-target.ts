// One output of a kind whose destination is a remote peer and whose sender is a child (SRT): what it runs
// and how it retries. Each kind's targets file builds these from the channel; the sender
// (push-sender.ts) is the same for every kind.

import type { PushCacheSettings } from "./push-cache.ts";
import type { PushRetrySettings } from "./push-retry.ts";
import type { PresetLine } from "./preset-file.ts";

export interface PushTarget {
  /** outputSlaveKey of the output (its tee slave writes to the target's relay socket). */
  readonly key: string;
  /** outputGroupKey of the output's group: its alert is the group's. */
  readonly groupKey: string;
  /** The PID the output passes SCTE-35 on (MPEG-TS outputs with m2tsSettings.scte35Control PASSTHROUGH); absent: none. */
  readonly scte35Pid?: number;
  /** How alerts and logs name it, e.g. `output "yt" of group "social"`. */
  readonly label: string;
  /** The peer without secrets, for alerts and logs, e.g. `rtmp://a.rtmp.youtube.com/live2`. */
  readonly peer: string;
  /** The sender's command line; `presetFile` holds the options presetLines() returns. */
  readonly command: string;
  readonly args: (presetFile: string) => readonly string[];
  /** Options kept off the command line (secrets resolved anew for each run); [] for none. */
  readonly presetLines: () => readonly PresetLine[];
  readonly retry: PushRetrySettings;
  readonly cache: PushCacheSettings;
  /** The alertType raised while the peer cannot be delivered to. */
  readonly alertType: string;
}

/** The senders' command. */
export const FFMPEG_COMMAND = "ffmpeg";

/** The sender reads the encoder's MPEG-TS from its stdin and reports -progress blocks on this fd once its output is open. */
export const SENDER_PROGRESS_FD = 3;

/** ffmpeg's options every sender starts with: quiet, progress on fd 3, the slave's MPEG-TS on stdin. */
export function senderInputArgs(inputFormat: readonly string[]): string[] {
  return [
    "-hide_banner",
    "-nostdin",
    "-loglevel",
    "error",
    "-nostats",
    "-progress",
    `pipe:${SENDER_PROGRESS_FD}`,
    "-stats_period",
    "0.5",
    // A stream joined mid-way: find the programme quickly rather than after ffmpeg's 5 s default.
    "-analyzeduration",
    "1000000",
    "-probesize",
    "1000000",
    ...inputFormat,
    "-i",
    "pipe:0",
  ];
}
