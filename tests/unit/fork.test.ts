import { describe, expect, it } from 'vitest';
import { simulateForks, simulateReplicate } from '../../src/simulation/simulateReplicate.js';
import { forkDay, simulateWithForks } from '../../src/runs/fork.js';
import { prepareScenario } from '../../src/runs/prepare.js';

/**
 * A scenario forked from the baseline at its first lever's date gives exactly the numbers of
 * running it alone (the analyses rely on this to share the common part of paired runs).
 */
describe('forked replicates', () => {
  const base = prepareScenario('scenarios/england/baseline.yaml');
  // The baseline's own levers (Families First, 2025 to 2028) are shared: each fork is made after
  // some of them, at the first lever the scenario adds.
  it.each([
    ['statutory-duty', 'central', new Map<string, number>(), 1095],
    ['funding-restoration', 'central', new Map<string, number>(), 1095],
    ['duty-and-funding', 'central', new Map<string, number>(), 1095],
    ['funding-restoration', 'two parameters overridden', new Map([['rrRereferralAfterEarlyHelp', 0.6], ['earlyHelpCostPerEpisode', 4000]]), 1095],
    ['families-first-withdrawn', 'central', new Map<string, number>(), 1826],
  ])('%s (%s): forked = alone, year by year and metric by metric', (name, _label, overrides, expectedDay) => {
    const b = overrides.size ? prepareScenario('scenarios/england/baseline.yaml', overrides) : base;
    const other = prepareScenario(`scenarios/england/${name}.yaml`, overrides);
    const day = forkDay(b, other);
    expect(day).toBe(expectedDay); // 1095: 2027-04-01, three years after the reporting start of 2024-04-01; 1826: 2029-04-01
    for (const replicate of [0, 1, 2]) {
      // With areas (the nine regions), each area forks on the same day from its own run.
      const common = { grid: b.grid, seed: 11, replicate, scale: 0.004 };
      const [main, forked] = simulateWithForks(b, [other], common);
      const alone = simulateWithForks(b, [], common)[0]!;
      const otherAlone = simulateWithForks(other, [], common)[0]!;
      expect(main!.values).toEqual(alone.values);
      expect(forked!.values).toEqual(otherAlone.values);
      forked!.areas!.forEach((area, k) => {
        expect(area.values).toEqual(otherAlone.areas![k]!.values);
        expect(Array.from(area.entriesByEpoch)).toEqual(Array.from(otherAlone.areas![k]!.entriesByEpoch));
      });
      expect(forked!.values).not.toEqual(alone.values);
    }
  });
  it('several scenarios forked from one baseline run, each = alone (and the baseline too)', () => {
    const names = ['statutory-duty', 'funding-restoration', 'duty-and-funding', 'statutory-duty'];
    const others = names.map((n) => prepareScenario(`scenarios/england/${n}.yaml`));
    const common = { grid: base.grid, seed: 5, replicate: 1, scale: 0.004 };
    const outputs = simulateWithForks(base, others, common);
    expect(outputs).toHaveLength(1 + names.length);
    expect(outputs[0]!.values).toEqual(simulateWithForks(base, [], common)[0]!.values);
    others.forEach((o, i) => expect(outputs[i + 1]!.values).toEqual(simulateWithForks(o, [], common)[0]!.values));
    expect(outputs[4]!.values).toEqual(outputs[1]!.values);
  });
  it('one area alone, forked with the kernel directly: forked = alone', () => {
    const other = prepareScenario('scenarios/england/statutory-duty.yaml');
    const day = forkDay(base, other)!;
    const k = 2; // Yorkshire and the Humber, below the duty's floor
    const area = base.areas!.areas[k]!;
    const common = { grid: base.grid, seed: 3, replicate: 0, scale: 0.02 * area.share, countScale: 0.02, streamSalt: `area:${area.code}` };
    const [main, forked] = simulateForks({ ...common, epochs: area.epochs }, [{ day, epochs: other.areas!.areas[k]!.epochs }]);
    expect(main!.values).toEqual(simulateReplicate({ ...common, epochs: area.epochs }).values);
    expect(forked!.values).toEqual(simulateReplicate({ ...common, epochs: other.areas!.areas[k]!.epochs }).values);
    expect(forked!.values).not.toEqual(main!.values);
  });
  it('refuses scenarios that differ before any lever', () => {
    const other = prepareScenario('scenarios/england/no-effect/funding-restoration.yaml');
    expect(forkDay(base, other)).toBe(null);
  });
});
