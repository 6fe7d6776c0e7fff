import type { TopLevelSpec } from 'vega-lite';
import { chartFrame, PALETTE, type Chart } from '../report/charts.js';
import type { ChartMeta } from './charts.js';

/**
 * The cost-effectiveness acceptability curves of every option (the probability each has the
 * highest net benefit) with the frontier drawn over them: the option with the highest expected
 * net benefit at each willingness to pay, for one perspective.
 */
export function frontierChart(meta: ChartMeta, perspective: string, per: string, rows: { wtp: number; option: string; probability: number; onFrontier: boolean }[]): Chart {
  const frontier = rows.filter((r) => r.onFrontier);
  return {
    name: 'psa-frontier',
    title: 'Cost-effectiveness acceptability frontier',
    spec: {
      ...chartFrame(meta, `Which option is best, and how sure (${perspective})`, 'Lines: probability each option has the highest net benefit across parameter draws. Thick line: the frontier, the option with the highest expected net benefit.'),
      layer: [
        {
          data: { values: rows },
          mark: { type: 'line', strokeWidth: 1.5 },
          encoding: {
            x: { field: 'wtp', type: 'quantitative', title: `Willingness to pay per ${per} (£)` },
            y: { field: 'probability', type: 'quantitative', title: 'Probability of the highest net benefit', scale: { domain: [0, 1] } },
            color: { field: 'option', type: 'nominal', title: 'Option', scale: { range: PALETTE }, legend: { orient: 'bottom', columns: 1, labelLimit: 600 } },
          },
        },
        {
          data: { values: frontier },
          mark: { type: 'point', filled: true, size: 60, color: '#222222' },
          encoding: { x: { field: 'wtp', type: 'quantitative' }, y: { field: 'probability', type: 'quantitative' }, tooltip: [{ field: 'option' }, { field: 'wtp' }, { field: 'probability' }] },
        },
      ],
    } as TopLevelSpec,
  };
}
