// Timing for the "stays linear" tests: best of several runs after a warm-up, so one collector pause
// or a busy CI core does not decide a ratio.
import { performance } from 'node:perf_hooks';

export function bestTime(run: () => unknown, runs = 5): number {
  run();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** The smaller input's time must be at least this long, or timer noise could hide a quadratic ratio. */
const MEASURABLE_MS = 8;

/**
 * How much longer 4× the input takes than the input (linear work: about 4; quadratic: about 16).
 * The input grows from `size` by doubling until its run takes MEASURABLE_MS, so the ratio is never
 * taken between two times too small to tell apart.
 */
export function growthOfFourfold(run: (size: number) => unknown, size: number, runs = 3): number {
  let n = size;
  let small = bestTime(() => run(n), runs);
  while (small < MEASURABLE_MS && n < size * 64) {
    n *= 2;
    small = bestTime(() => run(n), runs);
  }
  return bestTime(() => run(n * 4), runs) / small;
}
