import { summarise } from './statistics.js';
import { csvLine, toCsv } from './csv.js';

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

/** replicates.csv: one row per (scenario, replicate, year, metric), produced a replicate at a time. */
export function* replicatesCsv(results: ScenarioResults[]): Generator<string> {
  yield csvLine(REPLICATES_HEADER);
  for (const res of results) {
    for (let r = 0; r < res.byReplicate.length; r++) {
      const rep = res.byReplicate[r]!;
      let chunk = '';
      res.years.forEach((year, y) => {
        res.metrics.forEach((metric, m) => (chunk += csvLine([res.scenario, r, year, metric, rep[y]![m]!])));
      });
      yield chunk;
    }
  }
}

/** The mean of a metric in a year, for printing. */
export function meanOf(res: ScenarioResults, year: number, metric: string): number {
  const m = res.metrics.indexOf(metric);
  if (m < 0) return NaN;
  return summarise(res.byReplicate.map((rep) => rep[year]![m]!)).mean;
}
