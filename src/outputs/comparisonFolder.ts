import type { Declarations } from '../model/outcomeDeclarations.js';
import type { PreparedScenario } from '../runs/prepare.js';
import { annualCsv, replicatesCsv, type ScenarioResults } from '../results/annualTables.js';
import { comparisonCsv } from '../results/comparison.js';
import type { UncertaintySummary } from '../results/psaIntervals.js';
import { comparisonSummary, type ComparisonSummary } from '../results/comparisonSummary.js';
import { appraisalRecord, type Appraisal, type DiscountSchedule } from '../results/discounting.js';
import { entriesAfterIn, leversCsv, type EntriesAfter } from '../results/leversTable.js';
import { regionalCsv, regionalEffects, regionalEffectsCsv, type RegionalResults } from '../results/regionalTables.js';
import { regionalResults } from './regionalResults.js';
import { policyStartOf } from '../results/years.js';
import { writeFolderAtomically, writeFolderAtomicallyThen, type FileContent } from './folder.js';
import { manifestHeader, parametersOf, priceYearStatement, scenarioForManifest, targetsForManifest, type ManifestScenario, type ManifestTargets, type RunRecord } from './manifest.js';
import { restoreValues, type StoredReplicate } from './shardFolder.js';

/** manifest.json of a comparison folder: the baseline and every scenario. */
export interface ComparisonManifest {
  tool: string;
  version: string;
  command: string;
  /** The comparison's own title (compare --title), when given. */
  title?: string;
  baseline: string;
  scenarios: (ManifestScenario & { events: number })[];
  seed: number;
  replicates: number;
  scale: number;
  common_random_numbers: boolean;
  discounting: { file: string; name: string; version: string };
  /** The year present values are discounted to, whether it was the default (the financial year the comparison ran in), and the schedule. */
  appraisal: ReturnType<typeof appraisalRecord>;
  calendar: { start: string; warmupYears: number; horizonYears: number };
  years: string[];
  declarations: Declarations;
  targets?: ManifestTargets;
  started: string;
  finished: string;
}

/** One scenario of a comparison, with its replicates gathered. */
export interface ComparedScenario {
  prepared: PreparedScenario;
  results: ScenarioResults;
  /** Area by area (null without areas). */
  regional: RegionalResults | null;
  /** Children entering states once a lever is in force, summed over replicates (levers.csv's evidence it was read). */
  entriesAfter: EntriesAfter;
  events: number;
}

export function comparisonManifest(ran: ComparedScenario[], record: RunRecord, crn: boolean, schedule: DiscountSchedule, appraisal: Appraisal): ComparisonManifest {
  const base = ran[0]!.prepared;
  return {
    ...manifestHeader(record.argv),
    ...(record.title ? { title: record.title } : {}),
    baseline: base.scenario.name,
    scenarios: ran.map((r) => ({ name: r.prepared.scenario.name, ...scenarioForManifest(r.prepared), files: r.prepared.files, parameters: parametersOf(r.prepared), events: r.events })),
    seed: record.seed,
    replicates: record.replicates,
    scale: record.scale,
    common_random_numbers: crn,
    discounting: { file: schedule.file, name: schedule.name, version: schedule.version },
    appraisal: appraisalRecord(schedule, appraisal),
    calendar: base.scenario.calendar,
    years: base.grid.labels,
    declarations: base.declared,
    ...(base.targets ? { targets: targetsForManifest(base.targets) } : {}),
    started: record.started.toISOString(),
    finished: new Date().toISOString(),
  };
}

/** Gathers each scenario's stored replicates (in replicate order) into its results, entries and events. */
function gather(scenarios: PreparedScenario[], stored: StoredReplicate[]): ComparedScenario[] {
  const ordered = [...stored].sort((a, b) => a.scenario - b.scenario || a.replicate - b.replicate);
  return scenarios.map((p, k) => {
    const mine = ordered.filter((s) => s.scenario === k);
    return {
      prepared: p,
      results: { scenario: p.scenario.name, years: p.grid.labels, metrics: p.metrics, byReplicate: mine.map(restoreValues) },
      regional: regionalResults(p, mine),
      entriesAfter: storedEntriesAfter(p, mine),
      events: mine.reduce((a, s) => a + s.events, 0),
    };
  });
}

/** Entries after a day from stored replicates: the scenario's epochs, or (with areas) each replicate's own epochs in the area. */
export function storedEntriesAfter(p: PreparedScenario, mine: StoredReplicate[]): EntriesAfter {
  const nStates = p.model.states.length;
  return (area, states, fromDay) =>
    mine.reduce((acc, s) => {
      if (area === null) return acc + entriesAfterIn(p.epochs.map((e) => e.start), s.entries, nStates, states, fromDay);
      const a = s.areas![area]!;
      return acc + entriesAfterIn(a.epochStarts.map((d) => d ?? -Infinity), a.entries, nStates, states, fromDay);
    }, 0);
}

/** A comparison's PSA as the folder holds it (analysis/comparisonPsa.ts makes it): summary.json's `uncertainty`, its files, the manifest's record. */
export interface PsaOutputs {
  summary: UncertaintySummary;
  files: Map<string, FileContent>;
  manifest: Record<string, unknown>;
}

/**
 * Writes a comparison folder (manifest.json, annual.csv, replicates.csv, comparison.csv,
 * summary.json, levers.csv) from every replicate of every scenario, baseline first, with present
 * values discounted to the appraisal year; `finish` adds to it (the briefing) before it is
 * published. Returns the summary and file names.
 */
export async function writeComparisonFolder(
  out: string,
  scenarios: PreparedScenario[],
  stored: StoredReplicate[],
  record: RunRecord,
  crn: boolean,
  schedule: DiscountSchedule,
  appraisal: Appraisal,
  psa?: PsaOutputs,
  finish?: (staged: string) => Promise<void>,
): Promise<{ summary: ComparisonSummary; files: string[] }> {
  const ran = gather(scenarios, stored);
  const results = ran.map((r) => r.results);
  const declared = scenarios[0]!.declared.outcomes;
  const fromPsa = psa ?? null;
  const summary: ComparisonSummary = {
    ...comparisonSummary(results, record.replicates, crn, { schedule, appraisal, starts: scenarios.map((s) => policyStartOf(s, scenarios[0])) }, declared, priceYearStatement(scenarios[0]!)),
    ...(fromPsa ? { uncertainty: fromPsa.summary } : {}),
  };
  const manifest = { ...comparisonManifest(ran, record, crn, schedule, appraisal), ...(fromPsa ? { psa: fromPsa.manifest } : {}) };
  const files = new Map<string, FileContent>([
    ['manifest.json', JSON.stringify(manifest, null, 2) + '\n'],
    ['annual.csv', annualCsv(results)],
    ['replicates.csv', () => replicatesCsv(results)],
    ['comparison.csv', comparisonCsv(results[0]!, results.slice(1))],
    ['summary.json', JSON.stringify(summary, null, 2) + '\n'],
    ['levers.csv', leversCsv(ran)],
  ]);
  const regional = ran.map((r) => r.regional);
  if (regional.every((r) => r !== null)) {
    files.set('regional.csv', regionalCsv(regional));
    files.set('regional-effects.csv', regionalEffectsCsv(regionalEffects(regional[0]!, regional.slice(1))));
  }
  for (const [name, content] of fromPsa?.files ?? []) files.set(name, content);
  // With a briefing to add (finish), the folder is published only once the briefing is in it.
  if (finish) await writeFolderAtomicallyThen(out, files, finish);
  else writeFolderAtomically(out, files);
  return { summary, files: [...files.keys()] };
}
