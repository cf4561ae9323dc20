export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

export function summarize(samplesMs: number[]): Summary {
  const s = [...samplesMs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    n: s.length,
    p50: round(q(0.5)),
    p95: round(q(0.95)),
    p99: round(q(0.99)),
    mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
  };
}

/** Times `fn` `n` times after `warmup` untimed runs, sequentially. */
export async function timeIt(n: number, warmup: number, fn: () => Promise<unknown>): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}
