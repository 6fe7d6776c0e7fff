import type { ScenarioResults } from './annualTables.js';
import { toCsv } from './csv.js';
import { summarise, type Summary } from './statistics.js';

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

export interface HorizonSummary {
  rereferrals_avoided: Summary;
  cin_starts_avoided: Summary;
  cp_starts_avoided: Summary;
  cla_starts_avoided: Summary;
  early_help_extra_cost: Summary;
  social_care_cost_change: Summary;
  net_cost: Summary;
  net_present_cost: Summary;
  cost_per_rereferral_avoided: Summary | null;
  return_per_pound: Summary | null;
}

/** Horizon totals of scenario against baseline, one value per paired replicate. */
export interface PairedOutcomes {
  rereferrals_avoided: number[];
  cin_starts_avoided: number[];
  cp_starts_avoided: number[];
  cla_starts_avoided: number[];
  early_help_extra_cost: number[];
  social_care_cost_change: number[];
  net_cost: number[];
  net_present_cost: number[];
}

/**
 * Totals over the horizon, per paired replicate. Early-help costs are the cost
 * categories named cost_early_*; every other category is social care.
 */
export function pairedOutcomes(base: ScenarioResults, other: ScenarioResults, discount: number[]): PairedOutcomes {
  checkPaired(base, other);
  const idx = (metric: string) => {
    const m = base.metrics.indexOf(metric);
    if (m < 0) throw new Error(`the model reports no '${metric}' metric, needed for the comparison summary`);
    return m;
  };
  const earlyHelp = base.metrics.flatMap((name, m) => (name.startsWith('cost_early_') ? [m] : []));
  const total = idx('cost_total');
  const R = base.byReplicate.length;
  const perReplicate = (f: (r: number) => number) => Array.from({ length: R }, (_, r) => f(r));
  const diffSum = (r: number, ms: number[], weights?: number[]) =>
    base.years.reduce((acc, _y, y) => acc + (weights?.[y] ?? 1) * ms.reduce((a, m) => a + other.byReplicate[r]![y]![m]! - base.byReplicate[r]![y]![m]!, 0), 0);
  const avoided = (metric: string) => perReplicate((r) => -diffSum(r, [idx(metric)]));
  const ehCost = perReplicate((r) => diffSum(r, earlyHelp));
  const net = perReplicate((r) => diffSum(r, [total]));
  return {
    rereferrals_avoided: avoided('rereferrals_12m'),
    cin_starts_avoided: avoided('cin_starts'),
    cp_starts_avoided: avoided('cp_starts'),
    cla_starts_avoided: avoided('cla_starts'),
    early_help_extra_cost: ehCost,
    social_care_cost_change: net.map((n, r) => n - ehCost[r]!),
    net_cost: net,
    net_present_cost: perReplicate((r) => diffSum(r, [total], discount)),
  };
}

/** Totals over the horizon, per replicate and then summarised, so every figure's interval comes from the paired replicates. */
export function horizonSummary(base: ScenarioResults, other: ScenarioResults, discount: number[]): HorizonSummary {
  const o = pairedOutcomes(base, other, discount);
  const ratio = (num: number[], den: number[]) => (den.every((d) => d > 0) ? summarise(num.map((n, r) => n / den[r]!)) : null);
  return {
    rereferrals_avoided: summarise(o.rereferrals_avoided),
    cin_starts_avoided: summarise(o.cin_starts_avoided),
    cp_starts_avoided: summarise(o.cp_starts_avoided),
    cla_starts_avoided: summarise(o.cla_starts_avoided),
    early_help_extra_cost: summarise(o.early_help_extra_cost),
    social_care_cost_change: summarise(o.social_care_cost_change),
    net_cost: summarise(o.net_cost),
    net_present_cost: summarise(o.net_present_cost),
    cost_per_rereferral_avoided: ratio(o.net_cost, o.rereferrals_avoided),
    return_per_pound: ratio(
      o.social_care_cost_change.map((x) => -x),
      o.early_help_extra_cost,
    ),
  };
}

export interface CumulativeYear {
  rereferrals_avoided: Summary;
  cp_starts_avoided: Summary;
  cla_starts_avoided: Summary;
  net_cost: Summary;
  net_present_cost: Summary;
}

/** Cumulative paired differences from the first year to each year (for cumulative charts and totals). */
export function cumulativeByYear(base: ScenarioResults, other: ScenarioResults, discount: number[]): Record<string, CumulativeYear> {
  checkPaired(base, other);
  const m = (name: string) => base.metrics.indexOf(name);
  const R = base.byReplicate.length;
  const running = { rr: new Float64Array(R), cp: new Float64Array(R), cla: new Float64Array(R), net: new Float64Array(R), npc: new Float64Array(R) };
  const out: Record<string, CumulativeYear> = {};
  base.years.forEach((year, y) => {
    for (let r = 0; r < R; r++) {
      const d = (name: string) => other.byReplicate[r]![y]![m(name)]! - base.byReplicate[r]![y]![m(name)]!;
      running.rr[r]! -= d('rereferrals_12m');
      running.cp[r]! -= d('cp_starts');
      running.cla[r]! -= d('cla_starts');
      running.net[r]! += d('cost_total');
      running.npc[r]! += discount[y]! * d('cost_total');
    }
    out[year] = {
      rereferrals_avoided: summarise(running.rr),
      cp_starts_avoided: summarise(running.cp),
      cla_starts_avoided: summarise(running.cla),
      net_cost: summarise(running.net),
      net_present_cost: summarise(running.npc),
    };
  });
  return out;
}
