import { summarise, type Summary } from '../results/statistics.js';
import { runPairedVariants, type PairedSettings, type PairedVariant } from './pairedRuns.js';
import { quantile, type UncertainParameter } from './uncertainty.js';

export interface TornadoRow {
  parameter: string;
  unit: string;
  distribution: UncertainParameter['distribution'];
  central: number;
  low: number;
  high: number;
  /** Outcomes with the parameter at its 5th and 95th percentile, the rest central. */
  atLow: Record<string, Summary>;
  atHigh: Record<string, Summary>;
}

export interface Tornado {
  central: Record<string, Summary>;
  rows: TornadoRow[];
  /** The appraisal year and schedule the present values are discounted with. */
  appraisal: PairedVariant['appraisal'];
}

const summaries = (o: Record<string, number[]>) => Object.fromEntries(Object.entries(o).map(([n, xs]) => [n, summarise(xs)]));

/**
 * One-way sensitivity: each parameter in turn at the 5th and the 95th percentile of its
 * uncertainty distribution, every other at its central value; all runs share the seed and
 * replicates (common random numbers), so a bar's length is the parameter's effect, not noise.
 */
export async function runTornado(baseline: string, scenario: string, params: UncertainParameter[], settings: PairedSettings): Promise<Tornado> {
  const bounds = params.map((p) => ({ p, low: quantile(p.distribution, 0.05), high: quantile(p.distribution, 0.95) }));
  const variants = [new Map<string, number>(), ...bounds.flatMap((b) => [new Map([[b.p.name, b.low]]), new Map([[b.p.name, b.high]])])];
  const results = await runPairedVariants(baseline, scenario, variants, settings);
  return {
    central: summaries(results[0]!.outcomes),
    rows: bounds.map((b, i) => ({
      parameter: b.p.name,
      unit: b.p.unit,
      distribution: b.p.distribution,
      central: b.p.value,
      low: b.low,
      high: b.high,
      atLow: summaries(results[1 + 2 * i]!.outcomes),
      atHigh: summaries(results[2 + 2 * i]!.outcomes),
    })),
    appraisal: results[0]!.appraisal,
  };
}
