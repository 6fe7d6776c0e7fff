import type { Declarations } from '../model/outcomeDeclarations.js';
import type { PreparedScenario } from '../runs/prepare.js';
import { annualCsv, replicatesCsv, type ScenarioResults } from '../results/annualTables.js';
import { toCsv } from '../results/csv.js';
import type { TraceRow } from '../simulation/trace.js';
import { writeFolderAtomically, type FileContent } from './folder.js';
import { manifestHeader, parametersOf, scenarioForManifest, targetsForManifest, type ManifestParameters, type ManifestScenario, type ManifestTargets, type RunRecord } from './manifest.js';
import { restoreValues, type StoredReplicate } from './shardFolder.js';
import { regionalResults } from './regionalResults.js';
import { regionalCsv } from '../results/regionalTables.js';

/** manifest.json of a run folder: one scenario, at the top level. */
export interface RunManifest extends Omit<ManifestScenario, 'name'> {
  tool: string;
  version: string;
  command: string;
  scenario: string;
  seed: number;
  replicates: number;
  scale: number;
  calendar: { start: string; warmupYears: number; horizonYears: number };
  years: string[];
  declarations: Declarations;
  targets?: ManifestTargets;
  parameters: ManifestParameters;
  events: number;
  started: string;
  finished: string;
}

export function runManifest(p: PreparedScenario, events: number, record: RunRecord): RunManifest {
  return {
    ...manifestHeader(record.argv),
    scenario: p.scenario.name,
    ...scenarioForManifest(p),
    seed: record.seed,
    replicates: record.replicates,
    scale: record.scale,
    calendar: p.scenario.calendar,
    years: p.grid.labels,
    declarations: p.declared,
    ...(p.targets ? { targets: targetsForManifest(p.targets) } : {}),
    files: p.files,
    parameters: parametersOf(p),
    events,
    started: record.started.toISOString(),
    finished: new Date().toISOString(),
  };
}

const TRACE_HEADER = ['replicate', 'child', 'day', 'date', 'event', 'from_state', 'to_state', 'attributes'];

/**
 * Writes a run folder (manifest.json, annual.csv, replicates.csv, trace.csv when traced, and any
 * `extra` files, such as the diagnostics) from every replicate; returns its results and file names.
 */
export function writeRunFolder(
  out: string,
  prepared: PreparedScenario,
  stored: StoredReplicate[],
  record: RunRecord,
  extra: Map<string, FileContent> = new Map(),
): { results: ScenarioResults; files: string[] } {
  const ordered = [...stored].sort((a, b) => a.replicate - b.replicate);
  const results: ScenarioResults = { scenario: prepared.scenario.name, years: prepared.grid.labels, metrics: prepared.metrics, byReplicate: ordered.map(restoreValues) };
  const events = ordered.reduce((a, s) => a + s.events, 0);
  const files = new Map<string, FileContent>([
    ['manifest.json', JSON.stringify(runManifest(prepared, events, record), null, 2) + '\n'],
    ['annual.csv', annualCsv([results])],
    ['replicates.csv', () => replicatesCsv([results])],
  ]);
  const regional = regionalResults(prepared, ordered);
  if (regional) files.set('regional.csv', regionalCsv([regional]));
  if (record.traceChildren > 0) {
    const trace: TraceRow[] = ordered.flatMap((s) => s.trace);
    files.set('trace.csv', toCsv(TRACE_HEADER, trace.map((t) => [t.replicate, t.child, t.day, t.date, t.event, t.from, t.to, t.attributes])));
  }
  for (const [name, content] of extra) files.set(name, content);
  writeFolderAtomically(out, files);
  return { results, files: [...files.keys()] };
}
