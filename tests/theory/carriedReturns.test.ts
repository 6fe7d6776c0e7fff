import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../../src/runs/prepare.js';
import { simulateReplicate } from '../../src/simulation/simulateReplicate.js';

const FILE = 'tests/fixtures/theory/stepup.yaml';

/** Yearly totals of each named metric over the reported years of `replicates` replicates. */
function totals(overrides: Record<string, number>, names: string[], replicates = 2): Record<string, number> {
  const prepared = prepareScenario(FILE, new Map(Object.entries(overrides)));
  const out: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  for (let replicate = 0; replicate < replicates; replicate++) {
    const { values } = simulateReplicate({ epochs: prepared.epochs, grid: prepared.grid, seed: 7, replicate, scale: 1 });
    for (const n of names) for (const row of values) out[n]! += row[prepared.metrics.indexOf(n)]!;
  }
  return out;
}

describe('a return drawn once and carried through a service', () => {
  it('with nothing thinned, helping every child or none gives the same returns, exactly', () => {
    const none = totals({ pHelp: 0, keepAfterHelp: 1 }, ['returns']);
    const all = totals({ pHelp: 1, keepAfterHelp: 1 }, ['returns']);
    expect(all['returns']).toBeGreaterThan(0);
    expect(all['returns']).toBe(none['returns']);
  });

  it('steps up at the rate the delay distribution gives, and thins the rest by keep', () => {
    // Arrivals at rate λ, return probability p, exponential delay (mean m), service of fixed length L:
    // in the steady state, step-ups per year = λ p (1 - e^(-L/m)) and returns per year = that plus λ p k e^(-L/m).
    const lambda = 40000, p = 0.6, m = 180, L = 120, k = 0.5, years = 2 * 2;
    const during = lambda * p * (1 - Math.exp(-L / m)) * years;
    const after = lambda * p * k * Math.exp(-L / m) * years;
    const got = totals({}, ['step_ups', 'returns']);
    // Counts are Poisson-like: 4 standard errors.
    expect(Math.abs(got['step_ups']! - during)).toBeLessThan(4 * Math.sqrt(during));
    expect(Math.abs(got['returns']! - (during + after))).toBeLessThan(4 * Math.sqrt(during + after));
  });
});
