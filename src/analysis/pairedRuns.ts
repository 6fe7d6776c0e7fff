import { checkComparable, prepareScenario } from '../runs/prepare.js';
import { runVariants, type Overrides, type VariantSettings } from '../runs/runVariants.js';
import type { ScenarioResults } from '../results/annualTables.js';
import { pairedOutcomes, type PairedOutcomes } from '../results/comparison.js';
import { discountFactors, discountScheduleOf } from '../results/discounting.js';

/** Settings of an analysis's paired runs. */
export type PairedSettings = VariantSettings;

export interface PairedVariant {
  overrides: Overrides;
  baseline: ScenarioResults;
  scenario: ScenarioResults;
  /** Horizon totals, scenario against baseline, one value per paired replicate. */
  outcomes: PairedOutcomes;
}

/**
 * Runs baseline and scenario as a paired comparison (common random numbers, the same
 * replicates; the scenario forked from the baseline at its first lever, so the years before
 * it are simulated once) once for each set of overrides, all in one pool of workers. By
 * default every variant uses the same seed and replicates, so differences between variants
 * come from the parameters, not chance; `distinctReplicates` gives each variant replicates of its own.
 */
export async function runPairedVariants(baselineFile: string, scenarioFile: string, variants: Overrides[], settings: PairedSettings): Promise<PairedVariant[]> {
  const base = { file: baselineFile, prepared: prepareScenario(baselineFile, variants[0]) };
  checkComparable([base, { file: scenarioFile, prepared: prepareScenario(scenarioFile, variants[0]) }]);
  const factors = discountFactors(discountScheduleOf(base), base.prepared.grid.labels.length);
  const values = await runVariants([baselineFile, scenarioFile], variants, settings);
  return values.map(([b, s], v) => ({ overrides: variants[v]!, baseline: b!, scenario: s!, outcomes: pairedOutcomes(b!, s!, factors, base.prepared.declared.outcomes) }));
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}
