import path from 'node:path';
import { prepareScenario, runAll } from '../pipeline.js';
import { defaultWorkers } from '../parallel/replicatePool.js';
import type { TraceRow } from '../model/trace.js';
import { parametersForManifest } from '../parameters/resolveParameters.js';
import { annualCsv, meanOf, replicatesCsv, type ScenarioResults } from '../results/annualTables.js';
import { toCsv } from '../results/csv.js';
import { summarise } from '../results/statistics.js';
import { defaultOutputDir, writeFolderAtomically } from '../results/outputFolder.js';
import { parseReplicates, parseScale, parseSeed, parseTrace, parseWorkers } from './options.js';
import { TOOL, VERSION } from '../version.js';

export interface RunArgs {
  scenario: string;
  replicates: unknown;
  seed: unknown;
  scale: unknown;
  out?: string;
  trace?: unknown;
  workers?: unknown;
}

/** `ehsim run`: simulate a scenario and write its run folder. Returns the folder. */
export async function runCommand(args: RunArgs, argv: string[], print: (s: string) => void): Promise<string> {
  const replicates = parseReplicates(args.replicates);
  const seed = parseSeed(args.seed);
  const scale = parseScale(args.scale);
  const traceChildren = parseTrace(args.trace);
  const workers = parseWorkers(args.workers, defaultWorkers());
  const started = new Date();
  const prepared = prepareScenario(args.scenario);

  const byReplicate: Float64Array[][] = [];
  const trace: TraceRow[] = [];
  let events = 0;
  await runAll([{ prepared, file: args.scenario }], { replicates, seed, scale, traceChildren, workers }, (_k, _r, out) => {
    byReplicate.push(out.values);
    events += out.events;
    trace.push(...out.trace);
  });
  const results: ScenarioResults = { scenario: prepared.scenario.name, years: prepared.grid.labels, metrics: prepared.metrics, byReplicate };

  const finished = new Date();
  const out = args.out ?? defaultOutputDir(prepared.scenario.name, started);
  const manifest = {
    tool: TOOL,
    version: VERSION,
    command: ['ehsim', ...argv].join(' '),
    scenario: prepared.scenario.name,
    seed,
    replicates,
    scale,
    calendar: prepared.scenario.calendar,
    years: prepared.grid.labels,
    files: prepared.files,
    parameters: parametersForManifest(prepared.parameters),
    events,
    started: started.toISOString(),
    finished: finished.toISOString(),
  };
  const files = new Map<string, string>([
    ['manifest.json', JSON.stringify(manifest, null, 2) + '\n'],
    ['annual.csv', annualCsv([results])],
    ['replicates.csv', replicatesCsv([results])],
  ]);
  if (traceChildren > 0) {
    files.set(
      'trace.csv',
      toCsv(
        ['replicate', 'child', 'day', 'date', 'event', 'from_state', 'to_state', 'attributes'],
        trace.map((t) => [t.replicate, t.child, t.day, t.date, t.event, t.from, t.to, t.attributes]),
      ),
    );
  }
  writeFolderAtomically(out, files);
  print(headline(results, replicates, scale));
  print(`\nWrote ${path.relative(process.cwd(), path.resolve(out)) || out}/ (manifest.json, annual.csv, replicates.csv${traceChildren > 0 ? ', trace.csv' : ''})\n`);
  return out;
}

const HEADLINE: [string, string, 'count' | 'rate' | 'money'][] = [
  ['referrals', 'Referrals', 'count'],
  ['rereferral_rate_12m', 'Re-referred within 12 months (share)', 'rate'],
  ['referrals_nfa', 'No further action at referral', 'count'],
  ['assessed_not_in_need', 'Assessed not in need', 'count'],
  ['step_downs', 'Stepped down to early help', 'count'],
  ['closed_no_service_rereferred_12m_rate', 'Closed without help, back within 12 months', 'rate'],
  ['early_help_children_in_year', 'Children in targeted early help in year', 'count'],
  ['early_help_waiting_31_march', 'Waiting for early help at 31 March', 'count'],
  ['cin_in_year', 'Children in need during year', 'count'],
  ['cin_31_march', 'Children in need at 31 March', 'count'],
  ['cp_starts', 'Child protection plans started', 'count'],
  ['cla_starts', 'Children starting to be looked after', 'count'],
  ['cla_31_march', 'Looked after at 31 March', 'count'],
  ['prevention_ratio', 'Prevention ratio (early help : in need)', 'rate'],
  ['cost_total', 'Cost, all categories (GBP)', 'money'],
];

function headline(res: ScenarioResults, replicates: number, scale: number): string {
  const fmt = (v: number, kind: string) =>
    kind === 'rate' ? v.toFixed(3) : kind === 'money' ? `£${(v / 1e9).toFixed(2)}bn` : Math.round(v).toLocaleString('en-GB');
  const lines = [`${res.scenario}, ${res.years[0]} (mean of ${replicates} replicate${replicates > 1 ? 's' : ''} at scale ${scale}; 95% interval)`];
  for (const [metric, label, kind] of HEADLINE) {
    const m = res.metrics.indexOf(metric);
    if (m < 0) continue;
    const s = summarise(res.byReplicate.map((rep) => rep[0]![m]!));
    const interval = replicates > 1 ? `  (${fmt(s.lo95, kind)} to ${fmt(s.hi95, kind)})` : '';
    lines.push(`  ${label.padEnd(46)} ${fmt(meanOf(res, 0, metric), kind).padStart(12)}${interval}`);
  }
  return lines.join('\n');
}
