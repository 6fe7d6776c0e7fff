import path from 'node:path';
import type { TraceRow } from '../simulation/trace.js';
import { defaultWorkers } from '../parallel/replicatePool.js';
import { parametersForManifest } from '../parameters/resolveParameters.js';
import { prepareScenario, runAll, scenarioForManifest, targetsForManifest, type PreparedScenario } from '../pipeline.js';
import { annualCsv, replicatesCsv, type ScenarioResults } from '../results/annualTables.js';
import { toCsv } from '../results/csv.js';
import { defaultOutputDir, writeFolderAtomically, type FileContent } from '../results/outputFolder.js';
import { restoreValues, storeReplicate, type ShardManifest, type StoredReplicate } from '../results/shardFolder.js';
import { runTable } from '../report/terminal.js';
import { TOOL, VERSION } from '../version.js';
import { parseReplicates, parseScale, parseSeed, parseTrace, parseWorkers } from './options.js';
import { resolveShard, shardReplicates, type Shard } from './shard.js';
import { onInterrupt } from './interrupt.js';
import { progressBar } from './progress.js';

export interface RunArgs {
  scenario: string;
  replicates: unknown;
  seed: unknown;
  scale: unknown;
  out?: string;
  trace?: unknown;
  workers?: unknown;
  shard?: unknown;
}

export interface RunMeta {
  argv: string[];
  seed: number;
  replicates: number;
  scale: number;
  traceChildren: number;
  started: Date;
}

/** `ehsim run`: simulate a scenario and write its run folder (or, with a shard, a shard folder). Returns the folder. */
export async function runCommand(args: RunArgs, argv: string[], print: (s: string) => void): Promise<string> {
  const replicates = parseReplicates(args.replicates);
  const seed = parseSeed(args.seed);
  const scale = parseScale(args.scale);
  const traceChildren = parseTrace(args.trace);
  const workers = parseWorkers(args.workers, defaultWorkers());
  const shard = resolveShard(args.shard, process.env);
  const meta: RunMeta = { argv, seed, replicates, scale, traceChildren, started: new Date() };
  const prepared = prepareScenario(args.scenario);

  const stored: StoredReplicate[] = [];
  const only = shardReplicates(replicates, shard);
  const bar = progressBar(only.length, prepared.scenario.name);
  try {
    await runAll([{ prepared, file: args.scenario }], { replicates, seed, scale, traceChildren, workers, only, onInterrupt }, (k, r, out) => {
      stored.push(storeReplicate(k, r, out));
      bar.tick();
    });
  } finally {
    bar.stop();
  }
  if (shard) return writeShard('run', args.out, [{ file: args.scenario, prepared }], stored, shard, meta, true, print);
  const out = args.out ?? defaultOutputDir(prepared.scenario.name, meta.started);
  writeRunOutputs(out, prepared, stored, meta, print);
  return out;
}

/** Writes a run folder from every replicate's results (used by run and by merge). */
export function writeRunOutputs(out: string, prepared: PreparedScenario, stored: StoredReplicate[], meta: RunMeta, print: (s: string) => void): void {
  const ordered = [...stored].sort((a, b) => a.replicate - b.replicate);
  const byReplicate = ordered.map(restoreValues);
  const trace: TraceRow[] = ordered.flatMap((s) => s.trace);
  const events = ordered.reduce((a, s) => a + s.events, 0);
  const results: ScenarioResults = { scenario: prepared.scenario.name, years: prepared.grid.labels, metrics: prepared.metrics, byReplicate };
  const manifest = {
    tool: TOOL,
    version: VERSION,
    command: ['ehsim', ...meta.argv].join(' '),
    scenario: prepared.scenario.name,
    ...scenarioForManifest(prepared),
    seed: meta.seed,
    replicates: meta.replicates,
    scale: meta.scale,
    calendar: prepared.scenario.calendar,
    years: prepared.grid.labels,
    declarations: prepared.declared,
    ...(prepared.targets ? { targets: targetsForManifest(prepared.targets) } : {}),
    files: prepared.files,
    parameters: parametersForManifest(prepared.parameters),
    events,
    started: meta.started.toISOString(),
    finished: new Date().toISOString(),
  };
  const files = new Map<string, FileContent>([
    ['manifest.json', JSON.stringify(manifest, null, 2) + '\n'],
    ['annual.csv', annualCsv([results])],
    ['replicates.csv', () => replicatesCsv([results])],
  ]);
  if (meta.traceChildren > 0) {
    files.set(
      'trace.csv',
      toCsv(
        ['replicate', 'child', 'day', 'date', 'event', 'from_state', 'to_state', 'attributes'],
        trace.map((t) => [t.replicate, t.child, t.day, t.date, t.event, t.from, t.to, t.attributes]),
      ),
    );
  }
  writeFolderAtomically(out, files);
  print(runTable(results, prepared.declared.report.runTable, meta.replicates, meta.scale));
  print(`\nWrote ${path.relative(process.cwd(), path.resolve(out)) || out}/ (manifest.json, annual.csv, replicates.csv${meta.traceChildren > 0 ? ', trace.csv' : ''})\n`);
}

/** Writes a shard folder: its replicates, losslessly, and what merge must check. */
export function writeShard(
  kind: 'run' | 'compare',
  outArg: string | undefined,
  scenarios: { file: string; prepared: PreparedScenario }[],
  stored: StoredReplicate[],
  shard: Shard,
  meta: RunMeta,
  crn: boolean,
  print: (s: string) => void,
): string {
  const first = scenarios[0]!.prepared.scenario.name;
  const out = outArg ?? `${defaultOutputDir(kind === 'run' ? first : `compare-${first}`, meta.started)}-shard-${shard.index}-of-${shard.count}`;
  const manifest: ShardManifest = {
    tool: TOOL,
    version: VERSION,
    kind,
    command: ['ehsim', ...meta.argv].join(' '),
    shard,
    seed: meta.seed,
    replicates: meta.replicates,
    scale: meta.scale,
    traceChildren: meta.traceChildren,
    crn,
    scenarios: scenarios.map((s) => ({ file: s.file, name: s.prepared.scenario.name, files: s.prepared.files })),
    started: meta.started.toISOString(),
    finished: new Date().toISOString(),
  };
  writeFolderAtomically(
    out,
    new Map([
      ['manifest.json', JSON.stringify(manifest, null, 2) + '\n'],
      ['shard.json', JSON.stringify({ results: stored }) + '\n'],
    ]),
  );
  const reps = [...new Set(stored.map((s) => s.replicate))];
  print(`Shard ${shard.index} of ${shard.count} (from ${shard.from}): replicates ${reps.join(', ') || 'none'}. Wrote ${out}/; combine the shards with 'ehsim merge <shard dirs> --out DIR'.`);
  return out;
}
