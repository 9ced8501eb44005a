// What runs beside the encoder for a kind whose outputs go to remote peers (RTMP, SRT): one
// relay socket per output (the tee slave's path) and one sender behind it. The kind says what
// its senders are: an ffmpeg child per target (ffmpegPushSenders) or a sender of its own.

import { withScte35 } from "../scte35/scte35-sink.ts";
import type { AlertEvent } from "../../shared/alerts.ts";
import { SlaveSocket, type SlaveStreamSink } from "../relay/slave-socket.ts";
import { NO_OUTPUT_COUNTERS, type BesideContext, type OutputBeside } from "../output-kind.ts";
import { SharedOutputAlert } from "./push-alerts.ts";
import { PushSender, presetFileOf } from "./push-sender.ts";
import type { PushTarget } from "./push-target.ts";

/** What reads one output's relay socket and delivers it. */
export interface PushSink extends SlaveStreamSink {
  /** Stops delivering; idempotent. */
  close(): Promise<void>;
}

/** One output of a push kind: its slave key and how its sender starts (`alert` reports for that output). */
export interface PushOutput {
  readonly key: string;
  /** The output group it belongs to: alerts are per group. */
  readonly groupKey: string;
  readonly start: (alert: (alert: AlertEvent) => void) => PushSink;
}

/** Targets run by an ffmpeg child each; `kindName` prefixes the preset file names, so kinds never share a file. */
export function ffmpegPushOutputs(context: BesideContext, targets: readonly PushTarget[], kindName: string): PushOutput[] {
  return targets.map((target, index) => ({
    key: target.key,
    groupKey: target.groupKey,
    start: (alert) => withScte35(new PushSender({ target, presetFile: presetFileOf(context.workDir, `${kindName}-${index}`), alert, logger: context.logger }), target.scte35Pid, context.spliceMarks),
  }));
}

export async function startPushBeside(context: BesideContext, outputs: readonly PushOutput[]): Promise<OutputBeside> {
  const alerts = new SharedOutputAlert(context.alert);
  const senders: PushSink[] = [];
  const sockets: SlaveSocket[] = [];
  const slaveTargets = new Map<string, string>();
  try {
    for (const output of outputs) {
      const sender = output.start(alerts.forOutput(output.key, output.groupKey));
      senders.push(sender);
      const socket = await SlaveSocket.open(sender, context.workDir);
      sockets.push(socket);
      slaveTargets.set(output.key, socket.url);
    }
  } catch (error) {
    await closeAll(sockets, senders);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    destinations: new Map(),
    slaveTargets,
    planned: async () => {},
    encoderStarting: () => {},
    counters: () => NO_OUTPUT_COUNTERS,
    close: () => (closing ??= closeAll(sockets, senders)),
  };
}

async function closeAll(sockets: readonly SlaveSocket[], senders: readonly PushSink[]): Promise<void> {
  await Promise.all(sockets.map((socket) => socket.close()));
  await Promise.all(senders.map((sender) => sender.close()));
}
