import { FORECASTS, type BacktestRow, type BacktestScore, type Forecast } from '../results/backtest.js';

const NAME: Record<Forecast, string> = { model: 'model', last_value: 'last value', linear_trend: 'linear trend' };
const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}%`;

/** The terminal table of a back-test: each forecast's error in each year after the origin, and its MAPE. */
export function backtestTable(rows: BacktestRow[], scores: BacktestScore[], origin: string, m: { scenario: string; replicates: number; scale: number }): string {
  const years = [...new Set(rows.map((r) => r.year))];
  const labelWidth = Math.max(...scores.map((s) => s.label.length), 6) + 2;
  const col = (s: string) => s.padStart(9);
  const lines = [
    `Back-test from ${origin} (${m.scenario}, mean of ${m.replicates} replicate${m.replicates === 1 ? '' : 's'} at scale ${m.scale}): error against the published value`,
    `${''.padEnd(labelWidth)}${'forecast'.padEnd(14)}${years.map(col).join('')}${col('MAPE')}`,
  ];
  for (const s of scores) {
    const mine = rows.filter((r) => r.metric === s.metric);
    lines.push(`${s.label.padEnd(labelWidth)}${'published'.padEnd(14)}${years.map((y) => col(fmt(mine.find((r) => r.year === y)?.observed))).join('')}`);
    for (const f of FORECASTS) {
      const errors = years.map((y) => {
        const r = mine.find((x) => x.year === y);
        if (!r) return col('');
        const v = f === 'model' ? r.model.mean : r[f];
        return col(pct(v / r.observed - 1));
      });
      lines.push(`${''.padEnd(labelWidth)}${(NAME[f] + (s.best === f ? ' *' : '')).padEnd(14)}${errors.join('')}${col(`${(100 * s.mape[f]).toFixed(1)}%`)}`);
    }
  }
  const wins = scores.filter((s) => s.best === 'model').length;
  lines.push('', `* smallest mean absolute percentage error (MAPE) for that series. The model is best for ${wins} of ${scores.length} series.`);
  return lines.join('\n');
}

const fmt = (v: number | undefined) => (v === undefined ? '' : Math.round(v).toLocaleString('en-GB'));
