import { describe, expect, it } from 'vitest';
import { simulateReplicate } from '../../src/simulation/simulateReplicate.js';
import { forkDay } from '../../src/runs/fork.js';
import { prepareScenario } from '../../src/runs/prepare.js';

/**
 * A scenario forked from the baseline at its first lever's date gives exactly the numbers of
 * running it alone (the analyses rely on this to share the common part of paired runs).
 */
describe('forked replicates', () => {
  const base = prepareScenario('scenarios/england/baseline.yaml');
  it.each([
    ['statutory-duty', 'central', new Map<string, number>()],
    ['funding-restoration', 'central', new Map<string, number>()],
    ['duty-and-funding', 'central', new Map<string, number>()],
    ['funding-restoration', 'two parameters overridden', new Map([['referralElasticityToEarlyIntervention', -0.5], ['earlyHelpCostPerEpisode', 4000]])],
  ])('%s (%s): forked = alone, year by year and metric by metric', (name, _label, overrides) => {
    const b = overrides.size ? prepareScenario('scenarios/england/baseline.yaml', overrides) : base;
    const other = prepareScenario(`scenarios/england/${name}.yaml`, overrides);
    const day = forkDay(b, other);
    expect(day).toBe(366); // 2020-04-01, one year after the reporting start of 2019-04-01
    for (const replicate of [0, 1, 2]) {
      const common = { grid: b.grid, seed: 11, replicate, scale: 0.004 };
      const pair = simulateReplicate({ ...common, epochs: b.epochs, fork: { day: day!, epochs: other.epochs } });
      const alone = simulateReplicate({ ...common, epochs: b.epochs });
      const otherAlone = simulateReplicate({ ...common, epochs: other.epochs });
      expect(pair.values).toEqual(alone.values);
      expect(pair.forked!.values).toEqual(otherAlone.values);
      expect(Array.from(pair.forked!.entriesByEpoch)).toEqual(Array.from(otherAlone.entriesByEpoch));
      expect(pair.forked!.values).not.toEqual(alone.values);
    }
  });
  it('refuses scenarios that differ before any lever', () => {
    const other = prepareScenario('scenarios/england/funding-restoration-no-effect.yaml');
    expect(forkDay(base, other)).toBe(null);
  });
});
