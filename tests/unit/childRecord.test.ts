import { describe, expect, it } from 'vitest';
import { CORE_FIELDS, deriveLayout, RNG_WORDS, TOKEN } from '../../src/model/childLayout.js';
import { Children } from '../../src/simulation/children.js';

/**
 * A child's record holds its fields and then its two random streams (issue #16: one region of
 * memory per child). The streams must never overlap a field, and a child's draws must not depend
 * on where in memory its record sits or on its neighbours.
 */
describe("a child's record", () => {
  it('puts the random streams after every field', () => {
    const layout = deriveLayout([
      ['age', { type: 'number', ageing: true }],
      ['level', { type: 'category', levels: ['a', 'b'] }],
      ['flagged', { type: 'flag' }],
      ['count', { type: 'integer' }],
    ]);
    const slots = layout.attributes.map((a) => a.slot);
    expect(layout.rng).toBe(CORE_FIELDS + 2);
    expect(Math.max(...slots)).toBeLessThan(layout.rng);
    expect(layout.stride).toBe(layout.rng + RNG_WORDS);
    expect(() => new Children(4, 0, layout.stride, layout.stride - RNG_WORDS + 1)).toThrow(/no room/);
  });

  it('gives each child the draws of its own seed, wherever its slot is and whatever its neighbours draw', () => {
    const seeded = (k: number) => {
      let x = k;
      return () => ((x = (x * 9301 + 49297) % 233280) / 233280);
    };
    const draws = (ch: Children, id: number) => [ch.draw(id), ch.drawReturn(id), ch.draw(id), ch.drawReturn(id)];
    const alone = new Children(1, 0, 20, 12);
    const expected = draws(alone, alone.add(0, seeded(7)));
    const crowded = new Children(1, 1, 20, 12);
    for (let k = 0; k < 1500; k++) crowded.add(k, seeded(k + 100)); // past the first capacity: the records are moved once
    const id = crowded.add(0, seeded(7));
    crowded.f[id * crowded.stride + TOKEN] = 5;
    for (let k = 0; k < 50; k++) crowded.draw(k);
    expect(draws(crowded, id)).toEqual(expected);
    expect(crowded.f[id * crowded.stride + TOKEN]).toBe(5);
  });
});
