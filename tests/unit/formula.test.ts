import { describe, expect, it } from 'vitest';
import { parseFormula } from '../../src/parameters/formula.js';

describe('parameter formulas', () => {
  it('evaluates arithmetic and whitelisted functions of named parameters', () => {
    const f = parseFormula('min(0.95, a * b) + sqrt(c) - 2 ^ 2');
    expect(f.symbols.sort()).toEqual(['a', 'b', 'c']);
    expect(f.evaluate(new Map([['a', 0.5], ['b', 3], ['c', 16]]))).toBeCloseTo(0.95 + 4 - 4);
  });

  it.each([
    ['x = 3', /assignment/],
    ['f(x) = x', /functionassignment/],
    ['import({}, {})', /not allowed/],
    ['evaluate("1")', /not allowed|constants/],
    ['a.b', /accessor/],
    ['[1, 2]', /array/],
    ['{a: 1}', /object/],
    ['a > b ? a : b', /not allowed/],
    ['"text"', /numeric constants/],
  ])('rejects %s', (text, message) => {
    expect(() => parseFormula(text)).toThrow(message);
  });
});
