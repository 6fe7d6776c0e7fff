import { describe, expect, it } from 'vitest';
import { StreamFactory } from '../../src/kernel/streams.js';

/** Issue #16: a stream brought to a position again (the forks of one run) is restored from a saved state, with the same numbers as a replay. */
describe('streams at a position', () => {
  const take = (s: () => number, n: number) => Array.from({ length: n }, () => s());

  it('the numbers after `position` draws, whether replayed or restored, and each copy independent', () => {
    const f = new StreamFactory(5, 2);
    const whole = take(new StreamFactory(5, 2).stream('arrival:x:gap'), 1300);
    const first = f.at('arrival:x:gap', 1000);
    const second = f.at('arrival:x:gap', 1000);
    expect(take(first, 300)).toEqual(whole.slice(1000));
    // The second copy is unaffected by the first's draws.
    expect(take(second, 300)).toEqual(whole.slice(1000));
    expect(take(f.at('arrival:x:gap', 0), 5)).toEqual(whole.slice(0, 5));
    expect(take(f.at('arrival:x:gap', 1299), 1)).toEqual(whole.slice(1299));
    // Another replicate's stream of the same name is another stream.
    expect(take(new StreamFactory(5, 3).at('arrival:x:gap', 1000), 3)).not.toEqual(whole.slice(1000, 1003));
  });
});
