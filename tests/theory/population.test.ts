import { describe, expect, it } from 'vitest';
import { populationByYear } from '../../src/model/population.js';
import { prepareScenario } from '../../src/runs/prepare.js';
import { simulateReplicate } from '../../src/simulation/simulateReplicate.js';
import { runCli } from '../helpers.js';

const FILE = 'tests/fixtures/theory/population.yaml';

describe('a population by single year of age', () => {
  it('is observed, then aged forward with births and net migration spread over the ages', () => {
    const p = populationByYear(['2023-24', '2024-25', '2025-26', '2026-27'], ['2023-24', '2024-25'], [[9, 21, 31], [10, 20, 30]], 40, 3);
    expect(p.kind).toEqual(['observed', 'observed', 'projected', 'projected']);
    expect(p.byYear[2]).toEqual([41, 11, 21]);
    expect(p.byYear[3]).toEqual([41, 42, 12]);
    expect(populationByYear(['2022-23'], ['2023-24'], [[9, 21, 31]], 40, 3).kind).toEqual(['held']);
  });

  it('moves arrivals with the population when the rate per child at each age is held fixed', () => {
    // Rates per child a year: 200 at age 0, 100 at 1, 66.7 at 2 (60,000 a year over 100, 200, 300 children).
    // Births 400, no migration: ages [100,200,300] -> [400,100,200] -> [400,400,100].
    const hazard = [200, 100, 200 / 3];
    const pops = [[100, 200, 300], [400, 100, 200], [400, 400, 100]];
    const prepared = prepareScenario(FILE);
    const m = (name: string) => prepared.metrics.indexOf(name);
    const { values } = simulateReplicate({ epochs: prepared.epochs, grid: prepared.grid, seed: 11, replicate: 0, scale: 1 });
    pops.forEach((pop, y) => {
      const byAge = pop.map((n, a) => n * hazard[a]!);
      const expected = byAge.reduce((a, b) => a + b, 0);
      // Poisson counts: within 4 standard errors, in total and at each age.
      expect(Math.abs(values[y]![m('arrivals')]! - expected)).toBeLessThan(4 * Math.sqrt(expected));
      (['arrivals_age_under_1', 'arrivals_age_1', 'arrivals_age_2_plus'] as const).forEach((name, a) => {
        expect(Math.abs(values[y]![m(name)]! - byAge[a]!)).toBeLessThan(4 * Math.sqrt(byAge[a]!));
      });
    });
  });

  it('is recorded in the manifest, and a model that needs one without it is bad input', async () => {
    const prepared = prepareScenario(FILE);
    expect(prepared.population!.years.kind).toEqual(['observed', 'projected', 'projected']);
    expect(prepared.model.arrivals[0]!.population!.perTenThousand.map(Math.round)).toEqual([2000000, 1000000, 666667]);
    const r = await runCli(['validate', 'tests/fixtures/bad/population-missing.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/population\.model\.yaml:\d+:\d+: .*followsPopulation.*no population/);
  });
});
