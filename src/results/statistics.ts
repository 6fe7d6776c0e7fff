/** Summary of one metric over replicates. */
export interface Summary {
  mean: number;
  lo95: number;
  hi95: number;
  /** Monte Carlo standard error of the mean: sample sd / sqrt(n) (0 for one replicate). */
  mcse: number;
}

/** Percentile by linear interpolation between order statistics (R's type 7). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Mean, 2.5th and 97.5th percentiles and MCSE, summing in replicate order so results are reproducible. */
export function summarise(values: ArrayLike<number>): Summary {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const sorted = Float64Array.from(values).sort();
  return { mean, lo95: percentile(sorted, 0.025), hi95: percentile(sorted, 0.975), mcse: n > 1 ? sd / Math.sqrt(n) : 0 };
}

/**
 * A ratio of means, mean(num) / mean(den) (what a cost per unit of effect is), with the 2.5th and
 * 97.5th percentiles of the per-replicate ratios as its spread and the delta-method standard error,
 * sd(num - ratio x den) / (sqrt(n) |mean(den)|). Null when mean(den) is 0.
 */
export function ratioOfMeans(num: ArrayLike<number>, den: ArrayLike<number>): Summary | null {
  const n = num.length;
  const a = summarise(num).mean;
  const b = summarise(den).mean;
  if (!(b !== 0) || !Number.isFinite(a / b)) return null;
  const ratio = a / b;
  const resid = Array.from({ length: n }, (_, i) => num[i]! - ratio * den[i]!);
  const sdResid = n > 1 ? Math.sqrt(resid.reduce((acc, x) => acc + x * x, 0) / (n - 1)) : 0;
  const per = Float64Array.from({ length: n }, (_, i) => num[i]! / den[i]!).filter(Number.isFinite).sort();
  return { mean: ratio, lo95: percentile(per, 0.025), hi95: percentile(per, 0.975), mcse: n > 1 ? sdResid / (Math.sqrt(n) * Math.abs(b)) : 0 };
}
