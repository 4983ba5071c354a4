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
