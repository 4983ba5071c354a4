// Small helpers shared by the benchmarks: percentiles and the figures' print format.

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)]!;
}

export function latencySummary(samplesMs: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function fixed(value: number, digits = 1): string {
  return value.toFixed(digits);
}
