import { sweepChart } from '../analysis/charts.js';
import { findThreshold, parseThreshold, runSweep, sweepValues, type ThresholdResult } from '../analysis/sweep.js';
import { analysisHeadline, analysisHeadlineWords, horizonOutcomes } from '../results/outcomes.js';
import { prepareScenario } from '../pipeline.js';
import { toCsv } from '../results/csv.js';
import type { FileContent } from '../results/outputFolder.js';
import { argumentError } from '../scenario/inputError.js';
import { VERSION } from '../version.js';
import { analysisManifest, parseAnalysisSettings, writeAnalysisFolder } from './analysisOutput.js';
import { onInterrupt } from './interrupt.js';
import { progressBar } from './progress.js';

export interface SweepArgs {
  baseline: string;
  scenario: string;
  param: string;
  values?: string;
  range?: string;
  findThreshold?: string;
  replicates: unknown;
  seed: unknown;
  scale: unknown;
  workers?: unknown;
  out?: string;
}

/** A parameter that nothing reads would give a flat line: refuse it. */
export function checkVariedParameter(files: string[], name: string): { unit: string; value: number } {
  let found: { unit: string; value: number } | null = null;
  let read = false;
  for (const file of files) {
    const p = prepareScenario(file);
    const r = p.parameters.get(name);
    if (!r) continue;
    if (typeof r.value !== 'number') throw argumentError(`parameter '${name}' is a table; only numbers can be varied`);
    if (r.formula) throw argumentError(`parameter '${name}' is a formula (${r.formula}); vary the parameters it uses`);
    found ??= { unit: r.unit, value: r.value };
    const amounts = p.scenario.levers.flatMap((l) => [l.entry.set, l.entry.add, l.entry.scale]);
    if (p.readersOf(name).length > 0 || amounts.includes(name)) read = true;
  }
  if (!found) throw argumentError(`no parameter '${name}' in ${files.join(' or ')} (ehsim explain lists them)`);
  if (!read) throw argumentError(`parameter '${name}' is read by neither the model nor a lever, so varying it changes nothing`);
  return found;
}

/** `ehsim sweep <baseline> <scenario> --param NAME (--values | --range) [--find-threshold OUTCOME=VALUE]`. */
export async function sweepCommand(args: SweepArgs, argv: string[], print: (s: string) => void): Promise<string> {
  const started = new Date();
  const settings = parseAnalysisSettings(args);
  const values = sweepValues(args.values, args.range);
  const declared = prepareScenario(args.baseline).declared.outcomes;
  const outcomes = horizonOutcomes(declared);
  const goal = args.findThreshold !== undefined ? parseThreshold(args.findThreshold, outcomes.map((o) => o.name)) : undefined;
  const { unit } = checkVariedParameter([args.baseline, args.scenario], args.param);

  const bar = progressBar(values.length * 2 * settings.replicates, 'sweep');
  let points;
  try {
    points = await runSweep(args.baseline, args.scenario, args.param, values, { ...settings, onInterrupt, onProgress: () => bar.tick() });
  } finally {
    bar.stop();
  }
  let threshold: ThresholdResult | undefined;
  if (goal) threshold = await findThreshold(args.baseline, args.scenario, args.param, points, goal, { ...settings, onInterrupt });

  const summaryRows = points.flatMap((p) => outcomes.map(({ name: o }) => [args.param, p.value, o, p.outcomes[o]!.mean, p.outcomes[o]!.lo95, p.outcomes[o]!.hi95, p.outcomes[o]!.mcse]));
  const replicateRows = points.flatMap((p) => outcomes.flatMap(({ name: o }) => p.perReplicate[o]!.map((v, r) => [args.param, p.value, r, o, v])));
  const files = new Map<string, FileContent>([
    ['sweep.csv', toCsv(['parameter', 'parameter_value', 'outcome', 'mean', 'lo95', 'hi95', 'mcse'], summaryRows)],
    ['sweep-replicates.csv', toCsv(['parameter', 'parameter_value', 'replicate', 'outcome', 'value'], replicateRows)],
  ]);
  if (threshold) files.set('threshold.json', JSON.stringify({ parameter: args.param, ...threshold }, null, 2) + '\n');
  files.set(
    'manifest.json',
    JSON.stringify(analysisManifest('sweep', argv, [args.baseline, args.scenario], settings, started, { parameter: args.param, unit, values, find_threshold: goal ?? null }), null, 2) + '\n',
  );
  const meta = { version: VERSION, ...settings };
  const headline = analysisHeadline(declared);
  const charted = new Set([...headline.map((o) => o.name), ...(goal ? [goal.outcome] : [])]);
  const charts = [...charted].map((name) => outcomes.find((o) => o.name === name)!).map((o) =>
    sweepChart(
      meta,
      args.param,
      unit,
      o,
      points.map((p) => ({ value: p.value, ...p.outcomes[o.name]! })),
      threshold?.found && threshold.outcome === o.name ? { value: threshold.value!, target: threshold.target } : undefined,
    ),
  );

  const n = (v: number) => (Math.abs(v) >= 1e6 ? `£${(v / 1e9).toFixed(3)}bn` : Math.round(v).toLocaleString('en-GB'));
  print(`${args.param} (${unit}) against ${analysisHeadlineWords(declared)}, ${settings.replicates} paired replicates at scale ${settings.scale}:`);
  for (const p of points) print(`  ${String(p.value).padStart(14)}${headline.map((o) => `  ${n(p.outcomes[o.name]!.mean).padStart(12)}`).join('')}`);
  if (threshold) print(`\nThreshold: ${threshold.message}`);
  return writeAnalysisFolder(args.out, `sweep-${args.param}`, started, files, charts, print);
}
