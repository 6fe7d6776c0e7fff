import { wroteFolder } from '../outputs/folder.js';
import { mergeShards } from '../outputs/mergeShards.js';
import { comparisonHeadline, runHeadline } from '../report/terminal.js';

export interface MergeArgs {
  shards: string[];
  out: string;
}

/**
 * `ehsim merge`: combines shard folders into exactly what one run would have
 * written. Every replicate must appear exactly once, and every shard must come
 * from the same version, seed, scale, replicate count and scenario files.
 */
export async function mergeCommand(args: MergeArgs, argv: string[], print: (s: string) => void): Promise<string> {
  const merged = mergeShards(args.shards, args.out, argv);
  const { replicates, scale } = merged.record;
  if ('results' in merged) print(runHeadline(merged.results, replicates, scale));
  else print(comparisonHeadline(merged.summary, scale));
  print(`\n${wroteFolder(args.out, merged.files)}\n`);
  return args.out;
}
