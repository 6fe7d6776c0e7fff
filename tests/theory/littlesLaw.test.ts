import { describe, expect, it } from 'vitest';
import { meanAndSe, simulate } from '../helpers.js';

describe("stocks obey Little's law", () => {
  it('time-average stock = arrival rate x mean stay', () => {
    const { metric } = simulate('tests/fixtures/theory/stay.yaml', 20, 5);
    const perReplicate = metric('mean_stock').map((years) => years.reduce((a, b) => a + b, 0) / years.length);
    const { mean, se } = meanAndSe(perReplicate);
    const expected = (2000 / 365.25) * 200; // L = lambda W
    expect(Math.abs(mean - expected)).toBeLessThan(4 * se);
    // And the simulated entries per year match lambda.
    const entries = meanAndSe(metric('entries').map((y) => y.reduce((a, b) => a + b, 0) / y.length));
    expect(Math.abs(entries.mean - (2000 * 365) / 365.25)).toBeLessThan(4 * entries.se + 3);
  });
});
