import { analysisManifest, writeAnalysisFolder, type AnalysisSettings } from '../outputs/analysisFolder.js';
import type { FileContent } from '../outputs/folder.js';
import { renderCharts } from '../report/render.js';
import { toCsv } from '../results/csv.js';
import type { OutcomeInfo } from '../results/outcomes.js';
import { VERSION } from '../version.js';
import { sweepChart } from './charts.js';
import type { SweepPoint, ThresholdResult } from './sweep.js';

export interface SweepRun {
  baseline: string;
  scenario: string;
  parameter: string;
  unit: string;
  values: number[];
  goal?: { outcome: string; target: number };
  points: SweepPoint[];
  threshold?: ThresholdResult;
  /** Every horizon outcome (the CSVs), and the headline ones (charted, with the threshold's). */
  outcomes: OutcomeInfo[];
  headline: OutcomeInfo[];
}

/** Writes a sweep's folder: sweep.csv, sweep-replicates.csv, threshold.json (when asked), manifest.json and the response curves. */
export async function writeSweepFolder(out: string | undefined, argv: string[], s: SweepRun, settings: AnalysisSettings, started: Date) {
  const summaryRows = s.points.flatMap((p) => s.outcomes.map(({ name: o }) => [s.parameter, p.value, o, p.outcomes[o]!.mean, p.outcomes[o]!.lo95, p.outcomes[o]!.hi95, p.outcomes[o]!.mcse]));
  const replicateRows = s.points.flatMap((p) => s.outcomes.flatMap(({ name: o }) => p.perReplicate[o]!.map((v, r) => [s.parameter, p.value, r, o, v])));
  const files = new Map<string, FileContent>([
    ['sweep.csv', toCsv(['parameter', 'parameter_value', 'outcome', 'mean', 'lo95', 'hi95', 'mcse'], summaryRows)],
    ['sweep-replicates.csv', toCsv(['parameter', 'parameter_value', 'replicate', 'outcome', 'value'], replicateRows)],
  ]);
  if (s.threshold) files.set('threshold.json', JSON.stringify({ parameter: s.parameter, ...s.threshold }, null, 2) + '\n');
  const extra = { parameter: s.parameter, unit: s.unit, values: s.values, find_threshold: s.goal ?? null, appraisal: s.points[0]?.appraisal };
  files.set('manifest.json', JSON.stringify(analysisManifest('sweep', argv, [s.baseline, s.scenario], settings, started, extra), null, 2) + '\n');
  const meta = { version: VERSION, ...settings };
  const charted = new Set([...s.headline.map((o) => o.name), ...(s.goal ? [s.goal.outcome] : [])]);
  const t = s.threshold;
  const charts = [...charted].map((name) => s.outcomes.find((o) => o.name === name)!).map((o) =>
    sweepChart(
      meta,
      s.parameter,
      s.unit,
      o,
      s.points.map((p) => ({ value: p.value, ...p.outcomes[o.name]! })),
      t?.found && t.outcome === o.name ? { value: t.value!, target: t.target } : undefined,
    ),
  );
  return writeAnalysisFolder(out, `sweep-${s.parameter}`, started, files, await renderCharts(charts));
}
