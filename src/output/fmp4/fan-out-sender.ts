// One encoder output sent to several peers (a CMAF ingest group's destination and its
// additionalDestinations): every sender gets every byte, each retries on its own, and the
// output counts as failing while any of them fails.

import type { PushSender } from "./push-beside.ts";

export class FanOutSender implements PushSender {
  readonly #senders: readonly PushSender[];

  constructor(senders: readonly PushSender[]) {
    this.#senders = senders;
  }

  streamStarted(): void {
    for (const sender of this.#senders) sender.streamStarted();
  }

  data(chunk: Buffer): void {
    for (const sender of this.#senders) sender.data(chunk);
  }

  streamEnded(): void {
    for (const sender of this.#senders) sender.streamEnded();
  }

  delivered(): { readonly sent: number; readonly dropped: number } {
    const each = this.#senders.map((sender) => sender.delivered());
    return { sent: each.reduce((sum, one) => sum + one.sent, 0), dropped: each.reduce((sum, one) => sum + one.dropped, 0) };
  }

  close(): void {
    for (const sender of this.#senders) sender.close();
  }
}
