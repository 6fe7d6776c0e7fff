import { analysisManifest, writeAnalysisFolder, type AnalysisSettings } from '../outputs/analysisFolder.js';
import type { FileContent } from '../outputs/folder.js';
import { renderCharts } from '../report/render.js';
import { toCsv } from '../results/csv.js';
import { OUTCOMES, type OutcomeName } from '../results/outcomes.js';
import { VERSION } from '../version.js';
import { sweepChart } from './charts.js';
import type { SweepPoint, ThresholdResult } from './sweep.js';

export interface SweepRun {
  baseline: string;
  scenario: string;
  parameter: string;
  unit: string;
  values: number[];
  goal?: { outcome: OutcomeName; target: number };
  points: SweepPoint[];
  threshold?: ThresholdResult;
}

/** Writes a sweep's folder: sweep.csv, sweep-replicates.csv, threshold.json (when asked), manifest.json and the response curves. */
export async function writeSweepFolder(out: string | undefined, argv: string[], s: SweepRun, settings: AnalysisSettings, started: Date) {
  const outcomes = Object.keys(OUTCOMES) as OutcomeName[];
  const summaryRows = s.points.flatMap((p) => outcomes.map((o) => [s.parameter, p.value, o, p.outcomes[o].mean, p.outcomes[o].lo95, p.outcomes[o].hi95, p.outcomes[o].mcse]));
  const replicateRows = s.points.flatMap((p) => outcomes.flatMap((o) => p.perReplicate[o].map((v, r) => [s.parameter, p.value, r, o, v])));
  const files = new Map<string, FileContent>([
    ['sweep.csv', toCsv(['parameter', 'parameter_value', 'outcome', 'mean', 'lo95', 'hi95', 'mcse'], summaryRows)],
    ['sweep-replicates.csv', toCsv(['parameter', 'parameter_value', 'replicate', 'outcome', 'value'], replicateRows)],
  ]);
  if (s.threshold) files.set('threshold.json', JSON.stringify({ parameter: s.parameter, ...s.threshold }, null, 2) + '\n');
  const extra = { parameter: s.parameter, unit: s.unit, values: s.values, find_threshold: s.goal ?? null };
  files.set('manifest.json', JSON.stringify(analysisManifest('sweep', argv, [s.baseline, s.scenario], settings, started, extra), null, 2) + '\n');
  const meta = { version: VERSION, ...settings };
  const charted = new Set<OutcomeName>(['rereferrals_avoided', 'net_present_cost', ...(s.goal ? [s.goal.outcome] : [])]);
  const t = s.threshold;
  const charts = [...charted].map((o) =>
    sweepChart(
      meta,
      s.parameter,
      s.unit,
      o,
      s.points.map((p) => ({ value: p.value, ...p.outcomes[o] })),
      t?.found && t.outcome === o ? { value: t.value!, target: t.target } : undefined,
    ),
  );
  return writeAnalysisFolder(out, `sweep-${s.parameter}`, started, files, await renderCharts(charts));
}
