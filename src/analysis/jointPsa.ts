import type { OutcomeDeclarations } from '../model/outcomeDeclarations.js';
import type { PreparedScenario } from '../runs/prepare.js';
import type { VariantSettings } from '../runs/runVariants.js';
import { runFeasibleDraws, type SetAside } from './feasibleDraws.js';
import { pairedOutcomes, yearWeights } from '../results/comparison.js';
import { appraisalFactors, type Appraisal, type DiscountSchedule } from '../results/discounting.js';
import { economicValues, type EconomicValues } from '../results/economics.js';
import { periodWeights, policyPeriod, policyStartOf } from '../results/years.js';
import { mean } from './pairedRuns.js';
import { meanEconomics, parameterDrawer, type Correlation } from './psa.js';
import type { UncertainParameter } from './uncertainty.js';

/** What a joint PSA needs to know of the comparison: its files (baseline first), prepared at central values, and its appraisal. */
export interface JointPsaInputs {
  scenarios: { file: string; prepared: PreparedScenario }[];
  schedule: DiscountSchedule;
  appraisal: Appraisal;
  params: UncertainParameter[];
  correlations?: Correlation[];
}

export interface JointPsa {
  /** Draw d's parameter values. */
  draws: Map<string, number>[];
  /** Attempts set aside because their values made the model impossible (each replaced by a new draw). */
  setAside: SetAside[];
  replicatesPerDraw: number;
  baseline: string;
  /** Every scenario but the baseline, in order. */
  scenarios: string[];
  /** Per scenario, per outcome (summary.json's horizon outcomes): per draw, the mean over its replicates. */
  outcomes: Record<string, Record<string, number[]>>;
  /** Per scenario: the economics, one value per draw (the mean over its replicates). */
  economics: Record<string, EconomicValues>;
}

/**
 * A probabilistic sensitivity analysis of every scenario at once: draw d sets every uncertain
 * parameter (drawParameters) in all scenarios, and all of them run on the same random streams
 * (each policy forked from the baseline, so pairs differ only by the policy); each draw has
 * replicates of its own (stream salt 'psa', replicates dR..dR+R-1), independent of the central
 * runs'. The spread across draws is parameter and Monte Carlo uncertainty together.
 */
export async function runJointPsa(inputs: JointPsaInputs, n: number, settings: VariantSettings): Promise<JointPsa> {
  const { scenarios, params } = inputs;
  const files = scenarios.map((s) => s.file) as [string, ...string[]];
  const draw = parameterDrawer(params, settings.seed, inputs.correlations ?? []);
  const run = await runFeasibleDraws(files, draw, n, { ...settings, streamSalt: 'psa' }, scenarios.map((s) => s.prepared));
  const { values, setAside } = run;
  const draws = run.draws as Map<string, number>[];
  const base = scenarios[0]!.prepared;
  const years = base.grid.labels;
  const factors = appraisalFactors(inputs.schedule, years, inputs.appraisal);
  const declared: OutcomeDeclarations = base.declared.outcomes;
  const names = scenarios.slice(1).map((s) => s.prepared.scenario.name);
  const outcomes: JointPsa['outcomes'] = {};
  const economics: JointPsa['economics'] = {};
  scenarios.slice(1).forEach((s, k) => {
    const w = yearWeights(periodWeights(years, policyPeriod(years, policyStartOf(s.prepared, base))), factors);
    const perDraw = values.map((v) => ({ paired: pairedOutcomes(v[0]!, v[k + 1]!, w, declared), econ: economicValues(v[0]!, v[k + 1]!, w.discount, declared) }));
    const name = names[k]!;
    outcomes[name] = Object.fromEntries(Object.keys(perDraw[0]!.paired).map((o) => [o, perDraw.map((d) => mean(d.paired[o]!))]));
    economics[name] = meanEconomics(perDraw.map((d) => d.econ));
  });
  return { draws, setAside, replicatesPerDraw: settings.replicates, baseline: base.scenario.name, scenarios: names, outcomes, economics };
}
