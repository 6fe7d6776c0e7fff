import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/kernel/eventQueue.js';
import { StreamFactory } from '../../src/kernel/streams.js';

describe('EventQueue', () => {
  it('pops events in time order', () => {
    const q = new EventQueue(4);
    const u = new StreamFactory(7, 0).stream('times');
    const times = Array.from({ length: 5000 }, () => u() * 100);
    times.forEach((t, i) => q.push(t, 0, i, 0));
    const popped: number[] = [];
    while (q.pop()) popped.push(q.time);
    expect(popped).toEqual([...times].sort((a, b) => a - b));
  });

  it('breaks ties by scheduling order, deterministically', () => {
    const q = new EventQueue();
    for (let i = 0; i < 100; i++) q.push(i % 3, 1, i, i);
    const order: number[] = [];
    while (q.pop()) order.push(q.subject);
    const expected = [0, 1, 2].flatMap((t) => Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 3 === t));
    expect(order).toEqual(expected);
  });

  it('interleaves pushes and pops correctly as it grows', () => {
    const q = new EventQueue(2);
    const u = new StreamFactory(3, 0).stream('x');
    let now = 0;
    const seen: number[] = [];
    for (let i = 0; i < 2000; i++) {
      q.push(now + u() * 10, 0, i, 0);
      q.push(now + u() * 10, 0, i, 0);
      q.pop();
      expect(q.time).toBeGreaterThanOrEqual(now);
      now = q.time;
      seen.push(now);
    }
    expect(q.size).toBe(2000);
  });
});

describe('StreamFactory', () => {
  it('gives the same numbers for the same (seed, replicate, stream)', () => {
    const a = new StreamFactory(42, 3).stream('state:x:duration');
    const b = new StreamFactory(42, 3).stream('state:x:duration');
    expect(Array.from({ length: 10 }, a)).toEqual(Array.from({ length: 10 }, b));
  });

  it('keeps streams independent: drawing from one never shifts another', () => {
    const f1 = new StreamFactory(42, 0);
    const f2 = new StreamFactory(42, 0);
    f2.stream('new-process')();
    for (let i = 0; i < 100; i++) f2.stream('other')();
    expect(Array.from({ length: 5 }, f1.stream('arrival'))).toEqual(Array.from({ length: 5 }, f2.stream('arrival')));
  });

  it('differs across seeds, replicates and stream names', () => {
    const first = (seed: number, rep: number, name: string) => new StreamFactory(seed, rep).stream(name)();
    const values = new Set([first(1, 0, 'a'), first(2, 0, 'a'), first(1, 1, 'a'), first(1, 0, 'b'), first(0, 0, 'a')]);
    expect(values.size).toBe(5);
  });
});
