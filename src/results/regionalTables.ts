import { toCsv } from './csv.js';
import { summarise } from './statistics.js';

/** Per-replicate yearly metric values of one scenario in each of its areas. */
export interface RegionalResults {
  scenario: string;
  years: string[];
  metrics: string[];
  /** Metrics that are counts of children or events, also reported per 10,000 children. */
  perChild: ReadonlySet<string>;
  areas: { code: string; name: string; children: number[] }[];
  /** byReplicate[r][area][year][metric] */
  byReplicate: Float64Array[][][];
}

export const REGIONAL_HEADER = ['scenario', 'area', 'year', 'metric', 'mean', 'lo95', 'hi95', 'mcse'];

/** The label of the row that sums a scenario's years (its effect over the whole horizon). */
export const ALL_YEARS = 'all';

/**
 * regional.csv: one row per (scenario, area, year, metric) with the mean over replicates, its 95%
 * interval and MCSE, as annual.csv; counts are repeated per 10,000 children aged 0-17 in the area
 * that year (metric `<name>_per_10k`).
 */
export function regionalCsv(results: RegionalResults[]): string {
  const rows: (string | number)[][] = [];
  for (const res of results) {
    res.areas.forEach((area, k) => {
      res.years.forEach((year, y) => {
        res.metrics.forEach((metric, m) => {
          const each = res.byReplicate.map((rep) => rep[k]![y]![m]!);
          const s = summarise(each);
          rows.push([res.scenario, area.code, year, metric, s.mean, s.lo95, s.hi95, s.mcse]);
          if (!res.perChild.has(metric)) return;
          const p = summarise(each.map((v) => (v * 10_000) / area.children[y]!));
          rows.push([res.scenario, area.code, year, `${metric}_per_10k`, p.mean, p.lo95, p.hi95, p.mcse]);
        });
      });
    });
  }
  return toCsv(REGIONAL_HEADER, rows);
}

/** Paired differences of a scenario from the baseline in each area (same replicates, common random numbers). */
export interface RegionalEffect {
  scenario: string;
  area: string;
  year: string;
  metric: string;
  mean: number;
  lo95: number;
  hi95: number;
  mcse: number;
}

/**
 * Each scenario's paired difference from the baseline (the first), area by area, year by year and
 * summed over every year (`all`; before a policy starts the difference is nil by construction), as
 * counts and per 10,000 children (a year's children; for `all`, the first year's).
 */
export function regionalEffects(base: RegionalResults, others: RegionalResults[]): RegionalEffect[] {
  const out: RegionalEffect[] = [];
  const n = base.byReplicate.length;
  for (const res of others) {
    base.areas.forEach((area, k) => {
      base.metrics.forEach((metric, m) => {
        const diff = (r: number, y: number) => res.byReplicate[r]![k]![y]![m]! - base.byReplicate[r]![k]![y]![m]!;
        const push = (year: string, each: number[], children: number) => {
          const s = summarise(each);
          out.push({ scenario: res.scenario, area: area.code, year, metric, mean: s.mean, lo95: s.lo95, hi95: s.hi95, mcse: s.mcse });
          if (!base.perChild.has(metric)) return;
          const p = summarise(each.map((v) => (v * 10_000) / children));
          out.push({ scenario: res.scenario, area: area.code, year, metric: `${metric}_per_10k`, mean: p.mean, lo95: p.lo95, hi95: p.hi95, mcse: p.mcse });
        };
        base.years.forEach((year, y) => push(year, Array.from({ length: n }, (_, r) => diff(r, y)), area.children[y]!));
        push(ALL_YEARS, Array.from({ length: n }, (_, r) => base.years.reduce((acc, _y, y) => acc + diff(r, y), 0)), area.children[0]!);
      });
    });
  }
  return out;
}

export function regionalEffectsCsv(effects: RegionalEffect[]): string {
  return toCsv(REGIONAL_HEADER, effects.map((e) => [e.scenario, e.area, e.year, e.metric, e.mean, e.lo95, e.hi95, e.mcse]));
}
