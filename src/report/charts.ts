import type { TopLevelSpec } from 'vega-lite';
import { headlineEffects, listOfLabels } from '../results/outcomes.js';
import { capitalise } from './format.js';
import { manifestScenarios, type RunFolder } from '../outputs/readFolder.js';

/** Okabe–Ito colours (safe for colour-blind readers); a scenario keeps its colour in every chart. */
export const PALETTE = ['#000000', '#E69F00', '#56B4E9', '#009E73', '#D55E00', '#0072B2', '#CC79A7', '#F0E442'];

export interface Chart {
  name: string;
  title: string;
  spec: TopLevelSpec;
}

function colour(run: RunFolder) {
  return { scale: { domain: run.scenarios, range: run.scenarios.map((_, i) => PALETTE[i % PALETTE.length]!) }, title: 'Scenario', legend: scenarioLegend(run) };
}

/** A scenario's title, or its name when it has none. */
const titleOf = (run: RunFolder, name: string) => manifestScenarios(run.manifest).find((s) => s.name === name)?.title ?? name;

/** A vega expression that shows each scenario's title where the data holds its name. */
export function scenarioTitles(run: RunFolder, wrapAt?: number): string {
  const titles = Object.fromEntries(manifestScenarios(run.manifest).map((s) => [s.name, wrapAt ? wrapWords(s.title ?? s.name, wrapAt) : (s.title ?? s.name)]));
  const label = `(${JSON.stringify(titles)})[datum.label] || datum.label`;
  return wrapAt ? `split(${label}, '|')` : label;
}

/** Words joined into lines of at most `width` characters, the lines separated by '|'. */
function wrapWords(text: string, width: number): string {
  const lines: string[] = [];
  for (const word of text.replace(/\|/g, '/').split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.join('|');
}

/** The scenario legend: titles, not names, one per line so long titles are not cut. */
export function scenarioLegend(run: RunFolder) {
  return { symbolOpacity: 1, orient: 'bottom' as const, columns: 1, labelExpr: scenarioTitles(run), labelLimit: 600 };
}

function frame(run: RunFolder, title: string, caveat: string) {
  return chartFrame(run.manifest, title, caveat);
}

/** Title, subtitle (caveat and source line), size and font shared by every ehsim chart. */
export function chartFrame(m: { version: string; seed: number; replicates: number; scale: number }, title: string, caveat: string) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: title,
      subtitle: [caveat, `Source: ehsim ${m.version} simulation of children's social care in England`, `(seed ${m.seed}, ${m.replicates} replicates, ${m.scale * 100}% sample scaled to England).`],
      anchor: 'start' as const,
      subtitleColor: '#444444',
    },
    width: 620,
    height: 300,
    config: { font: 'DejaVu Sans', view: { stroke: null } },
  };
}

/** A mean line with its 95% band, by scenario, for one metric of annual.csv. */
function bandChart(run: RunFolder, name: string, metric: string, title: string, yTitle: string, caveat: string): Chart {
  const values = run.annual.filter((r) => r.metric === metric).map((r) => ({ scenario: r.scenario, year: r.year, mean: r.mean, lo95: r.lo95, hi95: r.hi95 }));
  const x = { field: 'year', type: 'ordinal' as const, title: 'Financial year', axis: { labelAngle: -45 } };
  return {
    name,
    title,
    spec: {
      ...frame(run, title, caveat),
      data: { values },
      encoding: { x, color: { field: 'scenario', type: 'nominal', ...colour(run) } },
      layer: [
        { mark: { type: 'area', opacity: 0.18 }, encoding: { y: { field: 'lo95', type: 'quantitative', title: yTitle }, y2: { field: 'hi95' } } },
        { mark: { type: 'line', point: true, strokeWidth: 2 }, encoding: { y: { field: 'mean', type: 'quantitative', title: yTitle } } },
      ],
    } as TopLevelSpec,
  };
}

