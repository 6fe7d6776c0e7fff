import { checkVariedParameter } from '../analysis/variedParameter.js';
import { findThreshold, parseThreshold, runSweep, sweepValues } from '../analysis/sweep.js';
import { writeSweepFolder } from '../analysis/sweepFolder.js';
import { analysisHeadline, analysisHeadlineWords, horizonOutcomes } from '../results/outcomes.js';
import { prepareScenario } from '../runs/prepare.js';
import { parseAnalysisSettings, type AnalysisArgs } from './analysisOptions.js';
import { onInterrupt } from './interrupt.js';
import { progressBar } from './progress.js';
import { money } from '../report/format.js';

export interface SweepArgs extends AnalysisArgs {
  baseline: string;
  scenario: string;
  param: string;
  values?: string;
  range?: string;
  findThreshold?: string;
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
  const threshold = goal ? await findThreshold(args.baseline, args.scenario, args.param, points, goal, { ...settings, onInterrupt }) : undefined;

  const n = (v: number, unit: string) => (unit === 'GBP' ? money(v) : Math.round(v).toLocaleString('en-GB'));
  const headline = analysisHeadline(declared);
  print(`${args.param} (${unit}) against ${analysisHeadlineWords(declared)}, ${settings.replicates} paired replicates at scale ${settings.scale}:`);
  for (const p of points) print(`  ${String(p.value).padStart(14)}${headline.map((o) => `  ${n(p.outcomes[o.name]!.mean, o.unit).padStart(12)}`).join('')}`);
  if (threshold) print(`\nThreshold: ${threshold.message}`);
  const { dir, message } = await writeSweepFolder(args.out, argv, { baseline: args.baseline, scenario: args.scenario, parameter: args.param, unit, values, goal, points, threshold, outcomes, headline }, settings, started);
  print(message);
  return dir;
}
