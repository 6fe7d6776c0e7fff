import { defaultOutputDir, wroteFolder } from '../outputs/folder.js';
import type { RunRecord } from '../outputs/manifest.js';
import { writeRunFolder } from '../outputs/runFolder.js';
import { storeReplicate, writeShardFolder, type StoredReplicate } from '../outputs/shardFolder.js';
import { diagnosticsFiles } from '../report/diagnosticsChart.js';
import { runTable } from '../report/terminal.js';
import { defaultWorkers } from '../runs/pool.js';
import { prepareScenario } from '../runs/prepare.js';
import { argumentError } from '../scenario/inputError.js';
import { runScenarios } from '../runs/runScenarios.js';
import { onInterrupt } from './interrupt.js';
import { parseReplicates, parseScale, parseSeed, parseTrace, parseWorkers } from './options.js';
import { progressBar } from './progress.js';
import { resolveShard, shardMessage, shardReplicates } from './shard.js';

export interface RunArgs {
  scenario: string;
  replicates: unknown;
  seed: unknown;
  scale: unknown;
  out?: string;
  trace?: unknown;
  workers?: unknown;
  shard?: unknown;
  diagnostics?: boolean;
}

/** `ehsim run`: simulate a scenario and write its run folder (or, with a shard, a shard folder). Returns the folder. */
export async function runCommand(args: RunArgs, argv: string[], print: (s: string) => void): Promise<string> {
  const record: RunRecord = { argv, seed: parseSeed(args.seed), replicates: parseReplicates(args.replicates), scale: parseScale(args.scale), traceChildren: parseTrace(args.trace), started: new Date() };
  const workers = parseWorkers(args.workers, defaultWorkers());
  const shard = resolveShard(args.shard, process.env);
  const scenarios = [{ file: args.scenario, prepared: prepareScenario(args.scenario) }];
  if (args.diagnostics) {
    if (!scenarios[0]!.prepared.model.diagnostics) throw argumentError(`--diagnostics: the model file ${scenarios[0]!.prepared.scenario.modelFile} declares no 'diagnostics:' block (see docs/model.md)`);
    record.diagnostics = true;
  }

  const stored: StoredReplicate[] = [];
  const replicates = shardReplicates(record.replicates, shard);
  const bar = progressBar(replicates.length, scenarios[0]!.prepared.scenario.name);
  try {
    await runScenarios(scenarios, { ...record, replicates, workers, onInterrupt }, (k, r, out) => {
      stored.push(storeReplicate(k, r, out));
      bar.tick();
    });
  } finally {
    bar.stop();
  }
  if (shard) {
    const out = writeShardFolder('run', args.out, scenarios, stored, shard, record, true);
    print(shardMessage(shard, stored, out));
    return out;
  }
  const out = args.out ?? defaultOutputDir(scenarios[0]!.prepared.scenario.name, record.started);
  const extra = record.diagnostics ? await diagnosticsFiles(scenarios[0]!.prepared, stored, record) : undefined;
  const { results, files } = writeRunFolder(out, scenarios[0]!.prepared, stored, record, extra);
  const calibrated = [...new Set((scenarios[0]!.prepared.targets?.targets ?? []).map((t) => t.year))];
  print(runTable(results, scenarios[0]!.prepared.declared.report.runTable, record.replicates, record.scale, calibrated));
  print(`\n${wroteFolder(out, files)}\n`);
  return out;
}
