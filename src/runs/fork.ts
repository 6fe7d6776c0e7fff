import path from 'node:path';
import { simulateReplicate, type ReplicateInput, type ReplicateOutput } from '../simulation/simulateReplicate.js';
import type { PreparedScenario } from './prepare.js';

/**
 * The day from which `other` can be simulated as a fork of `base` (simulateReplicate's `fork`),
 * or null when it cannot: both must use the same model file and calendar and have the same
 * parameters before their first lever, which must fall inside the run after the warm-up starts.
 * Before that day the two runs are then the same, draw for draw.
 */
export function forkDay(base: PreparedScenario, other: PreparedScenario): number | null {
  if (path.resolve(base.scenario.modelFile) !== path.resolve(other.scenario.modelFile)) return null;
  if (base.grid.warmupStart !== other.grid.warmupStart || base.grid.bounds.join() !== other.grid.bounds.join()) return null;
  if (base.parameters.size !== other.parameters.size) return null;
  for (const [name, p] of base.parameters) {
    const q = other.parameters.get(name);
    if (!q || JSON.stringify(q.value) !== JSON.stringify(p.value)) return null;
  }
  const day = Math.min(base.epochs[1]?.start ?? Infinity, other.epochs[1]?.start ?? Infinity);
  if (!(day > base.grid.warmupStart && day < base.grid.bounds.at(-1)!)) return null;
  return day;
}

/** Both scenarios of a pair, in order: one run forked at the first lever where possible, else two runs. */
export function simulatePair(first: PreparedScenario, second: PreparedScenario, common: Omit<ReplicateInput, 'epochs' | 'fork'>): [ReplicateOutput, ReplicateOutput] {
  const day = common.traceChildren ? null : forkDay(first, second);
  if (day === null) return [simulateReplicate({ ...common, epochs: first.epochs }), simulateReplicate({ ...common, epochs: second.epochs })];
  const { forked, ...main } = simulateReplicate({ ...common, epochs: first.epochs, fork: { day, epochs: second.epochs } });
  return [main, forked!];
}

/**
 * Groups scenarios run with common random numbers into pairs that can fork (indices, in
 * order; a scenario with no partner runs alone). Scenarios that agree before their first
 * lever are, until then, the same run as the baseline, so any two of them can share it: the
 * baseline is paired with the first scenario it can fork, the others with each other. Measured
 * on England at scale 0.05, a pair costs about 1.4 runs alone, so pairing the others with one
 * another (rather than each with the baseline, 1.4 per scenario) is what makes forking pay.
 */
export function forkPairs(scenarios: PreparedScenario[]): number[][] {
  const paired = new Set<number>();
  const groups: number[][] = [];
  scenarios.forEach((p, i) => {
    if (paired.has(i)) return;
    paired.add(i);
    const j = scenarios.findIndex((q, k) => !paired.has(k) && forkDay(p, q) !== null);
    if (j >= 0) paired.add(j);
    groups.push(j >= 0 ? [i, j] : [i]);
  });
  return groups;
}
