// The last bytes a child wrote to a stream (its stderr, as a rule): what alerts and logs
// quote when the child dies. Bounded, so a chatty child cannot grow our memory.

/** Default bound: a few screens of ffmpeg's error output. */
export const DEFAULT_TAIL_BYTES = 4096;

export class OutputTail {
  readonly #maxChars: number;
  #text = "";

  constructor(maxChars = DEFAULT_TAIL_BYTES) {
    this.#maxChars = maxChars;
  }

  append(chunk: Buffer | string): void {
    this.#text = (this.#text + (typeof chunk === "string" ? chunk : chunk.toString("utf8"))).slice(-this.#maxChars);
  }

  /** Everything kept, trimmed. */
  text(): string {
    return this.#text.trim();
  }

  /** The last non-empty line, trimmed and at most `maxChars` long; "" when there is none. */
  lastLine(maxChars = 300): string {
    return lastLine(this.#text, maxChars);
  }
}

/** The last non-empty line of `text`, trimmed and at most `maxChars` long; "" when there is none. */
export function lastLine(text: string, maxChars = 300): string {
  const line = text
    .split(/\r?\n/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .pop();
  return line === undefined ? "" : line.slice(0, maxChars);
}
