import path from 'node:path';
import { checkComparable, discountScheduleOf, prepareScenario, runAll, scenarioForManifest, targetsForManifest, type PreparedScenario } from '../pipeline.js';
import { defaultWorkers } from '../parallel/replicatePool.js';
import { parametersForManifest } from '../parameters/resolveParameters.js';
import { annualCsv, replicatesCsv, type ScenarioResults } from '../results/annualTables.js';
import { comparisonCsv, cumulativeByYear, horizonSummary, type HorizonSummary } from '../results/comparison.js';
import { toCsv } from '../results/csv.js';
import { discountFactors, readDiscountSchedule } from '../results/discounting.js';
import { summaryDefinitions } from '../results/summaryDefinitions.js';
import { compareTable } from '../report/terminal.js';
import { defaultOutputDir, writeFolderAtomically, type FileContent } from '../results/outputFolder.js';
import { restoreValues, storeReplicate, type StoredReplicate } from '../results/shardFolder.js';
import { TOOL, VERSION } from '../version.js';
import { parseReplicates, parseScale, parseSeed, parseWorkers } from './options.js';
import { writeShard, type RunMeta } from './runCommand.js';
import { resolveShard, shardReplicates } from './shard.js';
import { onInterrupt } from './interrupt.js';
import { progressBar } from './progress.js';
import { reportCommand } from './reportCommand.js';

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
}

interface Ran {
  prepared: PreparedScenario;
  results: ScenarioResults;
  /** Sum over replicates of entries into each state in each epoch. */
  entries: Float64Array;
  events: number;
}

/** `ehsim compare`: every scenario against the baseline, paired by replicate with common random numbers. */
export async function compareCommand(args: CompareArgs, argv: string[], print: (s: string) => void): Promise<string> {
  const replicates = parseReplicates(args.replicates);
  const seed = parseSeed(args.seed);
  const scale = parseScale(args.scale);
  const workers = parseWorkers(args.workers, defaultWorkers());
  const shard = resolveShard(args.shard, process.env);
  const meta: RunMeta = { argv, seed, replicates, scale, traceChildren: 0, started: new Date() };

  const files = [args.baseline, ...args.scenarios];
  const scenarios = files.map((file) => ({ file, prepared: prepareScenario(file) }));
  checkComparable(scenarios);
  const schedule = discountScheduleOf(scenarios[0]!);

  const stored: StoredReplicate[] = [];
  const only = shardReplicates(replicates, shard);
  const bar = progressBar(only.length * scenarios.length, 'compare');
  try {
    await runAll(
      scenarios.map((s) => ({ prepared: s.prepared, file: s.file, streamSalt: args.crn ? '' : s.prepared.scenario.name })),
      { replicates, seed, scale, workers, only, onInterrupt },
      (k, r, out) => {
        stored.push(storeReplicate(k, r, out));
        bar.tick();
      },
    );
  } finally {
    bar.stop();
  }
  if (shard) return writeShard('compare', args.out, scenarios, stored, shard, meta, args.crn, print);
  const out = args.out ?? defaultOutputDir(`compare-${scenarios[0]!.prepared.scenario.name}`, meta.started);
  writeCompareOutputs(out, scenarios, stored, meta, args.crn, schedule, print);
  if (args.briefing !== false) await reportCommand({ dir: out }, print);
  return out;
}

