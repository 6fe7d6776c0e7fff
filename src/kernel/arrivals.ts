import type { Stream } from './streams.js';

/**
 * Next arrival time of a Poisson process whose rate is constant within
 * periods: rates[i] applies on [bounds[i], bounds[i+1]). Uses memorylessness:
 * a gap that crosses a period boundary is redrawn from the boundary.
 * Returns Infinity when no further arrival falls before the last bound.
 */
export function nextPoissonArrival(u: Stream, now: number, bounds: ArrayLike<number>, rates: ArrayLike<number>): number {
  let t = now;
  let i = 0;
  while (i < rates.length && bounds[i + 1]! <= t) i++;
  while (i < rates.length) {
    const rate = rates[i]!;
    const end = bounds[i + 1]!;
    if (rate > 0) {
      const next = t - Math.log(1 - u()) / rate;
      if (next < end) return next;
    }
    t = end;
    i++;
  }
  return Infinity;
}
