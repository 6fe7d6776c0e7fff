import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { formulaDependents, LeverValueError, resolveParameters, type ResolvedParameters } from '../../src/parameters/resolveParameters.js';

/**
 * Issue #16: parameters resolved again from a resolution with other lever values (an area's from
 * the national ones, an epoch's from the one before its levers) equal those resolved whole.
 */
const values = (r: ResolvedParameters) => [...r].map(([name, p]) => [name, p.value, p.stated ?? null]);

describe('parameters resolved again in part (issue #16)', () => {
  const scenario = loadScenario('scenarios/england/duty-and-funding.yaml');
  const fixed = new Map([['earlyHelpCostPerEpisode', 4100]]);
  const national = resolveParameters(scenario, fixed);
  // Every parameter a formula reads, changed alone, then all at once; each changes its formulas' values too.
  const inputs = [...formulaDependents(scenario).keys()].filter((n) => typeof national.get(n)!.value === 'number' && !fixed.has(n));

  it('every formula input changed as a lever or an area would: the same values as resolving whole', () => {
    expect(inputs.length).toBeGreaterThan(5);
    const changes = [...inputs.map((n) => new Map([[n, (national.get(n)!.value as number) * 1.1]])), new Map(inputs.map((n) => [n, (national.get(n)!.value as number) * 0.9]))];
    for (const lever of changes) {
      const part = resolveParameters(scenario, fixed, lever, { parameters: national });
      expect(values(part)).toEqual(values(resolveParameters(scenario, fixed, lever)));
      // And back: from the changed resolution to one with other values of the same levers.
      const again = new Map([...lever].map(([n, v]) => [n, v * 1.05]));
      expect(values(resolveParameters(scenario, fixed, again, { parameters: part, leverValues: lever }))).toEqual(values(resolveParameters(scenario, fixed, again)));
    }
  });

  it('a value out of range is refused as when resolving whole', () => {
    const p = inputs.find((n) => national.get(n)!.unit === 'probability') ?? 'pAssessedNotInNeed';
    const bad = new Map([[p, 1.5]]);
    expect(() => resolveParameters(scenario, fixed, bad, { parameters: national })).toThrow(LeverValueError);
    expect(() => resolveParameters(scenario, fixed, bad)).toThrow(LeverValueError);
  });
});
