// Turns the cumulative counts the pipeline workers report into increases for Prometheus
// counters, which must never go down. Pure. A worker counts from zero when it starts, and
// a source reader when it opens, so a count comes with a key that names who counted it
// (run, worker start time, reader): a key seen for the first time contributes its whole
// value; a value lower than last time under the same key is a source that started again
// from zero (its whole value counts too); otherwise the difference counts.

/** The increase of a cumulative count from `previous` (undefined: never seen) to `value`. */
export function increase(previous: number | undefined, value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  if (previous === undefined || value < previous) return value;
  return value - previous;
}

export class CounterFold {
  /** Group (one pipeline) → the values of its last report, by key. */
  readonly #groups = new Map<string, ReadonlyMap<string, number>>();

  /**
   * Folds one report of a group: cumulative values by key → increases since the group's
   * previous report. Keys missing from this report are forgotten (their counter stopped:
   * a worker that exited, a reader that closed), so memory follows what runs.
   */
  fold(group: string, values: ReadonlyMap<string, number>): Map<string, number> {
    const previous = this.#groups.get(group);
    const increases = new Map<string, number>();
    for (const [key, value] of values) increases.set(key, increase(previous?.get(key), value));
    this.#groups.set(group, new Map(values));
    return increases;
  }

  /** Drops a group's state (its channel was deleted). */
  forget(group: string): void {
    this.#groups.delete(group);
  }

  get groupCount(): number {
    return this.#groups.size;
  }
}
