import { writeComparisonFolder } from '../outputs/comparisonFolder.js';
import { defaultOutputDir, wroteFolder } from '../outputs/folder.js';
import type { RunRecord } from '../outputs/manifest.js';
import { storeReplicate, writeShardFolder, type StoredReplicate } from '../outputs/shardFolder.js';
import { compareTable } from '../report/terminal.js';
import { reportLines, writeReport } from '../report/writeReport.js';
import { checkAppraisalYear, discountScheduleOf } from '../results/discounting.js';
import { defaultWorkers } from '../runs/pool.js';
import { checkComparable, prepareScenario } from '../runs/prepare.js';
import { runScenarios } from '../runs/runScenarios.js';
import { argumentError } from '../scenario/inputError.js';
import { onInterrupt } from './interrupt.js';
import { parseAppraisalYear, parseReplicates, parseScale, parseSeed, parseTitle, parseWorkers } from './options.js';
import { progressBar } from './progress.js';
import { resolveShard, shardMessage, shardReplicates } from './shard.js';

export interface CompareArgs {
  baseline: string;
  scenarios: string[];
  replicates: unknown;
  seed: unknown;
  scale: unknown;
  out?: string;
  crn: boolean;
  /** Write the charts and briefing after the tables (default true). */
  briefing?: boolean;
  workers?: unknown;
  shard?: unknown;
  /** --appraisal-year YYYY-YY (default: the financial year the command runs in). */
  appraisalYear?: unknown;
  /** --title: the comparison's own title, for its briefing. */
  title?: unknown;
}

/** `ehsim compare`: every scenario against the baseline, paired by replicate with common random numbers. Returns the folder. */
export async function compareCommand(args: CompareArgs, argv: string[], print: (s: string) => void): Promise<string> {
  const title = parseTitle(args.title);
  const record: RunRecord = { argv, seed: parseSeed(args.seed), replicates: parseReplicates(args.replicates), scale: parseScale(args.scale), traceChildren: 0, ...(title ? { title } : {}), started: new Date() };
  const workers = parseWorkers(args.workers, defaultWorkers());
  const shard = resolveShard(args.shard, process.env);
  const appraisal = parseAppraisalYear(args.appraisalYear, record.started);
  // A shard writes no present values: merge discounts, to the year it is given.
  if (shard && !appraisal.default) throw argumentError('--appraisal-year applies when the shards are merged: give it to ehsim merge, not to a --shard run');
  const scenarios = [args.baseline, ...args.scenarios].map((file) => ({ file, prepared: prepareScenario(file) }));
  checkComparable(scenarios);
  const schedule = discountScheduleOf(scenarios[0]!);
  if (!shard) checkAppraisalYear(appraisal, scenarios[0]!.prepared.grid.labels);

  const stored: StoredReplicate[] = [];
  const replicates = shardReplicates(record.replicates, shard);
  const bar = progressBar(replicates.length * scenarios.length, 'compare');
  try {
    await runScenarios(scenarios, { ...record, replicates, workers, crn: args.crn, onInterrupt }, (k, r, out) => {
      stored.push(storeReplicate(k, r, out));
      bar.tick();
    });
  } finally {
    bar.stop();
  }
  if (shard) {
    const out = writeShardFolder('compare', args.out, scenarios, stored, shard, record, args.crn);
    print(shardMessage(shard, stored, out));
    return out;
  }
  const out = args.out ?? defaultOutputDir(`compare-${scenarios[0]!.prepared.scenario.name}`, record.started);
  const { summary, files } = writeComparisonFolder(out, scenarios.map((s) => s.prepared), stored, record, args.crn, schedule, appraisal);
  print(compareTable(summary, scenarios[0]!.prepared.declared.outcomes, record.replicates, record.scale));
  print(`\n${wroteFolder(out, files)}\n`);
  if (args.briefing !== false) reportLines(await writeReport(out)).forEach((line) => print(line));
  return out;
}