/** Writes a comparison folder from every replicate of every scenario (used by compare and by merge). */
export function writeCompareOutputs(
  out: string,
  scenarios: { file: string; prepared: PreparedScenario }[],
  stored: StoredReplicate[],
  meta: RunMeta,
  crn: boolean,
  schedule: ReturnType<typeof readDiscountSchedule>,
  print: (s: string) => void,
): void {
  const { replicates, seed, scale, started } = meta;
  const base = scenarios[0]!.prepared;
  const factors = discountFactors(schedule, base.grid.labels.length);
  const ordered = [...stored].sort((a, b) => a.scenario - b.scenario || a.replicate - b.replicate);
  const ran: Ran[] = scenarios.map(({ prepared: p }, k) => {
    const mine = ordered.filter((s) => s.scenario === k);
    const entries = new Float64Array(p.epochs.length * p.model.states.length);
    for (const s of mine) s.entries.forEach((v, i) => (entries[i]! += v));
    return {
      prepared: p,
      results: { scenario: p.scenario.name, years: p.grid.labels, metrics: p.metrics, byReplicate: mine.map(restoreValues) },
      entries,
      events: mine.reduce((a, s) => a + s.events, 0),
    };
  });
  const results = ran.map((r) => r.results);
  const others = results.slice(1);

  const summary: Record<string, HorizonSummary> = {};
  const declared = base.declared.outcomes;
  for (const res of others) summary[res.scenario] = horizonSummary(results[0]!, res, factors, declared);
  const byYear = Object.fromEntries(others.map((res) => [res.scenario, cumulativeByYear(results[0]!, res, factors, declared)]));
  const summaryJson = {
    baseline: results[0]!.scenario,
    horizon: `${base.grid.labels[0]} to ${base.grid.labels.at(-1)}`,
    replicates,
    common_random_numbers: crn,
    price_year: 'as sourced: each unit cost keeps the price year stated in its parameter (see manifest.json); no deflation is applied',
    discounting: {
      schedule: schedule.name,
      version: schedule.version,
      source: schedule.source,
      rates: schedule.schedule,
      base_year: base.grid.labels[0],
      factors: Object.fromEntries(base.grid.labels.map((y, i) => [y, factors[i]])),
    },
    definitions: summaryDefinitions(declared),
    scenarios: summary,
    cumulative_by_year: byYear,
  };

  const finished = new Date();
  const manifest = {
    tool: TOOL,
    version: VERSION,
    command: ['ehsim', ...meta.argv].join(' '),
    baseline: base.scenario.name,
    scenarios: ran.map((r) => ({
      name: r.prepared.scenario.name,
      ...scenarioForManifest(r.prepared),
      files: r.prepared.files,
      parameters: parametersForManifest(r.prepared.parameters),
      events: r.events,
    })),
    seed,
    replicates,
    scale,
    common_random_numbers: crn,
    discounting: { file: schedule.file, name: schedule.name, version: schedule.version },
    calendar: base.scenario.calendar,
    years: base.grid.labels,
    declarations: base.declared,
    ...(base.targets ? { targets: targetsForManifest(base.targets) } : {}),
    started: started.toISOString(),
    finished: finished.toISOString(),
  };
  writeFolderAtomically(
    out,
    new Map<string, FileContent>([
      ['manifest.json', JSON.stringify(manifest, null, 2) + '\n'],
      ['annual.csv', annualCsv(results)],
      ['replicates.csv', () => replicatesCsv(results)],
      ['comparison.csv', comparisonCsv(results[0]!, others)],
      ['summary.json', JSON.stringify(summaryJson, null, 2) + '\n'],
      ['levers.csv', leversCsv(ran)],
    ]),
  );
  print(compareTable(summary, declared, replicates, scale, base.grid.labels));
  print(`\nWrote ${path.relative(process.cwd(), path.resolve(out)) || out}/ (manifest.json, annual.csv, replicates.csv, comparison.csv, summary.json, levers.csv)\n`);
}

/** levers.csv: every parameter each scenario changed, from when, old and new values, and evidence it was read. */
function leversCsv(ran: Ran[]): string {
  const rows: (string | number)[][] = [];
  for (const { prepared: p, entries } of ran) {
    const nStates = p.model.states.length;
    for (const plan of p.levers) {
      const l = plan.lever;
      const { line } = l.origin.locate(['policy', l.index]);
      const readers = p.readersOf(l.entry.parameter);
      const states = new Set<number>();
      for (const r of readers) {
        const parts = r.split('.');
        if (parts[0] === 'states') states.add(p.model.stateIndex.get(parts[1]!)!);
        else if (parts[0] === 'arrivals') states.add(p.model.arrivals[Number(parts[1])]!.to);
      }
      let after = 0;
      p.epochs.forEach((e, k) => {
        if (k > 0 && e.start >= plan.fromDay) for (const s of states) after += entries[k * nStates + s]!;
      });
      const annual = readers.some((r) => r.startsWith('annualCosts.'));
      rows.push([
        p.scenario.name,
        l.entry.name,
        l.entry.parameter,
        l.entry.from,
        l.entry.rampYears ?? 0,
        plan.oldValue,
        plan.newValue,
        `${l.origin.file}:${line}`,
        readers.join(';'),
        states.size ? after : annual ? 'charged yearly' : '',
      ]);
    }
  }
  return toCsv(['scenario', 'lever', 'parameter', 'from', 'ramp_years', 'old_value', 'new_value', 'declared_at', 'read_by', 'entries_after'], rows);
}
