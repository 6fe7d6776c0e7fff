import type { PublishedSeries } from '../scenario/loadSeries.js';
import { summarise, type Summary } from './statistics.js';
import type { ScenarioResults } from './annualTables.js';

/** The forecasts a back-test compares, in order: the model and two naive forecasts made at the origin. */
export const FORECASTS = ['model', 'last_value', 'linear_trend'] as const;
export type Forecast = (typeof FORECASTS)[number];

/** One series in one year after the origin: what was published and what each forecast said. */
export interface BacktestRow {
  metric: string;
  label: string;
  year: string;
  observed: number;
  model: Summary;
  last_value: number;
  linear_trend: number;
}

/** Mean absolute percentage error of each forecast for one series over the evaluated years. */
export interface BacktestScore {
  metric: string;
  label: string;
  years: string[];
  mape: Record<Forecast, number>;
  /** The forecast with the smallest MAPE. */
  best: Forecast;
}

const TREND_YEARS = 5;
const startOf = (label: string) => Number(label.slice(0, 4));
const labelOf = (y: number) => `${y}-${String((y + 1) % 100).padStart(2, '0')}`;

/** Least-squares straight line through (x, y), evaluated at x0. */
function lineAt(xs: number[], ys: number[], x0: number): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const sxy = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return my + (sxy / sxx) * (x0 - mx);
}

/**
 * Compares a run that starts at or before `origin` with every published year after the origin that
 * the run reports. The naive forecasts use only published values up to the origin: the origin's
 * value carried forward, and a straight line (least squares) through the five years to the origin.
 * Returns a problem message instead of rows when a series cannot be compared.
 */
export function backtest(results: ScenarioResults, series: PublishedSeries[], origin: string): { rows: BacktestRow[]; scores: BacktestScore[] } | string {
  const o = startOf(origin);
  const rows: BacktestRow[] = [];
  const scores: BacktestScore[] = [];
  for (const s of series) {
    const m = results.metrics.indexOf(s.metric);
    if (m < 0) return `series '${s.metric}' is not a metric of the model`;
    const history = Array.from({ length: TREND_YEARS }, (_, k) => o - TREND_YEARS + 1 + k);
    const missing = history.filter((y) => !s.values.has(labelOf(y)));
    if (missing.length) return `series '${s.metric}' has no published value for ${missing.map(labelOf).join(', ')} (the naive forecasts need the ${TREND_YEARS} years to the origin ${origin})`;
    const last = s.values.get(origin)!;
    const years = results.years.filter((y) => startOf(y) > o && s.values.has(y));
    if (years.length === 0) return `series '${s.metric}' has no published year after ${origin} inside the run (${results.years[0]} to ${results.years.at(-1)})`;
    const ape: Record<Forecast, number[]> = { model: [], last_value: [], linear_trend: [] };
    for (const year of years) {
      const y = results.years.indexOf(year);
      const observed = s.values.get(year)!;
      const row: BacktestRow = {
        metric: s.metric,
        label: s.label,
        year,
        observed,
        model: summarise(results.byReplicate.map((rep) => rep[y]![m]!)),
        last_value: last,
        linear_trend: lineAt(history, history.map((h) => s.values.get(labelOf(h))!), startOf(year)),
      };
      rows.push(row);
      ape.model.push(Math.abs(row.model.mean / observed - 1));
      ape.last_value.push(Math.abs(last / observed - 1));
      ape.linear_trend.push(Math.abs(row.linear_trend / observed - 1));
    }
    const mape = Object.fromEntries(FORECASTS.map((f) => [f, ape[f].reduce((a, b) => a + b, 0) / ape[f].length])) as Record<Forecast, number>;
    const best = FORECASTS.reduce((b, f) => (mape[f] < mape[b] ? f : b), FORECASTS[0] as Forecast);
    scores.push({ metric: s.metric, label: s.label, years, mape, best });
  }
  return { rows, scores };
}

export const BACKTEST_HEADER = ['metric', 'year', 'observed', 'model_mean', 'model_lo95', 'model_hi95', 'model_mcse', 'last_value', 'linear_trend', 'model_error', 'last_value_error', 'linear_trend_error'];

/** backtest.csv rows: errors are (forecast - observed) / observed. */
export function backtestCsvRows(rows: BacktestRow[]): (string | number)[][] {
  const err = (f: number, o: number) => f / o - 1;
  return rows.map((r) => [r.metric, r.year, r.observed, r.model.mean, r.model.lo95, r.model.hi95, r.model.mcse, r.last_value, r.linear_trend, err(r.model.mean, r.observed), err(r.last_value, r.observed), err(r.linear_trend, r.observed)]);
}
