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

  it('keeps far events in chains of chunks: order, fields, reuse and growth match a plain sorted list', () => {
    // Many events per day (chains of many chunks), days years ahead, pops interleaved with pushes,
    // and a clear() part way: every popped event must be the reference's earliest, field for field.
    const q = new EventQueue(16, 0, 1);
    const u = new StreamFactory(11, 0).stream('far');
    let ref: [number, number, number, number, number][] = [];
    let seq = 0;
    let now = 0;
    const push = (t: number) => {
      const e: [number, number, number, number, number] = [t, seq++, Math.floor(u() * 6), Math.floor(u() * 1e6), Math.floor(u() * 1e3)];
      q.push(e[0], e[2], e[3], e[4]);
      let lo = 0;
      let hi = ref.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const r = ref[mid]!;
        if (r[0] < e[0] || (r[0] === e[0] && r[1] < e[1])) lo = mid + 1;
        else hi = mid;
      }
      ref.splice(lo, 0, e);
    };
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 6000; i++) {
        // Whole days (ties within a day), fractions, and returns years ahead.
        const r = u();
        push(now + (r < 0.3 ? Math.floor(u() * 40) : r < 0.9 ? u() * 40 : 365 * (1 + u() * 10)));
        if (i % 3 === 2) {
          expect(q.pop()).toBe(true);
          const e = ref.shift()!;
          expect([q.time, q.kind, q.subject, q.token]).toEqual([e[0], e[2], e[3], e[4]]);
          now = q.time;
        }
      }
      expect(q.size).toBe(ref.length);
      if (round === 0) {
        q.clear();
        ref = [];
        seq = 0;
        now = 0;
      }
    }
    while (q.pop()) {
      const e = ref.shift()!;
      expect([q.time, q.kind, q.subject, q.token]).toEqual([e[0], e[2], e[3], e[4]]);
    }
    expect(ref).toEqual([]);
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
