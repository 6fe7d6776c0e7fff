import { summarise } from './statistics.js';
import { toCsv } from './csv.js';

/** Per-replicate yearly metric values of one scenario. */
export interface ScenarioResults {
  scenario: string;
  years: string[];
  metrics: string[];
  /** byReplicate[r][year][metric] */
  byReplicate: Float64Array[][];
}

export const ANNUAL_HEADER = ['scenario', 'year', 'metric', 'mean', 'lo95', 'hi95', 'mcse'];
export const REPLICATES_HEADER = ['scenario', 'replicate', 'year', 'metric', 'value'];

/** annual.csv: one row per (scenario, year, metric) with mean, 95% interval over replicates and MCSE. */
export function annualCsv(results: ScenarioResults[]): string {
  const rows: (string | number)[][] = [];
  for (const res of results) {
    res.years.forEach((year, y) => {
      res.metrics.forEach((metric, m) => {
        const s = summarise(res.byReplicate.map((rep) => rep[y]![m]!));
        rows.push([res.scenario, year, metric, s.mean, s.lo95, s.hi95, s.mcse]);
      });
    });
  }
  return toCsv(ANNUAL_HEADER, rows);
}

/** replicates.csv: one row per (scenario, replicate, year, metric). */
export function replicatesCsv(results: ScenarioResults[]): string {
  const rows: (string | number)[][] = [];
  for (const res of results) {
    res.byReplicate.forEach((rep, r) => {
      res.years.forEach((year, y) => {
        res.metrics.forEach((metric, m) => rows.push([res.scenario, r, year, metric, rep[y]![m]!]));
      });
    });
  }
  return toCsv(REPLICATES_HEADER, rows);
}

/** The mean of a metric in a year, for printing. */
export function meanOf(res: ScenarioResults, year: number, metric: string): number {
  const m = res.metrics.indexOf(metric);
  if (m < 0) return NaN;
  return summarise(res.byReplicate.map((rep) => rep[year]![m]!)).mean;
}
