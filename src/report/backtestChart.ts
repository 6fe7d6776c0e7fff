import type { TopLevelSpec } from 'vega-lite';
import type { BacktestRow } from '../results/backtest.js';
import type { PublishedSeries } from '../scenario/loadSeries.js';
import { chartFrame, PALETTE } from './charts.js';

type Meta = { version: string; seed: number; replicates: number; scale: number };

const NAMES = { published: 'Published', model: 'Model (95% interval)', last_value: 'Last value carried forward', linear_trend: 'Linear trend (5 years to origin)' };
const colour = {
  field: 'forecast',
  type: 'nominal',
  title: null,
  scale: { domain: Object.values(NAMES), range: [PALETTE[0], PALETTE[5], PALETTE[1], PALETTE[3]] },
  legend: { orient: 'bottom', columns: 2, labelLimit: 400 },
} as const;

/** Levels: each series' published values, and from the origin the model's and the naive forecasts, one panel per series. */
export function backtestLevelsChart(rows: BacktestRow[], series: PublishedSeries[], origin: string, m: Meta): TopLevelSpec {
  const { width: _w, height: _h, ...frame } = chartFrame(m, `Back-test from ${origin}: projections against published figures`, `Every forecast uses only what was known at the end of ${origin}; the model was fitted to ${origin} and run with the population observed since.`);
  const wanted = new Set(rows.map((r) => r.metric));
  const values = [
    ...series.filter((s) => wanted.has(s.metric)).flatMap((s) => [...s.values].map(([year, v]) => ({ label: s.label, year, forecast: NAMES.published, value: v }))),
    ...rows.flatMap((r) => [
      { label: r.label, year: r.year, forecast: NAMES.model, value: r.model.mean, lo: r.model.lo95, hi: r.model.hi95 },
      { label: r.label, year: r.year, forecast: NAMES.last_value, value: r.last_value },
      { label: r.label, year: r.year, forecast: NAMES.linear_trend, value: r.linear_trend },
    ]),
  ];
  return {
    ...frame,
    data: { values },
    facet: { field: 'label', type: 'nominal', title: null, sort: rows.map((r) => r.label).filter((l, i, a) => a.indexOf(l) === i) },
    columns: 2,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 300,
      height: 170,
      encoding: { x: { field: 'year', type: 'ordinal', title: null, axis: { labelAngle: -45 } }, color: colour },
      layer: [
        { transform: [{ filter: 'isValid(datum.lo)' }], mark: { type: 'errorbar', ticks: true }, encoding: { y: { field: 'lo', type: 'quantitative', title: null }, y2: { field: 'hi' } } },
        { mark: { type: 'line', point: true }, encoding: { y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } } } },
      ],
    },
  } as TopLevelSpec;
}

/** Errors: each forecast's percentage error in each year after the origin, one panel per series. */
export function backtestErrorsChart(rows: BacktestRow[], origin: string, m: Meta): TopLevelSpec {
  const { width: _w, height: _h, ...frame } = chartFrame(m, `Back-test from ${origin}: forecast error by year (% of the published value)`, 'Above zero: the forecast was too high. The model was fitted to the origin year; the naive forecasts use the published values to it.');
  const pct = (f: number, o: number) => 100 * (f / o - 1);
  const model = 'Model (mean of replicates)';
  const values = rows.flatMap((r) => [
    { label: r.label, year: r.year, forecast: model, error: pct(r.model.mean, r.observed) },
    { label: r.label, year: r.year, forecast: NAMES.last_value, error: pct(r.last_value, r.observed) },
    { label: r.label, year: r.year, forecast: NAMES.linear_trend, error: pct(r.linear_trend, r.observed) },
  ]);
  return {
    ...frame,
    data: { values },
    facet: { field: 'label', type: 'nominal', title: null, sort: rows.map((r) => r.label).filter((l, i, a) => a.indexOf(l) === i) },
    columns: 2,
    spec: {
      width: 300,
      height: 150,
      encoding: { x: { field: 'year', type: 'ordinal', title: null, axis: { labelAngle: -45 } }, xOffset: { field: 'forecast', sort: [model, NAMES.last_value, NAMES.linear_trend] }, color: { ...colour, scale: { domain: [model, NAMES.last_value, NAMES.linear_trend], range: [PALETTE[5], PALETTE[1], PALETTE[3]] } } },
      layer: [
        { mark: { type: 'rule', color: '#888888' }, encoding: { y: { datum: 0 }, x: null, xOffset: null, color: null } },
        { mark: 'bar', encoding: { y: { field: 'error', type: 'quantitative', title: 'Error (%)' } } },
      ],
    },
  } as TopLevelSpec;
}
