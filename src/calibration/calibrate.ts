import { runVariants, type Overrides, type VariantSettings } from '../runs/runVariants.js';
import type { ScenarioResults } from '../results/annualTables.js';
import { InputError } from '../scenario/inputError.js';
import { toleranceOf, type Target } from '../scenario/loadTargets.js';
import { nelderMead } from './nelderMead.js';

export interface FitTerm {
  target: Target;
  simulated: number;
  /** weight × ((simulated − observed) / tolerance)²; ≤ weight means within tolerance. */
  term: number;
  within: boolean;
}

export interface FitEvaluation {
  evaluation: number;
  values: number[];
  objective: number;
}

export interface CalibrationResult {
  parameters: { name: string; start: number; fitted: number }[];
  before: FitTerm[];
  after: FitTerm[];
  objectiveBefore: number;
  objectiveAfter: number;
  evaluations: FitEvaluation[];
  converged: boolean;
}

/** The simulated mean over replicates of each target's metric in its year. */
export function fitTerms(results: ScenarioResults, targets: Target[]): FitTerm[] {
  return targets.map((t) => {
    const y = results.years.indexOf(t.year);
    const m = results.metrics.indexOf(t.metric);
    const simulated = results.byReplicate.reduce((a, rep) => a + rep[y]![m]!, 0) / results.byReplicate.length;
    const scaled = (simulated - t.observed) / toleranceOf(t);
    const weight = t.weight ?? 1;
    return { target: t, simulated, term: weight * scaled * scaled, within: Math.abs(scaled) <= 1 };
  });
}

const total = (terms: FitTerm[]) => terms.reduce((a, t) => a + t.term, 0);

/**
 * Fits parameters to targets by Nelder–Mead on the weighted sum of squared errors in units of
 * each target's tolerance, Σ w ((simulated − observed) / tolerance)², where a relative
 * tolerance makes the error relative. Every evaluation runs the same seed and replicates
 * (common random numbers), so the objective is a deterministic, smooth-enough function of the
 * parameters and the fit is reproducible from the seed. The search runs on each parameter
 * divided by its starting value (or on the raw value when that is 0); values a parameter's unit
 * forbids (a probability above 1, say) score +Infinity.
 */
export async function calibrate(
  file: string,
  start: { name: string; value: number }[],
  targets: Target[],
  settings: VariantSettings,
  options: { maxEvaluations: number; step: number },
): Promise<CalibrationResult> {
  const scaleOf = start.map((p) => (p.value !== 0 ? p.value : 1));
  const toValues = (x: number[]) => x.map((xi, i) => xi * scaleOf[i]!);
  const evaluations: FitEvaluation[] = [];
  const cache = new Map<string, FitTerm[]>();
  const run = async (values: number[]): Promise<FitTerm[] | null> => {
    const key = JSON.stringify(values);
    if (cache.has(key)) return cache.get(key)!;
    const overrides: Overrides = new Map(start.map((p, i) => [p.name, values[i]!]));
    let results: ScenarioResults;
    try {
      [[results]] = (await runVariants([file], [overrides], settings)) as [[ScenarioResults]];
    } catch (e) {
      if (e instanceof InputError) return null; // outside what the parameter's unit allows
      throw e;
    }
    const terms = fitTerms(results, targets);
    cache.set(key, terms);
    return terms;
  };
  const objective = async (x: number[]) => {
    const values = toValues(x);
    const terms = await run(values);
    const f = terms ? total(terms) : Infinity;
    evaluations.push({ evaluation: evaluations.length + 1, values, objective: f });
    return f;
  };
  const x0 = start.map((p) => (p.value !== 0 ? 1 : 0));
  const result = await nelderMead(objective, x0, {
    step: x0.map(() => options.step),
    maxEvaluations: options.maxEvaluations,
    // 0.01 of a squared tolerance and 0.2% of each starting value: finer than the Monte Carlo noise.
    fTolerance: 0.01,
    xTolerance: 0.002,
  });
  const fitted = toValues(result.x);
  const before = (await run(start.map((p) => p.value)))!;
  const after = (await run(fitted))!;
  return {
    parameters: start.map((p, i) => ({ name: p.name, start: p.value, fitted: fitted[i]! })),
    before,
    after,
    objectiveBefore: total(before),
    objectiveAfter: total(after),
    evaluations,
    converged: result.converged,
  };
}