/** The charts a run or comparison folder supports. */
export function buildCharts(run: RunFolder): Chart[] {
  const band = 'Lines: mean over replicates; bands: 95% interval (Monte Carlo spread, parameters fixed).';
  const charts: Chart[] = run.declarations.report.bandCharts.map((c) => bandChart(run, c.name, c.metric, c.title, c.axis, band));

  // Spending by category and scenario, summed over the horizon: the categories cost_total sums (not
  // the other payers' costs or the social valuations, which the wider perspectives count).
  const spending = run.declarations.outcomes.spendingCosts;
  const costs = run.annual.filter((r) => (spending ? spending.includes(r.metric) : r.metric.startsWith('cost_') && r.metric !== 'cost_total' && !r.metric.startsWith('cost_payer_')));
  const totals = new Map<string, number>();
  for (const r of costs) totals.set(`${r.scenario}|${r.metric}`, (totals.get(`${r.scenario}|${r.metric}`) ?? 0) + r.mean);
  const costValues = [...totals].map(([k, v]) => {
    const [scenario, metric] = k.split('|');
    return { scenario, category: metric!.replace(/^cost_/, '').replace(/_/g, ' '), bn: v / 1e9 };
  });
  const years = run.manifest.years;
  const priceYear = manifestScenarios(run.manifest)[0]!.prices?.priceYear;
  charts.push({
    name: 'costs-by-category',
    title: 'Spending by category and scenario',
    spec: {
      ...frame(run, `Spending by category and scenario, ${years[0]} to ${years.at(-1)}`, `Sum of yearly means; ${priceYear ? `${priceYear} prices` : 'no price year stated'}, undiscounted.`),
      data: { values: costValues },
      mark: 'bar',
      encoding: {
        x: { field: 'scenario', type: 'nominal', title: 'Scenario', sort: run.scenarios, axis: { labelAngle: 0, labelExpr: scenarioTitles(run, 24), labelLimit: 0 } },
        y: { field: 'bn', type: 'quantitative', title: '£ billion over the horizon', stack: 'zero' },
        color: { field: 'category', type: 'nominal', title: 'Cost category', legend: { labelLimit: 0 }, scale: { range: PALETTE.slice(1).concat(['#999999', '#555555', '#BBBBBB', '#8C564B']) } },
      },
    } as TopLevelSpec,
  });

  const cumulative = run.summary?.cumulative_by_year;
  if (cumulative) {
    const baseline = run.summary!.baseline;
    const effects = headlineEffects(run.declarations.outcomes);
    const measures = effects.map((e): [string, string] => [e.name, e.headline.label]);
    const units = [...new Set(effects.map((e) => e.unit))];
    const yTitle = units.length === 1 ? `${capitalise(units[0]!)} (cumulative)` : 'Cumulative difference';
    const rows = Object.entries(cumulative).flatMap(([scenario, byYear]) =>
      Object.entries(byYear).flatMap(([year, m]) => measures.map(([key, label]) => ({ scenario, year, measure: label, mean: m[key]!.mean, lo95: m[key]!.lo95, hi95: m[key]!.hi95 }))),
    );
    const others = run.scenarios.filter((s) => s !== baseline);
    const otherColour = {
      scale: { domain: others, range: others.map((s) => PALETTE[run.scenarios.indexOf(s) % PALETTE.length]!) },
      title: 'Scenario',
      legend: scenarioLegend(run),
    };
    if (effects.length) charts.push({
      name: 'cumulative-avoided',
      title: 'Cumulative difference against the baseline',
      spec: {
        ...frame(run, `Cumulative difference against ${titleOf(run, baseline)}: ${listOfLabels(measures.map((m) => m[1]))}`, 'Paired with common random numbers; bands: 95% interval of the paired difference.'),
        width: 200,
        height: 220,
        data: { values: rows },
        facet: { column: { field: 'measure', type: 'nominal', title: null, sort: measures.map((m) => m[1]) } },
        spec: {
          width: 200,
          height: 220,
          encoding: { x: { field: 'year', type: 'ordinal', title: 'Financial year', axis: { labelAngle: -45 } }, color: { field: 'scenario', type: 'nominal', ...otherColour } },
          layer: [
            { mark: { type: 'area', opacity: 0.18 }, encoding: { y: { field: 'lo95', type: 'quantitative', title: yTitle }, y2: { field: 'hi95' } } },
            { mark: { type: 'line', point: true }, encoding: { y: { field: 'mean', type: 'quantitative', title: yTitle } } },
          ],
        },
        resolve: { scale: { y: 'independent' } },
      } as TopLevelSpec,
    });
    const net = Object.entries(cumulative).flatMap(([scenario, byYear]) =>
      Object.entries(byYear).map(([year, m]) => ({ scenario, year, mean: m.net_present_cost!.mean / 1e9, lo95: m.net_present_cost!.lo95 / 1e9, hi95: m.net_present_cost!.hi95 / 1e9 })),
    );
    charts.push({
      name: 'net-cost',
      title: 'Net cost over time',
      spec: {
        ...frame(run, `Cumulative net present cost against ${titleOf(run, baseline)}`, 'Discounted with the HM Treasury Green Book schedule (3.5% a year); negative = saving; bands: 95% interval.'),
        data: { values: net },
        encoding: { x: { field: 'year', type: 'ordinal', title: 'Financial year', axis: { labelAngle: -45 } }, color: { field: 'scenario', type: 'nominal', ...otherColour } },
        layer: [
          { mark: { type: 'area', opacity: 0.18 }, encoding: { y: { field: 'lo95', type: 'quantitative', title: '£ billion (cumulative, discounted)' }, y2: { field: 'hi95' } } },
          { mark: { type: 'line', point: true }, encoding: { y: { field: 'mean', type: 'quantitative', title: '£ billion (cumulative, discounted)' } } },
          { mark: { type: 'rule', color: '#888888', strokeDash: [4, 4] }, encoding: { y: { datum: 0 } } },
        ],
      } as TopLevelSpec,
    });
  }
  const calibration = calibrationChart(run);
  if (calibration) charts.push(calibration);
  return charts;
}

