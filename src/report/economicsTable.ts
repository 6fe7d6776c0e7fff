import type { ManifestScenario } from '../outputs/manifest.js';
import type { RunFolder } from '../outputs/readFolder.js';
import { mainEffect } from '../results/outcomes.js';
import { count, money } from './format.js';
import type { Table } from './table.js';

/** £0.22, −£0.57: pounds per pound to the penny. */
const pence = (v: number) => `${v < 0 ? '−' : ''}£${Math.abs(v).toFixed(2)}`;

/**
 * A scenario's economics by perspective (CHEERS items 8, 13, 23): net present cost, ICER with its
 * quadrant, net monetary benefit at the model's thresholds and the return per £. Central estimates,
 * with the PSA's 95% uncertainty interval where the comparison ran one. Null without perspectives.
 */
export function economicsTable(run: RunFolder, s: ManifestScenario): Table | null {
  const summary = run.summary!;
  const central = summary.economics?.scenarios[s.name];
  const main = mainEffect(run.declarations.outcomes);
  if (!central || !main) return null;
  const psa = summary.uncertainty?.economics[s.name];
  const spread = (persp: string, pick: (p: NonNullable<typeof central>['perspectives'][string]) => { lo95: number; hi95: number } | null | undefined) => {
    const v = psa ? pick(psa.perspectives[persp]!) : pick(central.perspectives[persp]!);
    return v ? v : null;
  };
  const rows: string[][] = [];
  for (const [name, p] of Object.entries(central.perspectives)) {
    const npc = spread(name, (q) => q.net_present_cost)!;
    rows.push([`${p.label}: net present cost`, money(p.net_present_cost.mean), `${money(npc.lo95)} to ${money(npc.hi95)}`]);
    const icer = p.icer.value === null ? `none (${p.icer.quadrant}: ${p.icer.meaning.split(':')[1]?.trim() ?? p.icer.meaning})` : `${money(p.icer.value)} per ${main.per} (${p.icer.quadrant})`;
    rows.push([`${p.label}: ICER (ratio of means)`, icer, '']);
    p.net_monetary_benefit.forEach((nmb, k) => {
      const v = spread(name, (q) => q.net_monetary_benefit[k]);
      rows.push([`${p.label}: net monetary benefit at ${money(nmb.threshold)} per ${main.per}`, money(nmb.mean), v ? `${money(v.lo95)} to ${money(v.hi95)}` : '']);
    });
    if (p.return_per_pound) {
      const v = spread(name, (q) => q.return_per_pound);
      rows.push([`${p.label}: return per £1 of extra spending`, pence(p.return_per_pound.mean), v ? `${pence(v.lo95)} to ${pence(v.hi95)}` : '']);
    }
  }
  const effect = central.discounted_effects[main.effect.name];
  const effectSpread = (psa ?? central).discounted_effects[main.effect.name];
  if (effect) rows.unshift([`${main.effect.label} (discounted like the costs)`, count(effect.mean), effectSpread ? `${count(effectSpread.lo95)} to ${count(effectSpread.hi95)}` : '']);
  return {
    caption: `${s.title ?? s.name}: economics by perspective, costs and effects discounted alike to ${summary.appraisal.year} (central estimates; ${psa ? '95% uncertainty interval from the PSA, parameters and simulation' : '95% interval from Monte Carlo replicates only'})`,
    columns: ['Measure', 'Estimate', psa ? '95% uncertainty interval' : '95% interval (Monte Carlo)'],
    rows,
    numeric: [1, 2],
  };
}
