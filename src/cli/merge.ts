import { wroteFolder } from '../outputs/folder.js';
import { mergeShards } from '../outputs/mergeShards.js';
import { diagnosticsFiles } from '../report/diagnosticsChart.js';
import { compareTable, runTable } from '../report/terminal.js';
import { parseAppraisalYear } from './options.js';

export interface MergeArgs {
  shards: string[];
  out: string;
  /** --appraisal-year YYYY-YY for merged comparisons (default: the financial year merge runs in). */
  appraisalYear?: unknown;
}

/**
 * `ehsim merge`: combines shard folders into exactly what one run would have
 * written. Every replicate must appear exactly once, and every shard must come
 * from the same version, seed, scale, replicate count and scenario files.
 */
export async function mergeCommand(args: MergeArgs, argv: string[], print: (s: string) => void): Promise<string> {
  const appraisal = parseAppraisalYear(args.appraisalYear, new Date());
  const merged = await mergeShards(args.shards, args.out, argv, appraisal, diagnosticsFiles);
  const { replicates, scale } = merged.record;
  const { declared } = merged.base;
  if ('results' in merged) print(runTable(merged.results, declared.report.runTable, replicates, scale));
  else print(compareTable(merged.summary, declared.outcomes, replicates, scale));
  print(`\n${wroteFolder(args.out, merged.files)}\n`);
  return args.out;
}