/** Observed against simulated for every calibration target the run's (baseline) scenario names. */
function calibrationChart(run: RunFolder): Chart | null {
  const targets = run.manifest.targets;
  if (!targets) return null;
  const scenario = manifestScenarios(run.manifest)[0]!.name;
  const rows = targets.targets.flatMap((t) => {
    const r = run.annual.find((a) => a.scenario === scenario && a.year === t.year && a.metric === t.metric);
    if (!r) return [];
    const tol = 'relative' in t.tolerance ? t.tolerance.relative * Math.abs(t.observed) : t.tolerance.absolute;
    const pct = (v: number) => (100 * v) / t.observed;
    const within = Math.abs(r.mean - t.observed) <= tol;
    return [{
      target: t.year === run.manifest.years[0] ? (t.label ?? t.metric) : `${t.label ?? t.metric} (${t.year})`,
      mean: pct(r.mean),
      lo95: pct(r.lo95),
      hi95: pct(r.hi95),
      tolLo: pct(t.observed - tol),
      tolHi: pct(t.observed + tol),
      fit: within ? 'within tolerance' : 'outside tolerance',
    }];
  });
  const order = rows.map((r) => r.target);
  const y = { field: 'target', type: 'nominal' as const, title: null, sort: order, axis: { labelLimit: 520 } };
  const x = { type: 'quantitative' as const, title: 'Simulated as % of observed', scale: { zero: false } };
  return {
    name: 'calibration',
    title: 'Calibration: simulated against observed',
    spec: {
      ...frame(run, `Calibration of ${scenario}: simulated against observed, ${targets.title ?? targets.name}`, 'Grey: tolerance around the observed value (100%); dot and whisker: simulated mean and 95% interval.'),
      width: 460,
      height: Math.max(200, 22 * rows.length),
      data: { values: rows },
      encoding: { y },
      layer: [
        { mark: { type: 'bar', color: '#DDDDDD', height: 14 }, encoding: { x: { field: 'tolLo', ...x }, x2: { field: 'tolHi' } } },
        { mark: { type: 'rule', color: '#555555', strokeDash: [3, 3] }, encoding: { x: { datum: 100, type: 'quantitative' }, y: null } },
        { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'lo95', ...x }, x2: { field: 'hi95' }, color: { field: 'fit', type: 'nominal', title: 'Fit', scale: { domain: ['within tolerance', 'outside tolerance'], range: ['#0072B2', '#D55E00'] }, legend: { orient: 'bottom' } } } },
        { mark: { type: 'point', filled: true, size: 60 }, encoding: { x: { field: 'mean', ...x }, color: { field: 'fit', type: 'nominal' }, shape: { field: 'fit', type: 'nominal', title: 'Fit', scale: { domain: ['within tolerance', 'outside tolerance'], range: ['circle', 'diamond'] }, legend: { orient: 'bottom' } } } },
      ],
    } as TopLevelSpec,
  };
}
