import type { ReplicateOutput } from '../simulation/simulateReplicate.js';
import { combineAreas } from './fork.js';
import type { PreparedScenario } from './prepare.js';
import type { ReplicateTask } from './runner.js';

/**
 * A replicate of a scenario with areas is a run per area, each on streams of its own, so its areas
 * can be simulated by different processes and combined afterwards, exactly as if one process had
 * run them all. On a pool this keeps every process busy to the end: a command of few replicates
 * (npm start's two, a single full-scale replicate) would otherwise leave a core idle while the
 * other finishes a whole replicate, and the worker, which first prepares the scenarios, would
 * start its share late.
 */

/** One task per area, the largest areas first (the small ones then fill the gaps at the end); null when there are no areas. */
export function splitByArea(task: ReplicateTask, base: PreparedScenario): ReplicateTask[] | null {
  const areas = base.areas?.areas;
  if (!areas || areas.length < 2) return null;
  const bySize = areas.map((a, k) => ({ k, share: a.share })).sort((x, y) => y.share - x.share || x.k - y.k);
  return bySize.map(({ k }) => ({ ...task, areas: [k] }));
}

/**
 * Gathers the pieces of one replicate (the outputs of each of its area tasks, in the order the
 * tasks were made, one per scenario) and returns the whole outputs once the last is in: each
 * scenario's areas combined in the areas file's order.
 */
export function areaGatherer(scenarios: PreparedScenario[], tasks: ReplicateTask[]): (outputs: ReplicateOutput[]) => ReplicateOutput[] | null {
  let got: ReplicateOutput[][] = [];
  return (outputs) => {
    got.push(outputs);
    if (got.length < tasks.length) return null;
    const whole = scenarios.map((p, j) => {
      const byArea: ReplicateOutput[] = [];
      got.forEach((piece, t) => tasks[t]!.areas!.forEach((k, i) => (byArea[k] = piece[j]!.areas![i]!)));
      if (byArea.length !== p.areas!.areas.length || byArea.includes(undefined as never)) throw new Error(`a replicate of ${p.scenario.name} is missing areas`);
      return combineAreas(p, byArea);
    });
    got = [];
    return whole;
  };
}
