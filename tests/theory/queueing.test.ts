import { describe, expect, it } from 'vitest';
import { meanAndSe, simulate } from '../helpers.js';

/** Erlang C: probability an arrival waits in an M/M/c queue with offered load a = lambda/mu. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - a / c);
  return last / (sum + last);
}

describe('capacity-limited service against queueing theory', () => {
  it('mean wait matches Erlang C for M/M/c', () => {
    const lambda = 10; // per day
    const mu = 1 / 0.8;
    const c = 10;
    const expected = erlangC(c, lambda / mu) / (c * mu - lambda);
    const { metric } = simulate('tests/fixtures/theory/queue.yaml', 30, 3);
    // One value per replicate (mean over its years): replicates are independent, so their spread gives the MCSE.
    const perReplicate = metric('mean_wait_days').map((years) => years.reduce((a, b) => a + b, 0) / years.length);
    const { mean, se } = meanAndSe(perReplicate);
    expect(expected).toBeCloseTo(0.16364, 4);
    expect(Math.abs(mean - expected)).toBeLessThan(4 * se);
  });
});
