import type { OutcomeDeclarations } from '../model/outcomeDeclarations.js';
import { summariseEconomics, type ScenarioEconomics } from '../results/economics.js';
import { intervalMethod, uncertaintyInterval, type UncertaintySummary } from '../results/psaIntervals.js';
import type { Summary } from '../results/statistics.js';
import type { JointPsa } from './jointPsa.js';
import type { UncertainParameter } from './uncertainty.js';

/** A comparison's PSA as summary.json reports it: per scenario, each outcome's interval from parameters and simulation together, and the economics over draws. */
export function uncertaintySummary(psa: JointPsa, params: UncertainParameter[], scale: number, declared: OutcomeDeclarations): UncertaintySummary {
  const D = psa.draws.length;
  const scenarios: Record<string, Record<string, Summary & { sd: number }>> = {};
  const economics: Record<string, ScenarioEconomics> = {};
  for (const name of psa.scenarios) {
    scenarios[name] = Object.fromEntries(Object.entries(psa.outcomes[name]!).filter(([, xs]) => xs.every(Number.isFinite)).map(([o, xs]) => [o, uncertaintyInterval(xs)]));
    economics[name] = summariseEconomics(psa.economics[name]!, declared, uncertaintyInterval);
  }
  return {
    label: '95% uncertainty interval (parameters and simulation)',
    method: `probabilistic sensitivity analysis: ${D} draws of ${params.length} uncertain parameters, each run with ${psa.replicatesPerDraw} replicate(s) of its own at scale ${scale}, every scenario on the same random numbers within a draw; a draw's result carries its parameters' and its simulation's uncertainty together; policy doses are not sampled; a draw whose values make the model impossible is drawn again (${psa.setAside.length} set aside)`,
    interval: intervalMethod(D),
    draws: D,
    draws_set_aside: psa.setAside.length,
    replicates_per_draw: psa.replicatesPerDraw,
    scale,
    parameters: params.map((p) => p.name),
    scenarios,
    economics,
  };
}
