// A bare server-sent-events client over node:http for the event tests: keeps every
// message and comment it parses, and waits for the one a test expects.

import http, { type IncomingMessage } from "node:http";

export interface SseMessage {
  readonly event: string | undefined;
  readonly id: string | undefined;
  readonly data: string;
}

export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  readonly response: IncomingMessage;
  #ended = false;
  #waiters = new Set<() => void>();

  private constructor(response: IncomingMessage) {
    this.response = response;
    let buffer = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        this.#parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
      this.#notify();
    });
    response.on("close", () => {
      this.#ended = true;
      this.#notify();
    });
  }

  /** Opens the stream; resolves once the status line and headers arrived (any status). */
  static connect(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const request = http.get(url, { headers: { accept: "text/event-stream", ...headers } }, (response) => resolve(new SseClient(response)));
      request.on("error", reject);
    });
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** The first message (already received or still to come) that `match` accepts. */
  async next(what: string, match: (message: SseMessage) => boolean, timeoutMs = 20_000): Promise<SseMessage> {
    return this.until(what, () => this.messages.find(match), timeoutMs);
  }

  async until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify(this.messages.map((m) => m.event))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        const waiters = this.#waiters;
        function done(): void {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }

  close(): void {
    this.response.destroy();
  }

  #parse(block: string): void {
    let event: string | undefined;
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) this.comments.push(line.slice(1).trim());
      else if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("id: ")) id = line.slice(4);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
    }
    if (data.length > 0) this.messages.push({ event, id, data: data.join("\n") });
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
