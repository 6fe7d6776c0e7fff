import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, runFeasibleDraws } from '../../src/analysis/feasibleDraws.js';
import { drawParameters, parameterDrawer } from '../../src/analysis/psa.js';
import { uncertainParameters } from '../../src/analysis/uncertainty.js';
import { prepareScenario } from '../../src/runs/prepare.js';
import { runVariants } from '../../src/runs/runVariants.js';
import { InputError } from '../../src/scenario/inputError.js';

/**
 * Issue #16: a PSA draw whose values make the model impossible (here pPlan + pCare > 1, which
 * independent priors give whenever pPlan > 0.7) is set aside and drawn again, reported, and the
 * result does not depend on the number of workers.
 */
const BASE = 'tests/fixtures/impossible/base.yaml';
const settings = { seed: 5, replicates: 1, scale: 0.01, workers: 1 };

describe('draws that make the model impossible (issue #16)', () => {
  const params = uncertainParameters([prepareScenario(BASE)]);
  const draw = parameterDrawer(params, settings.seed);
  const n = 12;

  it('are drawn again until possible, reported, and leave possible draws as they were', async () => {
    const run = await runFeasibleDraws([BASE], draw, n, settings);
    const first = drawParameters(params, n, settings.seed);
    const impossibleAtFirst = first.map((d, i) => (d.get('pPlan')! + 0.3 > 1 ? i : -1)).filter((i) => i >= 0);
    expect(impossibleAtFirst.length).toBeGreaterThan(0);
    // Every draw kept is possible; every one possible at its first attempt is unchanged.
    run.draws.forEach((d, i) => {
      expect(d.get('pPlan')! + 0.3).toBeLessThanOrEqual(1);
      if (!impossibleAtFirst.includes(i)) expect(d.get('pPlan')).toBe(first[i]!.get('pPlan'));
    });
    expect(run.setAside.filter((a) => a.attempt === 0).map((a) => a.draw)).toEqual(impossibleAtFirst);
    for (const a of run.setAside) expect(a.why).toMatch(/absorbing\.model\.yaml:\d+:\d+: states\.assess\.transitions: transition probabilities sum to [\d.]+, above 1/);
    expect(run.values.every((v) => v.length === 1 && v[0]!.byReplicate.length === 1)).toBe(true);
  });

  it('give the same values on two workers as on one', async () => {
    const one = await runFeasibleDraws([BASE], draw, n, settings);
    const two = await runFeasibleDraws([BASE], draw, n, { ...settings, workers: 2 });
    expect(two.setAside).toEqual(one.setAside);
    expect(two.draws).toEqual(one.draws);
    expect(two.values.map((v) => v[0]!.byReplicate.map((y) => y.map((a) => [...a])))).toEqual(one.values.map((v) => v[0]!.byReplicate.map((y) => y.map((a) => [...a]))));
  });

  it('stop with one line when the priors can never describe a possible model', async () => {
    const never = () => new Map([['pPlan', 0.95]]);
    await expect(runFeasibleDraws([BASE], never, 2, settings)).rejects.toThrow(new RegExp(`draw 1: ${MAX_ATTEMPTS} draws in a row made the model impossible`));
  });

  it('still stop a command that sets impossible values itself (not a draw)', async () => {
    await expect(runVariants([BASE], [new Map([['pPlan', 0.95]])], settings)).rejects.toBeInstanceOf(InputError);
  });
});
