import { describe, expect, it } from 'vitest';
import { identity, inv, matrix, multiply, subtract } from 'mathjs';
import { simulate } from '../helpers.js';

describe('absorbing pathway against its Markov chain', () => {
  it('absorption probabilities match (I - Q)^-1 R', () => {
    const pPlan = 0.45;
    const pCare = 0.15;
    const pBack = 0.3;
    // Transient states: assess, plan, care. Absorbing: closed, outCare.
    const Q = matrix([
      [0, pPlan, pCare],
      [pBack, 0, 0],
      [0, 0, 0],
    ]);
    const R = matrix([
      [1 - pPlan - pCare, 0],
      [1 - pBack, 0],
      [0, 1],
    ]);
    const B = multiply(inv(subtract(identity(3), Q) as never), R).toArray() as number[][];
    const pClosed = B[0]![0]!;
    const pCareOut = B[0]![1]!;
    expect(pClosed + pCareOut).toBeCloseTo(1, 12);

    const { metric } = simulate('tests/fixtures/theory/absorbing.yaml', 4, 9);
    const closed = metric('absorbed_closed').flat().reduce((a, b) => a + b, 0);
    const care = metric('absorbed_care').flat().reduce((a, b) => a + b, 0);
    const n = closed + care;
    const observed = care / n;
    const se = Math.sqrt((pCareOut * (1 - pCareOut)) / n);
    expect(Math.abs(observed - pCareOut)).toBeLessThan(4 * se);
  });
});
