import { checkComparable, prepareScenario } from '../runs/prepare.js';
import { runVariants, type Overrides, type VariantSettings, type VariantValues } from '../runs/runVariants.js';
import { runFeasibleDraws, type SetAside } from './feasibleDraws.js';
import type { ScenarioResults } from '../results/annualTables.js';
import { discountedOutcomes, pairedOutcomes, yearWeights, type PairedOutcomes } from '../results/comparison.js';
import { appraisalFactors, appraisalRecord, discountScheduleOf, type Appraisal } from '../results/discounting.js';
import { economicValues, type EconomicValues } from '../results/economics.js';
import { financialYearOf, periodWeights, policyPeriod, policyStartOf } from '../results/years.js';

/**
 * Settings of an analysis's paired runs, and the appraisal year its present values are discounted
 * to (the command line's; without one, the financial year holding the moment the runs start).
 */
export type PairedSettings = VariantSettings & { appraisal?: Appraisal };

export interface PairedVariant {
  overrides: Overrides;
  baseline: ScenarioResults;
  scenario: ScenarioResults;
  /** Totals over the policy's years, scenario against baseline, one value per paired replicate. */
  outcomes: PairedOutcomes;
  /** The discounted totals a ratio of money to effects divides (the cost-effectiveness effect's, for the PSA's net benefit). */
  discounted: PairedOutcomes;
  /** The appraisal year and discount schedule, as a manifest records them. */
  appraisal: ReturnType<typeof appraisalRecord>;
  /** Effects and each perspective's costs, discounted alike, per paired replicate. */
  economics: EconomicValues;
}

/**
 * Runs baseline and scenario as a paired comparison (common random numbers, the same
 * replicates; the scenario forked from the baseline at its first lever, so the years before
 * it are simulated once) once for each set of overrides, all in one pool of workers. By
 * default every variant uses the same seed and replicates, so differences between variants
 * come from the parameters, not chance; `distinctReplicates` gives each variant replicates of its own.
 */
export async function runPairedVariants(baselineFile: string, scenarioFile: string, variants: Overrides[], settings: PairedSettings): Promise<PairedVariant[]> {
  const pair = pairOf(baselineFile, scenarioFile, variants[0], settings);
  return pair(variants, await runVariants([baselineFile, scenarioFile], variants, settings));
}

/** runPairedVariants over n parameter draws, each drawn again until it describes a possible model (runFeasibleDraws). */
export async function runPairedDraws(baselineFile: string, scenarioFile: string, draw: (d: number, attempt: number) => Overrides, n: number, settings: PairedSettings): Promise<{ variants: PairedVariant[]; setAside: SetAside[] }> {
  const pair = pairOf(baselineFile, scenarioFile, undefined, settings);
  const run = await runFeasibleDraws([baselineFile, scenarioFile], draw, n, settings);
  return { variants: pair(run.draws, run.values), setAside: run.setAside };
}

/** How a pair's values become paired outcomes: the weights of its policy period and appraisal. */
function pairOf(baselineFile: string, scenarioFile: string, overrides: Overrides | undefined, settings: PairedSettings): (variants: Overrides[], values: VariantValues[][]) => PairedVariant[] {
  const base = { file: baselineFile, prepared: prepareScenario(baselineFile, overrides) };
  const other = { file: scenarioFile, prepared: prepareScenario(scenarioFile, overrides) };
  checkComparable([base, other]);
  const years = base.prepared.grid.labels;
  const schedule = discountScheduleOf(base);
  const appraisal = settings.appraisal ?? { year: financialYearOf(new Date()), default: true };
  const w = yearWeights(periodWeights(years, policyPeriod(years, policyStartOf(other.prepared, base.prepared))), appraisalFactors(schedule, years, appraisal));
  const declared = base.prepared.declared.outcomes;
  return (variants, values) =>
    values.map(([b, s], v) => ({
      overrides: variants[v]!,
      baseline: b!,
      scenario: s!,
      outcomes: pairedOutcomes(b!, s!, w, declared),
      discounted: discountedOutcomes(b!, s!, w, declared),
      appraisal: appraisalRecord(schedule, appraisal),
      economics: economicValues(b!, s!, w.discount, declared),
    }));
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}
