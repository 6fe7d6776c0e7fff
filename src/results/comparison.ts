import type { ScenarioResults } from './annualTables.js';
import { toCsv } from './csv.js';
import type { OutcomeDeclarations } from '../model/outcomeDeclarations.js';
import { headlineEffects, mainEffect } from './outcomes.js';
import { ratioOfMeans, summarise, type Summary } from './statistics.js';

const mean = (xs: number[]) => summarise(xs).mean;

export const COMPARISON_HEADER = ['scenario', 'year', 'metric', 'diff_mean', 'diff_lo95', 'diff_hi95', 'diff_mcse'];

function checkPaired(base: ScenarioResults, other: ScenarioResults): void {
  if (base.byReplicate.length !== other.byReplicate.length) throw new Error('paired comparison needs the same replicates');
  if (base.metrics.join() !== other.metrics.join() || base.years.join() !== other.years.join()) throw new Error('paired comparison needs the same model and calendar');
}

/** comparison.csv: scenario minus baseline, paired by replicate, for every year and metric. */
export function comparisonCsv(base: ScenarioResults, others: ScenarioResults[]): string {
  const rows: (string | number)[][] = [];
  for (const res of others) {
    checkPaired(base, res);
    res.years.forEach((year, y) => {
      res.metrics.forEach((metric, m) => {
        const diffs = res.byReplicate.map((rep, r) => rep[y]![m]! - base.byReplicate[r]![y]![m]!);
        const s = summarise(diffs);
        rows.push([res.scenario, year, metric, s.mean, s.lo95, s.hi95, s.mcse]);
      });
    });
  }
  return toCsv(COMPARISON_HEADER, rows);
}

/** Horizon totals of scenario against baseline, summarised over the paired replicates (null: not defined). */
export type HorizonSummary = Record<string, Summary | null>;

/** Horizon totals of scenario against baseline, one value per paired replicate, by outcome name (see horizonOutcomes). */
export type PairedOutcomes = Record<string, number[]>;

/** Paired differences of one scenario against the baseline, replicate by replicate. */
function differences(base: ScenarioResults, other: ScenarioResults) {
  checkPaired(base, other);
  const idx = (metric: string) => {
    const m = base.metrics.indexOf(metric);
    if (m < 0) throw new Error(`the model reports no '${metric}' metric, needed for the comparison summary`);
    return m;
  };
  const d = (r: number, y: number, m: number) => other.byReplicate[r]![y]![m]! - base.byReplicate[r]![y]![m]!;
  return { idx, d, R: base.byReplicate.length };
}

/**
 * How each reported year counts in a scenario's totals: `period` is 1 in the policy's years
 * (see PolicyPeriod) and 0 before them; `discount` is the appraisal factor in the policy's years
 * (0 for sunk years, before the appraisal year, and for years before the policy).
 */
export interface YearWeights {
  period: number[];
  discount: number[];
}

export function yearWeights(period: number[], factors: number[]): YearWeights {
  return { period, discount: factors.map((f, y) => (period[y] ? f : 0)) };
}

/** The name of an outcome's discounted total in summary.json (rereferrals_avoided_discounted). */
export const discountedName = (name: string) => `${name}_discounted`;

/** Sums of paired differences over the weighted years, per replicate: (a + scenario) - baseline, in this order, so the sums stay the same to the last bit. */
function summer(base: ScenarioResults, other: ScenarioResults) {
  return (r: number, ms: number[], weights: number[], multiply: boolean) => {
    let acc = 0;
    for (let y = 0; y < base.years.length; y++) {
      if (!weights[y]) continue;
      const d = ms.reduce((a, m) => a + other.byReplicate[r]![y]![m]! - base.byReplicate[r]![y]![m]!, 0);
      acc += multiply ? weights[y]! * d : d;
    }
    return acc;
  };
}

/**
 * Totals over the policy's years, per paired replicate: each declared effect (baseline minus
 * scenario when fewer is better), spending in the intervention's cost categories and in every
 * other category, net cost (undiscounted) and net present cost (cost_total, discounted).
 */
