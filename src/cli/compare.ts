import { writeComparisonFolder } from '../outputs/comparisonFolder.js';
import { defaultOutputDir, wroteFolder } from '../outputs/folder.js';
import type { RunRecord } from '../outputs/manifest.js';
import { storeReplicate, writeShardFolder, type StoredReplicate } from '../outputs/shardFolder.js';
import { compareTable, noisyEffects } from '../report/terminal.js';
import { publishedAt, reportLines, writeReport } from '../report/writeReport.js';
import { checkAppraisalYear, discountScheduleOf } from '../results/discounting.js';
import { defaultWorkers, openPool } from '../runs/pool.js';
import { checkComparable, prepareScenario } from '../runs/prepare.js';
import { runScenarios } from '../runs/runScenarios.js';
import { argumentError } from '../scenario/inputError.js';
import { onInterrupt } from './interrupt.js';
import { parseAppraisalYear, parseDraws, parseReplicates, parseScale, parseSeed, parseTitle, parseWorkers } from './options.js';
import { runJointPsa } from '../analysis/jointPsa.js';
import { uncertainParameters } from '../analysis/uncertainty.js';
import { comparisonPsaOutputs, type ComparisonPsa } from '../analysis/comparisonPsa.js';
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
  /** --psa N: a joint PSA over every scenario, for intervals from parameters and simulation together. */
  psa?: unknown;
  psaScale?: unknown;
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
  const draws = parseDraws(args.psa);
  const psaScale = args.psaScale === undefined ? record.scale : parseScale(args.psaScale, '--psa-scale');
  if (shard && draws) throw argumentError('--psa runs with the whole comparison: it cannot be split into shards');
  if (!draws && args.psaScale !== undefined) throw argumentError('--psa-scale needs --psa N');
  const scenarios = [args.baseline, ...args.scenarios].map((file) => ({ file, prepared: prepareScenario(file) }));
  checkComparable(scenarios);
  const schedule = discountScheduleOf(scenarios[0]!);
  if (!shard) checkAppraisalYear(appraisal, scenarios[0]!.prepared.grid.labels);
  const params = draws ? uncertainParameters(scenarios.map((s) => s.prepared)) : [];
  if (draws && params.length === 0) throw argumentError('--psa: no parameter these scenarios read has an uncertainty distribution');
  // With a PSA, one pool runs the central replicates and the draws (opened once the inputs are read: workers are handed them).
  const pool = draws && workers > 1 ? openPool(workers, onInterrupt, scenarios) : undefined;

  const stored: StoredReplicate[] = [];
  const replicates = shardReplicates(record.replicates, shard);
  const bar = progressBar((replicates.length + draws) * scenarios.length, 'compare');
  let psa: ComparisonPsa | undefined;
  try {
    await runScenarios(scenarios, { ...record, replicates, workers, crn: args.crn, onInterrupt, pool }, (k, r, out) => {
      stored.push(storeReplicate(k, r, out));
      bar.tick();
    });
    if (draws) {
      const run = await runJointPsa({ scenarios, schedule, appraisal, params }, draws, { seed: record.seed, replicates: 1, scale: psaScale, workers, pool, onInterrupt, onProgress: () => bar.tick() });
      psa = { run, params, scale: psaScale };
    }
  } finally {
    bar.stop();
    await pool?.close();
  }
  if (shard) {
    const out = writeShardFolder('compare', args.out, scenarios, stored, shard, record, args.crn);
    print(shardMessage(shard, stored, out));
    return out;
  }
  const out = args.out ?? defaultOutputDir(`compare-${scenarios[0]!.prepared.scenario.name}`, record.started);
  // The charts and briefing are written into the staged folder, so the folder appears complete or not at all.
  let report: Awaited<ReturnType<typeof writeReport>> | null = null;
  const finish = args.briefing === false ? undefined : async (staged: string) => void (report = await writeReport(staged));
  const { summary, files } = await writeComparisonFolder(out, scenarios.map((s) => s.prepared), stored, record, args.crn, schedule, appraisal, psa && comparisonPsaOutputs(psa, scenarios[0]!.prepared.declared.outcomes), finish);
  print(compareTable(summary, scenarios[0]!.prepared.declared.outcomes, record.replicates, record.scale));
  for (const w of noisyEffects(summary, scenarios[0]!.prepared.declared.outcomes, record)) print(`\nWarning: ${w}`);
  print(`\n${wroteFolder(out, files)}\n`);
  if (report) reportLines(publishedAt(report, out)).forEach((line) => print(line));
  return out;
}
