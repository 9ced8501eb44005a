// How far the process grows while something runs: the peak of heap and ArrayBuffer memory above
// what they held when sampling started, sampled on a timer (what a flood test bounds).

export interface MemoryGrowth {
  /** Stops sampling; the peak growth in bytes. */
  stop(): number;
}

export function sampleMemoryGrowth(intervalMs: number): MemoryGrowth {
  const before = process.memoryUsage();
  let peak = 0;
  const timer = setInterval(() => {
    const now = process.memoryUsage();
    peak = Math.max(peak, now.heapUsed + now.arrayBuffers - (before.heapUsed + before.arrayBuffers));
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}
