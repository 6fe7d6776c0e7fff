import type { PerspectiveDeclaration } from '../model/outcomeDeclarations.js';
import { toCsv } from '../results/csv.js';
import type { EconomicValues } from '../results/economics.js';
import { evppi, frontierAt, type DecisionDraws } from './decision.js';

/** Named groups of parameters whose EVPPI is reported (default: each parameter alone). */
export type ParameterGroups = { name: string; parameters: string[] }[];

export interface DecisionInputs {
  /** The baseline's name, then each policy's. */
  options: string[];
  /** Per policy (options[1..]): its economics, one value per draw. */
  economics: EconomicValues[];
  /** The discounted effect weighed against cost (the model's cost-effectiveness effect). */
  effect: string;
  perspectives: PerspectiveDeclaration[];
  draws: Map<string, number>[];
  groups: ParameterGroups;
  /** Willingness to pay for the frontier (a grid) and for EVPPI (the model's thresholds). */
  wtps: number[];
  thresholds: number[];
  seed: number;
}

function decisionDraws(x: DecisionInputs, perspective: string): DecisionDraws {
  const D = x.draws.length;
  const zero = new Array<number>(D).fill(0);
  return {
    options: x.options,
    effect: [zero, ...x.economics.map((e) => e.effects[x.effect]!)],
    cost: [zero, ...x.economics.map((e) => e.perspectives[perspective]!.cost)],
  };
}

/**
 * psa-frontier.csv (the cost-effectiveness acceptability frontier: per perspective and willingness
 * to pay, each option's expected net benefit and probability of being best, which option is on the
 * frontier, and the EVPI) and psa-evppi.csv (EVPPI per parameter group, perspective and threshold,
 * with its standard error), with a record of the method for the summary.
 */
export function decisionOutputs(x: DecisionInputs) {
  const frontier: (string | number)[][] = [];
  const evppiRows: (string | number)[][] = [];
  const atThresholds: Record<string, { wtp: number; optimal: string; evpi: number }[]> = {};
  for (const p of x.perspectives) {
    const d = decisionDraws(x, p.name);
    for (const wtp of x.wtps) {
      const f = frontierAt(d, wtp);
      x.options.forEach((o, k) => frontier.push([p.name, wtp, o, f.expected[k]!, f.probabilityBest[k]!, o === f.optimal ? 'yes' : 'no', f.evpi]));
    }
    atThresholds[p.name] = x.thresholds.map((wtp) => {
      const f = frontierAt(d, wtp);
      return { wtp, optimal: f.optimal, evpi: f.evpi };
    });
    for (const wtp of x.thresholds) {
      for (const g of x.groups) {
        const values = g.parameters.map((name) => x.draws.map((draw) => draw.get(name)!));
        const e = evppi(d, values, wtp, x.seed);
        evppiRows.push([p.name, wtp, g.name, g.parameters.join(' '), e ? e.evppi : '', e ? e.se : '', e ? e.columns : '', e ? '' : `too few draws: needs at least ${values.length <= 3 ? 1 + 2 * values.length + (values.length * (values.length - 1)) / 2 + 10 : 1 + 2 * values.length + 10}`]);
      }
    }
  }
  return {
    frontierCsv: toCsv(['perspective', 'wtp', 'option', 'expected_net_benefit', 'probability_best', 'on_frontier', 'evpi'], frontier),
    evppiCsv: toCsv(['perspective', 'wtp', 'group', 'parameters', 'evppi', 'se', 'regression_columns', 'note'], evppiRows),
    atThresholds,
    definitions: {
      net_benefit: `wtp x discounted ${x.effect} - net present cost (the perspective's), each against the baseline (whose net benefit is 0), per draw`,
      frontier: 'for each wtp, the option with the highest expected net benefit (on_frontier yes); probability_best is the share of draws in which each option has the highest net benefit (the acceptability curves; the frontier is the optimal option\'s curve)',
      evpi: 'expected value of perfect information over every option: mean over draws of the best net benefit - the best mean net benefit (GBP, England, over the policy years)',
      evppi:
        "expected value of partial perfect information about a group of parameters: each policy's incremental net benefit regressed on the group's values (intercept, each standardised value and its square, pairwise products for up to three parameters; least squares with ml-matrix), EVPPI = mean over draws of max(0, best fitted) - max(0, best mean fitted) (Strong, Oakley and Brennan 2014, Medical Decision Making 34(3):311-326); se from 200 redraws of the coefficients from their sampling distribution N(b, s^2 (X'X)^-1), as the authors' SAVI code does; the estimate is biased upward when the metamodel overfits, so read it with its se and against EVPI",
    },
  };
}

/** Reads a --groups file's `groups: {name: [parameter, ...]}`, each parameter one the PSA varies. */
export function defaultGroups(parameters: string[]): ParameterGroups {
  return parameters.map((p) => ({ name: p, parameters: [p] }));
}
