import type { PreparedScenario } from '../runs/prepare.js';
import type { RegionalResults } from '../results/regionalTables.js';
import { restoreAreaValues, type StoredReplicate } from './shardFolder.js';

/** A scenario's results area by area, from its stored replicates (null without areas). */
export function regionalResults(prepared: PreparedScenario, stored: StoredReplicate[]): RegionalResults | null {
  if (!prepared.areas) return null;
  const model = prepared.model;
  const costs = new Set(model.costMetrics.map((m) => model.metrics[m]!));
  const ordered = [...stored].sort((a, b) => a.replicate - b.replicate);
  return {
    scenario: prepared.scenario.name,
    years: prepared.grid.labels,
    metrics: prepared.metrics,
    perChild: new Set(model.metrics.filter((m) => !costs.has(m))),
    areas: prepared.areas.areas.map((a) => ({ code: a.code, name: a.name, children: a.population.byYear.map((row) => row.reduce((x, y) => x + y, 0)) })),
    byReplicate: ordered.map((s) => {
      if (!s.areas) throw new Error(`replicate ${s.replicate} of ${prepared.scenario.name} has no areas`);
      return s.areas.map(restoreAreaValues);
    }),
  };
}
