// What runs beside the encoder for a kind whose outputs go to remote peers: one loopback
// socket per output (the tee slave's path) and one sender behind it, and one alert per
// group (push-alerts.ts). Shared by RTMP and SRT;
// each kind only says what its targets are.

import { SlaveSocket } from "../relay/slave-socket.ts";
import { NO_OUTPUT_COUNTERS, type BesideContext, type OutputBeside } from "../output-kind.ts";
import { SharedOutputAlert } from "./push-alerts.ts";
import { PushSender, presetFileOf } from "./push-sender.ts";
import type { PushTarget } from "./push-target.ts";

/** `kindName` prefixes the preset file names, so kinds never share a file. */
export async function startPushBeside(context: BesideContext, targets: readonly PushTarget[], kindName: string): Promise<OutputBeside> {
  const alerts = new SharedOutputAlert(context.alert);
  const senders: PushSender[] = [];
  const sockets: SlaveSocket[] = [];
  const slaveTargets = new Map<string, string>();
  try {
    for (const [index, target] of targets.entries()) {
      const sender = new PushSender({ target, presetFile: presetFileOf(context.workDir, `${kindName}-${index}`), alert: alerts.forOutput(target.key, target.groupKey), logger: context.logger });
      senders.push(sender);
      const socket = await SlaveSocket.open(sender);
      sockets.push(socket);
      slaveTargets.set(target.key, socket.url);
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

async function closeAll(sockets: readonly SlaveSocket[], senders: readonly PushSender[]): Promise<void> {
  await Promise.all(sockets.map((socket) => socket.close()));
  await Promise.all(senders.map((sender) => sender.close()));
}
