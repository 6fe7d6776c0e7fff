import { describe, expect, it } from 'vitest';
import { regionalSpread } from '../../src/report/regional.js';

/** The briefing names the regions an effect is largest and smallest in only when they differ beyond Monte Carlo error. */
describe('regional spread in the findings', () => {
  const regions = (means: number[], se: number) => means.map((mean, k) => ({ name: `R${k}`, mean, se })).sort((a, b) => b.mean - a.mean);
  it('gives only the range with fewer than 8 replicates, however far apart the regions look', () => {
    expect(regionalSpread(regions([1, 2, 3, 4, 5, 6, 7, 8, 20], 0.1), 4)).toBe('1.0 to 20.0');
  });
  it('says the regions are within Monte Carlo error when the spread is what noise gives (Cochran Q below chi-squared 95%)', () => {
    // Nine estimates within about one s.e. of each other: Q = 6 < 15.5 (chi-squared, 8 df).
    expect(regionalSpread(regions([4, 5, 3, 4.5, 3.5, 4, 5, 3, 4], 1), 8)).toMatch(/^3\.0 to 5\.0, differences between regions within Monte Carlo error$/);
  });
  it('names the largest and smallest, with their s.e., when the regions differ', () => {
    expect(regionalSpread(regions([4, 5, 2, 4.5, 3.5, 4, 5, 3, 12], 1), 8)).toBe('most in R8 (12.0, s.e. 1.0), least in R2 (2.0, s.e. 1.0)');
  });
});
