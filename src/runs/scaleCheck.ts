import { argumentError } from '../scenario/inputError.js';
import type { PreparedScenario } from './prepare.js';

/**
 * The smallest --scale at which every arrival stream and every starting stock of the scenario
 * (in every area: an area runs at scale x its share) expects at least one simulated child over the
 * whole run, warm-up included, and the stream that sets it. Below it, some part of the model holds
 * no child at all and its outcomes are zeros, not estimates.
 */
export function smallestUsefulScale(p: PreparedScenario): { scale: number; what: string } {
  const days = p.grid.bounds.at(-1)! - p.grid.warmupStart;
  const runs = p.areas ? p.areas.areas.map((a) => ({ name: a.name, share: a.share, model: a.epochs[0]!.model })) : [{ name: 'England', share: 1, model: p.epochs[0]!.model }];
  let worst = { scale: 0, what: '' };
  for (const r of runs) {
    for (const a of r.model.arrivals) {
      const expected = a.ratePerDay * days * r.share;
      if (expected > 0 && 1 / expected > worst.scale) worst = { scale: 1 / expected, what: `the arrivals '${a.name}'${p.areas ? ` in ${r.name}` : ''}` };
    }
    for (const s of r.model.initialStocks) {
      const expected = s.count * r.share;
      if (expected > 0 && 1 / expected > worst.scale) worst = { scale: 1 / expected, what: `the starting stock of '${r.model.states[s.state]?.name ?? s.state}'${p.areas ? ` in ${r.name}` : ''}` };
    }
  }
  return worst;
}

/** Refuses (exit 2) a scale at which some stream or stock of a scenario would hold no child. */
export function checkScale(scenarios: PreparedScenario[], scale: number): void {
  for (const p of scenarios) {
    const least = smallestUsefulScale(p);
    if (scale < least.scale) {
      throw argumentError(`--scale ${scale} is too small for ${p.scenario.name}: ${least.what} would expect fewer than one simulated child over the run; the smallest scale that simulates every stream is ${Number(least.scale.toPrecision(2))} (estimates need far more: see the README, "What scale a regional question needs")`);
    }
  }
}
