import { describe, expect, it } from 'vitest';
import { simulateWithForks } from '../../src/runs/fork.js';
import { prepareScenario } from '../../src/runs/prepare.js';
import { areaGatherer, splitByArea } from '../../src/runs/areaTasks.js';
import type { ReplicateTask } from '../../src/runs/runner.js';
import type { ReplicateOutput } from '../../src/simulation/simulateReplicate.js';

/**
 * Issue #16: on several processes a replicate's areas are tasks of their own. Simulated area by
 * area, in any order, and gathered, a replicate is the one simulated whole, to the byte: values,
 * event counts, each area's output and the traced children's ids.
 */
describe('a replicate split into its areas (issue #16)', () => {
  const base = prepareScenario('scenarios/england/baseline.yaml');
  const policy = prepareScenario('scenarios/england/statutory-duty.yaml');
  const task: ReplicateTask = { files: ['scenarios/england/baseline.yaml', 'scenarios/england/statutory-duty.yaml'], overrides: [], replicate: 1, seed: 7, scale: 0.003, traceChildren: 12, streamSalt: '' };
  const bytes = (o: ReplicateOutput) => JSON.stringify({ ...o, values: o.values.map((r) => Array.from(r)), entriesByEpoch: Array.from(o.entriesByEpoch), areas: o.areas!.map((a) => a.values.map((r) => Array.from(r))) });

  it('one task per area, largest first; gathered in any task order, the same bytes as whole', () => {
    const pieces = splitByArea(task, base)!;
    expect(pieces.map((p) => p.areas!.length)).toEqual(base.areas!.areas.map(() => 1));
    const shares = pieces.map((p) => base.areas!.areas[p.areas![0]!]!.share);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    for (const traced of [0, 12]) {
      const common = { grid: base.grid, seed: task.seed, replicate: task.replicate, scale: task.scale, traceChildren: traced };
      const whole = simulateWithForks(base, [policy], common);
      const gather = areaGatherer([base, policy], pieces);
      let out: ReplicateOutput[] | null = null;
      for (const p of pieces) out = gather(simulateWithForks(base, [policy], common, null, p.areas));
      expect(out!.map(bytes)).toEqual(whole.map(bytes));
      if (traced) expect(out![0]!.trace.length).toBeGreaterThan(0);
    }
  });

  it('a scenario without areas is not split', () => {
    const plain = prepareScenario('tests/fixtures/prestart/base.yaml');
    expect(splitByArea({ ...task, files: ['tests/fixtures/prestart/base.yaml'] }, plain)).toBeNull();
    expect(() => simulateWithForks(plain, [], { grid: plain.grid, seed: 1, replicate: 0, scale: 0.01 }, null, [0])).toThrow(/no areas/);
  });
});
