import { analysisManifest, writeAnalysisFolder, type AnalysisSettings } from '../outputs/analysisFolder.js';
import type { FileContent } from '../outputs/folder.js';
import { renderCharts } from '../report/render.js';
import { toCsv } from '../results/csv.js';
import type { OutcomeInfo } from '../results/outcomes.js';
import { VERSION } from '../version.js';
import { tornadoChart } from './charts.js';
import type { Tornado } from './tornado.js';

/** Writes a one-way sensitivity analysis's folder: tornado.csv, manifest.json and a tornado chart per headline outcome. */
export async function writeTornadoFolder(
  out: string | undefined,
  argv: string[],
  args: { baseline: string; scenario: string },
  t: Tornado,
  headline: OutcomeInfo[],
  settings: AnalysisSettings,
  started: Date,
) {
  const outcomes = Object.keys(t.central);
  const rows: (string | number)[][] = [];
  for (const o of outcomes) rows.push(['(all central)', '', 'central', '', o, t.central[o]!.mean, t.central[o]!.lo95, t.central[o]!.hi95, t.central[o]!.mcse]);
  for (const r of t.rows) {
    for (const o of outcomes) {
      rows.push([r.parameter, r.unit, 'p05', r.low, o, r.atLow[o]!.mean, r.atLow[o]!.lo95, r.atLow[o]!.hi95, r.atLow[o]!.mcse]);
      rows.push([r.parameter, r.unit, 'p95', r.high, o, r.atHigh[o]!.mean, r.atHigh[o]!.lo95, r.atHigh[o]!.hi95, r.atHigh[o]!.mcse]);
    }
  }
  const files = new Map<string, FileContent>([
    ['tornado.csv', toCsv(['parameter', 'unit', 'percentile', 'parameter_value', 'outcome', 'mean', 'lo95', 'hi95', 'mcse'], rows)],
    [
      'manifest.json',
      JSON.stringify(
        analysisManifest('tornado', argv, [args.baseline, args.scenario], settings, started, {
          parameters: t.rows.map((r) => ({ name: r.parameter, unit: r.unit, central: r.central, p05: r.low, p95: r.high, distribution: r.distribution })),
          appraisal: t.appraisal,
        }),
        null,
        2,
      ) + '\n',
    ],
  ]);
  const meta = { version: VERSION, ...settings };
  const at = (s: Record<string, { mean: number }>, o: OutcomeInfo) => s[o.name]!.mean;
  const se = (s: Record<string, { mcse: number }>, o: OutcomeInfo) => s[o.name]!.mcse;
  const charts = headline.map((o) => tornadoChart(meta, o, at(t.central, o), t.rows.map((r) => ({ parameter: r.parameter, low: at(r.atLow, o), high: at(r.atHigh, o), lowMcse: se(r.atLow, o), highMcse: se(r.atHigh, o) }))));
  return writeAnalysisFolder(out, 'tornado', started, files, await renderCharts(charts));
}
