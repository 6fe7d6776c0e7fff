import type { TopLevelSpec } from 'vega-lite';
import { chartFrame, PALETTE, type Chart } from '../report/charts.js';
import type { OutcomeInfo } from '../results/outcomes.js';

export interface ChartMeta {
  version: string;
  seed: number;
  replicates: number;
  scale: number;
}

const money = (o: OutcomeInfo) => o.unit === 'GBP';
const axisTitle = (o: OutcomeInfo) => (money(o) ? `${o.label} (£ billion)` : `${o.label} (${o.unit})`);
const inUnits = (o: OutcomeInfo, v: number) => (money(o) ? v / 1e9 : v);

/** Response curve of one outcome against a swept parameter, with its 95% band and any threshold found. */
export function sweepChart(
  meta: ChartMeta,
  parameter: string,
  unit: string,
  outcome: OutcomeInfo,
  points: { value: number; mean: number; lo95: number; hi95: number }[],
  threshold?: { value: number; target: number },
): Chart {
  const values = points.map((p) => ({ x: p.value, mean: inUnits(outcome, p.mean), lo95: inUnits(outcome, p.lo95), hi95: inUnits(outcome, p.hi95) }));
  const x = { field: 'x', type: 'quantitative' as const, title: `${parameter} (${unit})`, scale: { zero: false } };
  const layers: unknown[] = [
    { mark: { type: 'area', opacity: 0.2, color: PALETTE[5] }, encoding: { x, y: { field: 'lo95', type: 'quantitative', title: axisTitle(outcome) }, y2: { field: 'hi95' } } },
    { mark: { type: 'line', point: true, color: PALETTE[5] }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: axisTitle(outcome) } } },
  ];
  if (threshold) {
    layers.push({ data: { values: [{}] }, mark: { type: 'rule', color: PALETTE[4], strokeDash: [5, 4] }, encoding: { x: { datum: threshold.value, type: 'quantitative' } } });
    layers.push({ data: { values: [{}] }, mark: { type: 'rule', color: '#888888', strokeDash: [2, 3] }, encoding: { y: { datum: inUnits(outcome, threshold.target), type: 'quantitative' } } });
  }
  return {
    name: `sweep-${outcome.name}`,
    title: `${outcome.label} as ${parameter} varies`,
    spec: {
      ...chartFrame(meta, `${outcome.label} as ${parameter} varies`, `Paired comparison at each value with the same seed; band: 95% interval over replicates${threshold ? '; dashed: the threshold found' : ''}.`),
      data: { values },
      layer: layers,
    } as TopLevelSpec,
  };
}

/** Tornado: the change in an outcome when each parameter moves to its 5th and 95th percentile. */
export function tornadoChart(meta: ChartMeta, outcome: OutcomeInfo, central: number, rows: { parameter: string; low: number; high: number; lowMcse: number; highMcse: number }[]): Chart {
  const order = [...rows].sort((a, b) => Math.abs(b.high - b.low) - Math.abs(a.high - a.low)).map((r) => r.parameter);
  // Each bar's end carries its Monte Carlo error: ±1.96 MCSE over the paired replicates.
  const end = (parameter: string, label: string, v: number, mcse: number) => ({ parameter, end: label, from: inUnits(outcome, central), to: inUnits(outcome, v), lo: inUnits(outcome, v - 1.96 * mcse), hi: inUnits(outcome, v + 1.96 * mcse) });
  const values = rows.flatMap((r) => [end(r.parameter, 'at 5th percentile', r.low, r.lowMcse), end(r.parameter, 'at 95th percentile', r.high, r.highMcse)]);
  return {
    name: `tornado-${outcome.name}`,
    title: `Tornado: ${outcome.label}`,
    spec: {
      ...chartFrame(meta, `What moves ${outcome.label.toLowerCase()}: one parameter at a time`, 'Each bar: the outcome with one parameter at its 5th or 95th percentile, the rest central; whiskers: ±1.96 Monte Carlo s.e.; line: all central.'),
      height: Math.max(160, 22 * rows.length),
      data: { values },
      layer: [
        {
          mark: { type: 'bar', height: 14 },
          encoding: {
            y: { field: 'parameter', type: 'nominal', title: null, sort: order, axis: { labelLimit: 400 } },
            x: { field: 'from', type: 'quantitative', title: axisTitle(outcome), scale: { zero: false } },
            x2: { field: 'to' },
            color: { field: 'end', type: 'nominal', title: 'Parameter', scale: { domain: ['at 5th percentile', 'at 95th percentile'], range: [PALETTE[2], PALETTE[4]] }, legend: { orient: 'bottom' } },
          },
        },
        {
          mark: { type: 'rule', color: '#333333', strokeWidth: 1.5 },
          encoding: { y: { field: 'parameter', type: 'nominal', sort: order }, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
        },
        { data: { values: [{}] }, mark: { type: 'rule', color: '#000000' }, encoding: { x: { datum: inUnits(outcome, central), type: 'quantitative' } } },
      ],
    } as TopLevelSpec,
  };
}

/** Cost-effect plane: each PSA draw's effect (the model's cost-effectiveness effect, discounted as the costs are) against its net present cost. */
export function scatterChart(meta: ChartMeta, effect: OutcomeInfo, draws: { draw: number; effect: number; cost: number }[]): Chart {
  return {
    name: 'psa-cost-effect',
    title: 'Cost-effect plane',
    spec: {
      ...chartFrame(meta, 'Cost-effect plane: each draw of the parameters', 'One point per parameter draw (a paired comparison); below zero the policy saves money.'),
      data: { values: draws.map((d) => ({ draw: d.draw, effect: d.effect, cost: d.cost / 1e9 })) },
      layer: [
        { mark: { type: 'point', filled: true, opacity: 0.6, color: PALETTE[5] }, encoding: { x: { field: 'effect', type: 'quantitative', title: `${effect.label} (${effect.unit}, over the policy's years, discounted like the costs)` }, y: { field: 'cost', type: 'quantitative', title: 'Net present cost (£ billion)' } } },
        { data: { values: [{}] }, mark: { type: 'rule', color: '#888888', strokeDash: [4, 4] }, encoding: { y: { datum: 0, type: 'quantitative' } } },
      ],
    } as TopLevelSpec,
  };
}

/** Cost-effectiveness acceptability curve; `per` is one unit of the effect in words. */
export function ceacChart(meta: ChartMeta, effect: OutcomeInfo & { per: string }, points: { wtp: number; probability: number }[]): Chart {
  return {
    name: 'psa-acceptability',
    title: 'Cost-effectiveness acceptability curve',
    spec: {
      ...chartFrame(meta, 'Probability the policy has positive net benefit', `Net benefit = willingness to pay × ${effect.label.toLowerCase()} − net present cost, over parameter draws; effects discounted like costs.`),
      data: { values: points },
      mark: { type: 'line', point: true, color: PALETTE[5] },
      encoding: {
        x: { field: 'wtp', type: 'quantitative', title: `Willingness to pay per ${effect.per} (£)` },
        y: { field: 'probability', type: 'quantitative', title: 'Probability net benefit > 0', scale: { domain: [0, 1] } },
      },
    } as TopLevelSpec,
  };
}
