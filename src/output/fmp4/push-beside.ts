// What runs beside the encoder for the push output groups of one kind (CMAF ingest, Smooth
// Streaming): for each of their tee slaves a relay socket (relay/slave-socket.ts) feeding
// an HTTP sender, and one output alert per group, raised while any of its senders cannot
// deliver and cleared once all deliver again.

import { AlertCatalogue } from "../../shared/alerts.ts";
import type { BesideContext, OutputBeside } from "../output-kind.ts";
import { SlaveSocket, type SlaveStreamSink } from "../relay/slave-socket.ts";

/** A sender as push-beside.ts drives it. */
export interface PushSender extends SlaveStreamSink {
  close(): void;
  /** Objects (segments, fragments) delivered and given up so far. */
  delivered(): { readonly sent: number; readonly dropped: number };
}

export interface PushSlave {
  /** outputSlaveKey(…) (with a track suffix where an output has several streams). */
  readonly key: string;
  readonly start: (alerts: { readonly onFailing: (message: string) => void; readonly onRecovered: () => void }) => PushSender;
}

export interface PushGroup {
  readonly groupKey: string;
  readonly slaves: readonly PushSlave[];
  /** A problem found before any sender starts (a missing secret): raised at once. */
  readonly problem?: string;
}

/** One group's alert: SET while some of its senders fail, CLEARED when none does. */
export class GroupAlert {
  readonly #failing = new Set<string>();
  readonly #raise: (state: "SET" | "CLEARED", message: string) => void;

  constructor(raise: (state: "SET" | "CLEARED", message: string) => void) {
    this.#raise = raise;
  }

  failing(sender: string, message: string): void {
    const first = this.#failing.size === 0;
    this.#failing.add(sender);
    if (first) this.#raise("SET", message);
  }

  recovered(sender: string): void {
    if (!this.#failing.delete(sender)) return;
    if (this.#failing.size === 0) this.#raise("CLEARED", "the destination accepts the output again");
  }
}

export async function startPushBeside(context: BesideContext, groups: readonly PushGroup[]): Promise<OutputBeside> {
  const sockets: SlaveSocket[] = [];
  const senders: PushSender[] = [];
  const slaveTargets = new Map<string, string>();
  const close = async (): Promise<void> => {
    for (const sender of senders) sender.close();
    await Promise.all(sockets.map((socket) => socket.close()));
  };
  try {
    for (const group of groups) {
      const alert = new GroupAlert((state, message) => context.alert({ alertType: AlertCatalogue.OUTPUT_REFUSED.alertType, message: `output group "${group.groupKey}": ${message}`, state, atMs: Date.now(), outputGroup: group.groupKey }));
      if (group.problem) alert.failing("(configuration)", group.problem);
      for (const slave of group.slaves) {
        const sender = slave.start({
          onFailing: (message) => {
            context.logger.warn({ output: slave.key, message }, "push output refused");
            alert.failing(slave.key, message);
          },
          onRecovered: () => {
            context.logger.info({ output: slave.key }, "push output delivers again");
            alert.recovered(slave.key);
          },
        });
        senders.push(sender);
        const socket = await SlaveSocket.open(sender, context.workDir);
        sockets.push(socket);
        slaveTargets.set(slave.key, socket.url);
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    destinations: new Map(),
    slaveTargets,
    planned: async () => undefined,
    encoderStarting: () => undefined,
    counters: () => {
      const delivered = senders.map((sender) => sender.delivered());
      return { segmentsPublished: delivered.reduce((sum, each) => sum + each.sent, 0), uploadFailures: delivered.reduce((sum, each) => sum + each.dropped, 0) };
    },
    close: () => (closing ??= close()),
  };
}
