import { afterEach, describe, expect, it } from 'vitest';
import { compileIncrementally, type CompiledModel } from '../../src/model/compileModel.js';
import { simulateWithForks } from '../../src/runs/fork.js';
import { prepareScenario, type PreparedScenario } from '../../src/runs/prepare.js';

/**
 * Issue #16: an epoch's model compiled again in part from the epoch before (only the states that
 * read a changed value) equals the same model compiled whole: every table, and the simulation.
 */
const FILES = ['baseline', 'statutory-duty', 'funding-restoration', 'duty-and-funding'].map((n) => `scenarios/england/${n}.yaml`);
const DRAW = new Map([
  ['rrEscalationHigherNeed', 4.6],
  ['pAssessedNotInNeed', 0.31],
]);

/** Every model a prepared scenario will run, as data (samplers are functions, so JSON leaves them out; their inputs are in the states' specs). The lazily compiled parts are asked for. */
function models(p: PreparedScenario): string[] {
  const all: CompiledModel[] = [...p.epochs.map((e) => e.model), ...(p.areas?.areas.flatMap((a) => a.epochs.map((e) => e.model)) ?? [])];
  return all.map((m) => JSON.stringify({ ...m, fingerprint: m.fingerprint(), initialStocks: m.initialStocks() }));
}

afterEach(() => compileIncrementally(true));

describe('models compiled again in part (issue #16)', () => {
  it('equal models compiled whole, for every shipped England scenario, centrally and at a PSA draw', () => {
    for (const overrides of [undefined, DRAW]) {
      for (const file of FILES) {
        compileIncrementally(false);
        const whole = models(prepareScenario(file, overrides));
        compileIncrementally(true);
        const part = models(prepareScenario(file, overrides));
        expect(part.length).toBe(whole.length);
        part.forEach((m, i) => expect(m, `${file}, model ${i}`).toBe(whole[i]));
      }
    }
  });

  it('simulate the same bytes', () => {
    const run = () => {
      const [base, duty] = [prepareScenario(FILES[0]!), prepareScenario(FILES[3]!)];
      return simulateWithForks(base, [duty], { grid: base.grid, seed: 4, replicate: 0, scale: 0.002 }, null).map((o) => [o.events, ...o.values.map((v) => [...v])]);
    };
    compileIncrementally(false);
    const whole = run();
    compileIncrementally(true);
    expect(run()).toEqual(whole);
  });
});
