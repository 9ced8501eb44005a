// The alerts of running channels as ListAlerts returns them: one entry per (pipeline,
// alert type, subject: the input or output group it is about), SET with its time, CLEARED with both times. Kept in
// memory, bounded per channel; a restart of openlive starts a fresh book (MediaLive
// keeps alerts for the channel's running session too).

import { createHash } from "node:crypto";
import type { ChannelAlert } from "../domain/channels/channel-runtime-port.ts";
import type { WorkerAlert } from "../pipeline/worker/messages.ts";

const MAX_ALERTS_PER_CHANNEL = 500;

export class AlertBook {
  readonly #byChannel = new Map<string, ChannelAlert[]>();

  /** Records a SET or CLEARED report; returns the entry it created or cleared (undefined when nothing changed). */
  record(channelId: string, pipelineIndex: number, alert: WorkerAlert): ChannelAlert | undefined {
    const list = this.#byChannel.get(channelId) ?? [];
    this.#byChannel.set(channelId, list);
    const pipelineId = String(pipelineIndex);
    const open = openIndex(list, pipelineId, alert);
    if (alert.state === "CLEARED") {
      if (open < 0) return undefined;
      list[open] = { ...list[open]!, state: "CLEARED", clearedAtMs: alert.atMs };
      return list[open];
    }
    if (open >= 0) return undefined;
    const id = createHash("sha256").update(`${channelId}/${pipelineId}/${alert.alertType}/${alert.atMs}`).digest("hex").slice(0, 16) + subjectKey(alert);
    const entry: ChannelAlert = { id, alertType: alert.alertType, message: alert.message, pipelineId, state: "SET", setAtMs: alert.atMs };
    list.push(entry);
    if (list.length > MAX_ALERTS_PER_CHANNEL) list.splice(0, list.length - MAX_ALERTS_PER_CHANNEL);
    return entry;
  }

  /** Rewrites the message of an alert that is SET (same id and time); returns it, or undefined when none is SET or the message is the same. */
  revise(channelId: string, pipelineIndex: number, alert: WorkerAlert): ChannelAlert | undefined {
    const list = this.#byChannel.get(channelId) ?? [];
    const open = openIndex(list, String(pipelineIndex), alert);
    if (open < 0 || list[open]!.message === alert.message) return undefined;
    list[open] = { ...list[open]!, message: alert.message };
    return list[open];
  }

  /** MediaLive: alerts always clear when the channel stops. */
  clearAll(channelId: string, atMs: number): ChannelAlert[] {
    const list = this.#byChannel.get(channelId) ?? [];
    const cleared: ChannelAlert[] = [];
    list.forEach((alert, index) => {
      if (alert.state !== "SET") return;
      list[index] = { ...alert, state: "CLEARED", clearedAtMs: atMs };
      cleared.push(list[index]!);
    });
    return cleared;
  }

  list(channelId: string): readonly ChannelAlert[] {
    return this.#byChannel.get(channelId) ?? [];
  }
}

/** The SET entry of this pipeline, alert type and (when the alert names one) input; -1 when none. */
function openIndex(list: readonly ChannelAlert[], pipelineId: string, alert: WorkerAlert): number {
  const subject = subjectKey(alert);
  return list.findIndex((a) => a.state === "SET" && a.pipelineId === pipelineId && a.alertType === alert.alertType && (subject === "" || a.id.endsWith(subject)));
}

/** What an entry's id ends with: the input, or the output group (hashed: a group's name is free text). */
function subjectKey(alert: WorkerAlert): string {
  if (alert.inputId) return `-${alert.inputId}`;
  if (alert.outputGroup !== undefined) return `-g${createHash("sha256").update(alert.outputGroup).digest("hex").slice(0, 8)}`;
  return "";
}
