import jstat from 'jstat';
import type { ScenarioEconomics } from './economics.js';
import { percentile, type Summary } from './statistics.js';

const { jStat } = jstat;

/** Below this many draws, percentiles of the draws are too rough: the interval is a t prediction interval. */
export const PERCENTILE_DRAWS = 40;

/**
 * A 95% uncertainty interval from PSA draws (each carrying parameter and Monte Carlo uncertainty):
 * with at least PERCENTILE_DRAWS draws, their 2.5th and 97.5th percentiles; with fewer, the
 * normal-theory prediction interval for a new draw, mean ± t(0.975, D-1) sd sqrt(1 + 1/D), which
 * widens for the few draws it rests on. mcse is the standard error of the mean over draws.
 */
export function uncertaintyInterval(xs: number[]): Summary & { sd: number } {
  const n = xs.length;
  const mean = xs.reduce((a, x) => a + x, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : NaN;
  if (n >= PERCENTILE_DRAWS) {
    const sorted = Float64Array.from(xs).sort();
    return { mean, lo95: percentile(sorted, 0.025), hi95: percentile(sorted, 0.975), mcse: sd / Math.sqrt(n), sd };
  }
  const half = n > 1 ? (jStat.studentt.inv(0.975, n - 1) as number) * sd * Math.sqrt(1 + 1 / n) : NaN;
  return { mean, lo95: mean - half, hi95: mean + half, mcse: sd / Math.sqrt(n), sd };
}

export function intervalMethod(draws: number): string {
  return draws >= PERCENTILE_DRAWS
    ? `the 2.5th and 97.5th percentiles of the ${draws} draws`
    : `a prediction interval from ${draws} draws: mean ± t(0.975, ${draws - 1}) × sd × √(1 + 1/${draws}) (too few draws for percentiles)`;
}

/** summary.json's uncertainty block: a comparison's PSA (compare --psa N). */
export interface UncertaintySummary {
  label: string;
  method: string;
  interval: string;
  draws: number;
  /** Attempts set aside because their values made the model impossible, each replaced by another draw. */
  draws_set_aside: number;
  replicates_per_draw: number;
  scale: number;
  parameters: string[];
  /** Per scenario, per outcome: the PSA mean and its 95% uncertainty interval. */
  scenarios: Record<string, Record<string, Summary & { sd: number }>>;
  economics: Record<string, ScenarioEconomics>;
}
