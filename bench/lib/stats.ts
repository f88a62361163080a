/** Small helpers shared by the benchmarks: percentiles and timing of repeated async calls. */

/** The p-th percentile (0-100): the sorted sample at index floor(p% of n); NaN for no samples. */
export function pct(xs: ArrayLike<number>, p: number): number {
  const s = Array.from(xs).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : Number.NaN;
}

/** Runs `fn` `warmup` times untimed, then `n` times sequentially; returns the latencies in ms. */
export async function timeCalls(n: number, fn: (i: number) => Promise<unknown>, warmup = 20): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

export const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
