import { readShardFolder, type ShardData, type StoredReplicate } from '../results/shardFolder.js';
import { InputError } from '../scenario/inputError.js';
import { checkComparable, discountScheduleOf, prepareScenario } from '../pipeline.js';
import { writeCompareOutputs } from './compareCommand.js';
import { writeRunOutputs, type RunMeta } from './runCommand.js';

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
  const shards = args.shards.map((dir) => ({ dir, data: readShardFolder(dir) }));
  const first = shards[0]!;
  const m0 = first.data.manifest;
  const same = (dir: string, data: ShardData, field: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new InputError(dir, `does not match ${first.dir}: ${field} differs (${JSON.stringify(a)} vs ${JSON.stringify(b)})`);
    void data;
  };
  for (const { dir, data } of shards.slice(1)) {
    const m = data.manifest;
    same(dir, data, 'tool version', m.version, m0.version);
    same(dir, data, 'command kind', m.kind, m0.kind);
    same(dir, data, 'seed', m.seed, m0.seed);
    same(dir, data, 'replicates', m.replicates, m0.replicates);
    same(dir, data, 'scale', m.scale, m0.scale);
    same(dir, data, 'trace', m.traceChildren, m0.traceChildren);
    same(dir, data, 'common random numbers', m.crn, m0.crn);
    same(dir, data, 'shard count', m.shard.count, m0.shard.count);
    same(dir, data, 'scenarios and their sha256', m.scenarios, m0.scenarios);
  }

  const seen = new Map<string, string>();
  const stored: StoredReplicate[] = [];
  for (const { dir, data } of shards) {
    for (const s of data.results) {
      const key = `${s.scenario}/${s.replicate}`;
      const other = seen.get(key);
      if (other) throw new InputError(dir, `replicate ${s.replicate} of ${m0.scenarios[s.scenario]?.name} is also in ${other}: each replicate must appear exactly once`);
      seen.set(key, dir);
      stored.push(s);
    }
  }
  const missing: string[] = [];
  m0.scenarios.forEach((sc, k) => {
    for (let r = 0; r < m0.replicates; r++) if (!seen.has(`${k}/${r}`)) missing.push(`${sc.name} replicate ${r}`);
  });
  if (missing.length) {
    throw new InputError('', `cannot merge: missing ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''} (give every shard folder of the run)`);
  }

  const scenarios = m0.scenarios.map((sc) => {
    const prepared = prepareScenario(sc.file);
    if (JSON.stringify(prepared.files) !== JSON.stringify(sc.files)) {
      throw new InputError(sc.file, 'has changed since the shards ran (its sha256, or that of a file it reads, differs from the shard manifests)');
    }
    return { file: sc.file, prepared };
  });
  const started = new Date(Math.min(...shards.map((s) => Date.parse(s.data.manifest.started))));
  const meta: RunMeta = { argv, seed: m0.seed, replicates: m0.replicates, scale: m0.scale, traceChildren: m0.traceChildren, started };
  if (m0.kind === 'run') writeRunOutputs(args.out, scenarios[0]!.prepared, stored, meta, print);
  else {
    checkComparable(scenarios);
    writeCompareOutputs(args.out, scenarios, stored, meta, m0.crn, discountScheduleOf(scenarios[0]!), print);
  }
  return args.out;
}