export function pairedOutcomes(base: ScenarioResults, other: ScenarioResults, w: YearWeights, o: OutcomeDeclarations): PairedOutcomes {
  const { idx, R } = differences(base, other);
  const perReplicate = (f: (r: number) => number) => Array.from({ length: R }, (_, r) => f(r));
  const sum = summer(base, other);
  const diffSum = (r: number, ms: number[]) => sum(r, ms, w.period, false);
  const total = idx('cost_total');
  const out: PairedOutcomes = {};
  for (const e of o.effects) out[e.name] = perReplicate((r) => (e.fewerIsBetter ? -diffSum(r, [idx(e.metric)]) : diffSum(r, [idx(e.metric)])));
  const net = perReplicate((r) => diffSum(r, [total]));
  if (o.spending) {
    const intervention = o.spending.intervention.categories.map(idx).sort((a, b) => a - b);
    const spent = perReplicate((r) => diffSum(r, intervention));
    out[o.spending.intervention.name] = spent;
    out[o.spending.rest.name] = net.map((n, r) => n - spent[r]!);
  }
  out.net_cost = net;
  out.net_present_cost = perReplicate((r) => sum(r, [total], w.discount, true));
  if (o.elasticity && o.spending) {
    // % change in the metric / % change in the intervention's spending, both summed over the policy's years.
    const m = idx(o.elasticity.metric);
    const spendingMetrics = o.spending.intervention.categories.map(idx).sort((a, b) => a - b);
    const baseSum = (r: number, ms: number[]) => base.years.reduce((acc, _y, y) => (w.period[y] ? acc + ms.reduce((a, k) => a + base.byReplicate[r]![y]![k]!, 0) : acc), 0);
    // Only for a scenario that changes that spending by at least 1%: a policy that moves it by a
    // fraction of a percent (the duty fills existing places) would divide by almost nothing.
    out[o.elasticity.name] = perReplicate((r) => {
      const spend = diffSum(r, spendingMetrics) / baseSum(r, spendingMetrics);
      return Math.abs(spend) < 0.01 ? NaN : diffSum(r, [m]) / baseSum(r, [m]) / spend;
    });
  }
  return out;
}

/**
 * The discounted totals a ratio of money to effects divides (see discountedName): the
 * cost-effectiveness effect, and the intervention's spending and the rest, each year's paired
 * difference weighted by its discount factor like net_present_cost.
 */
export function discountedOutcomes(base: ScenarioResults, other: ScenarioResults, w: YearWeights, o: OutcomeDeclarations): PairedOutcomes {
  const { idx, R } = differences(base, other);
  const sum = summer(base, other);
  const pv = (ms: number[], sign = 1) => Array.from({ length: R }, (_, r) => sign * sum(r, ms, w.discount, true));
  const out: PairedOutcomes = {};
  const main = mainEffect(o);
  if (main) out[discountedName(main.effect.name)] = pv([idx(main.effect.metric)], main.effect.fewerIsBetter ? -1 : 1);
  if (o.spending) {
    const intervention = o.spending.intervention.categories.map(idx).sort((a, b) => a - b);
    const spent = pv(intervention);
    const net = pv([idx('cost_total')]);
    out[discountedName(o.spending.intervention.name)] = spent;
    out[discountedName(o.spending.rest.name)] = net.map((n, r) => n - spent[r]!);
  }
  return out;
}

/**
 * Totals over the policy's years, per replicate and then summarised, so every figure's interval
 * comes from the paired replicates. A ratio of money to effects divides discounted sums.
 */
export function horizonSummary(base: ScenarioResults, other: ScenarioResults, w: YearWeights, decl: OutcomeDeclarations): HorizonSummary {
  const o = { ...pairedOutcomes(base, other, w, decl), ...discountedOutcomes(base, other, w, decl) };
  // A ratio of means (never a mean of per-replicate ratios), defined when the divisor's mean is positive.
  const ratio = (num: number[], den: number[]) => (mean(den) > 0 ? ratioOfMeans(num, den) : null);
  const out: HorizonSummary = Object.fromEntries(Object.entries(o).map(([name, xs]) => [name, xs.every(Number.isFinite) ? summarise(xs) : null]));
  const main = mainEffect(decl);
  if (main) out[`cost_per_${main.perName}`] = ratio(o.net_present_cost!, o[discountedName(main.effect.name)]!);
  if (decl.spending) out.return_per_pound = ratio(o[discountedName(decl.spending.rest.name)]!.map((x) => -x), o[discountedName(decl.spending.intervention.name)]!);
  return out;
}

/** Cumulative paired differences from the first year to each year (headline effects, net cost, net present cost with `discount`: 0 for sunk years), for cumulative charts. */
export function cumulativeByYear(base: ScenarioResults, other: ScenarioResults, discount: number[], decl: OutcomeDeclarations): Record<string, Record<string, Summary>> {
  const { idx, d, R } = differences(base, other);
  const effects = headlineEffects(decl).map((e) => ({ name: e.name, m: idx(e.metric), sign: e.fewerIsBetter ? -1 : 1 }));
  const total = idx('cost_total');
  const running = effects.map(() => new Float64Array(R));
  const net = new Float64Array(R);
  const npc = new Float64Array(R);
  const out: Record<string, Record<string, Summary>> = {};
  base.years.forEach((year, y) => {
    for (let r = 0; r < R; r++) {
      effects.forEach((e, k) => {
        if (e.sign < 0) running[k]![r]! -= d(r, y, e.m);
        else running[k]![r]! += d(r, y, e.m);
      });
      net[r]! += d(r, y, total);
      npc[r]! += discount[y]! * d(r, y, total);
    }
    out[year] = { ...Object.fromEntries(effects.map((e, k) => [e.name, summarise(running[k]!)])), net_cost: summarise(net), net_present_cost: summarise(npc) };
  });
  return out;
}
