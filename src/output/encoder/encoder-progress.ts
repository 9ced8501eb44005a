// ffmpeg's `-progress` stream: blocks of key=value lines, each ending in
// `progress=continue` (or `end`), every -stats_period. Pure: fed chunks, returns what the
// finished blocks said.

export interface EncoderProgress {
  readonly frame: number;
  readonly speed?: number;
}

export class EncoderProgressParser {
  #pending = "";
  #block: Record<string, string> = {};

  /** The progress of each block the chunk completes. */
  push(chunk: string): EncoderProgress[] {
    const done: EncoderProgress[] = [];
    this.#pending += chunk;
    let newline: number;
    while ((newline = this.#pending.indexOf("\n")) >= 0) {
      const line = this.#pending.slice(0, newline).trim();
      this.#pending = this.#pending.slice(newline + 1);
      const eq = line.indexOf("=");
      if (eq < 0) continue;
      const key = line.slice(0, eq);
      this.#block[key] = line.slice(eq + 1);
      if (key === "progress") {
        const speed = Number.parseFloat(this.#block.speed ?? "");
        done.push({ frame: Number.parseInt(this.#block.frame ?? "0", 10) || 0, ...(Number.isFinite(speed) ? { speed } : {}) });
        this.#block = {};
      }
    }
    return done;
  }
}
