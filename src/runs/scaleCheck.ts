import { argumentError, InputError } from '../scenario/inputError.js';
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
    for (const s of r.model.initialStocks()) {
      const expected = s.count * r.share;
      if (expected > 0 && 1 / expected > worst.scale) worst = { scale: 1 / expected, what: `the starting stock of '${r.model.states[s.state]?.name ?? s.state}'${p.areas ? ` in ${r.name}` : ''}` };
    }
  }
  return worst;
}

/** The number of children a replicate of the scenario is expected to simulate at `scale`: its starting stocks and arrivals, warm-up included. */
export function expectedChildren(p: PreparedScenario, scale: number): number {
  const days = p.grid.bounds.at(-1)! - p.grid.warmupStart;
  const runs = p.areas ? p.areas.areas.map((a) => ({ share: a.share, model: a.epochs[0]!.model })) : [{ share: 1, model: p.epochs[0]!.model }];
  return runs.reduce((acc, r) => acc + r.share * scale * (r.model.initialStocks().reduce((a, s) => a + s.count, 0) + r.model.arrivals.reduce((a, x) => a + x.ratePerDay * days, 0)), 0);
}

/**
 * Refuses a --trace of more children than a replicate is expected to simulate: such a sample is
 * every child, every event of the run kept in memory until the end.
 */
export function checkTrace(p: PreparedScenario, scale: number, trace: number): void {
  if (trace === 0) return;
  const expected = expectedChildren(p, scale);
  if (trace > expected) {
    throw argumentError(`--trace ${trace} is more children than the run has: a replicate of ${p.scenario.name} at scale ${scale} simulates about ${Math.floor(expected).toLocaleString('en-GB')} children (starting stocks and arrivals, warm-up included), so trace at most that many`);
  }
}

/** More children than this in one replicate's starting stocks cannot be held (nor simulated in a useful time). */
const MAX_SIMULATED_STOCK = 5e7;

/**
 * Refuses (exit 2) a scale at which some stream or stock of a scenario would hold no child, and
 * starting stocks too large to hold (a duration or count parameter far too large: 1e15 months).
 */
export function checkScale(scenarios: PreparedScenario[], scale: number): void {
  for (const p of scenarios) {
    const runs = p.areas ? p.areas.areas.map((a) => ({ share: a.share, model: a.epochs[0]!.model })) : [{ share: 1, model: p.epochs[0]!.model }];
    const stock = runs.reduce((acc, r) => acc + r.model.initialStocks().reduce((a, s) => a + s.count * r.share * scale, 0), 0);
    if (!(stock <= MAX_SIMULATED_STOCK)) {
      const big = runs[0]!.model.initialStocks().reduce((a, s) => (s.count > a.count ? s : a), runs[0]!.model.initialStocks()[0]!);
      throw new InputError(p.scenario.source.file, `its starting stocks would hold ${stock.toPrecision(3)} simulated children at scale ${scale} (the largest, '${runs[0]!.model.states[big.state]?.name}', ${big.count.toPrecision(3)} in England), more than ${MAX_SIMULATED_STOCK.toLocaleString('en-GB')}: a duration or count parameter is far too large (ehsim explain lists them)`);
    }
    const least = smallestUsefulScale(p);
    if (scale < least.scale) {
      throw argumentError(`--scale ${scale} is too small for ${p.scenario.name}: ${least.what} would expect fewer than one simulated child over the run; the smallest scale that simulates every stream is ${Number(least.scale.toPrecision(2))} (estimates need far more: see the README, "What scale a regional question needs")`);
    }
  }
}
