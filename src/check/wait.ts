// Waiting in a check: a sleep that an abort (Ctrl-C, a closed API request) ends early, and
// a poll for a condition with a deadline.

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** True as soon as `condition` holds; false when `timeoutMs` passed (or the signal aborted) first. */
export async function waitFor(condition: () => boolean, timeoutMs: number, signal?: AbortSignal, pollMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline || signal?.aborted) return false;
    await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())), signal);
  }
  return true;
}
