import type { OutcomeDeclarations, PerspectiveDeclaration } from '../model/outcomeDeclarations.js';
import type { ScenarioResults } from './annualTables.js';
import { mainEffect } from './outcomes.js';
import { ratioOfMeans, summarise as summaryOf, type Summary } from './statistics.js';

/**
 * A scenario's economics against the baseline, one value per paired replicate (or per PSA draw):
 * every declared effect and each perspective's costs, each year's difference weighted by its
 * discount factor (0 before the policy and for sunk years), so effects and costs are discounted alike.
 */
export interface EconomicValues {
  /** Every effect, discounted (baseline minus scenario when fewer is better). */
  effects: Record<string, number[]>;
  /** Per perspective: the net present cost of its payers' categories, and of the intervention's spending. */
  perspectives: Record<string, { cost: number[]; intervention: number[] }>;
}

/** Whose costs count: the model's perspectives, or the council's spending (cost_total) alone. */
export function perspectivesOf(o: OutcomeDeclarations): PerspectiveDeclaration[] {
  return o.perspectives ?? [{ name: 'council', label: 'Council', description: 'the spending the model counts (cost_total)', payers: [], costs: ['cost_total'] }];
}

/** Discounted paired sums, per replicate: sum over years of discount[y] x (scenario - baseline) over the metrics. */
export function economicValues(base: ScenarioResults, other: ScenarioResults, discount: number[], o: OutcomeDeclarations): EconomicValues {
  const idx = (metric: string) => {
    const m = base.metrics.indexOf(metric);
    if (m < 0) throw new Error(`the model reports no '${metric}' metric, needed for the economics`);
    return m;
  };
  const R = base.byReplicate.length;
  const pv = (ms: number[], sign = 1) =>
    Array.from({ length: R }, (_, r) => {
      let acc = 0;
      for (let y = 0; y < base.years.length; y++) {
        if (!discount[y]) continue;
        const d = ms.reduce((a, m) => a + other.byReplicate[r]![y]![m]! - base.byReplicate[r]![y]![m]!, 0);
        acc += discount[y]! * d;
      }
      return sign * acc;
    });
  const effects = Object.fromEntries(o.effects.map((e) => [e.name, pv([idx(e.metric)], e.fewerIsBetter ? -1 : 1)]));
  const intervention = o.spending ? pv(o.spending.intervention.categories.map(idx).sort((a, b) => a - b)) : new Array<number>(R).fill(0);
  const perspectives = Object.fromEntries(perspectivesOf(o).map((p) => [p.name, { cost: pv(p.costs.map(idx).sort((a, b) => a - b)), intervention }]));
  return { effects, perspectives };
}

/** Where a policy sits on the cost-effectiveness plane (effect across, cost up), by the means. */
export function quadrant(effect: number, cost: number): { quadrant: string; meaning: string } {
  if (effect > 0) return cost > 0 ? { quadrant: 'north-east', meaning: 'more effect at more cost: the ICER is the price of each unit' } : { quadrant: 'south-east', meaning: 'more effect and less cost: dominant (no ICER needed)' };
  return cost > 0 ? { quadrant: 'north-west', meaning: 'less effect at more cost: dominated' } : { quadrant: 'south-west', meaning: 'less effect and less cost: the ICER is the saving per unit given up' };
}

export interface PerspectiveEconomics {
  label: string;
  description: string;
  net_present_cost: Summary;
  /** mean(cost) / mean(effect), discounted alike; null outside the north-east and south-west quadrants. */
  icer: { value: number | null; quadrant: string; meaning: string };
  net_monetary_benefit: ({ threshold: number } & Summary)[];
  /** -(cost other than the intervention's spending) / the intervention's spending, a ratio of means (null with no extra spending). */
  return_per_pound: Summary | null;
}

export interface ScenarioEconomics {
  discounted_effects: Record<string, Summary>;
  perspectives: Record<string, PerspectiveEconomics>;
}

/** The economics of one scenario from its paired values (replicates, or PSA draws). */
export function summariseEconomics(v: EconomicValues, o: OutcomeDeclarations, summarise: (xs: number[]) => Summary = summaryOf): ScenarioEconomics {
  const main = mainEffect(o);
  const effect = main ? v.effects[main.effect.name]! : null;
  const thresholds = o.costEffectiveness?.thresholds?.values ?? [];
  const perspectives = Object.fromEntries(
    perspectivesOf(o).map((p) => {
      const { cost, intervention } = v.perspectives[p.name]!;
      const c = summarise(cost);
      const e = effect ? summarise(effect).mean : NaN;
      const q = quadrant(e, c.mean);
      const value = effect && (q.quadrant === 'north-east' || q.quadrant === 'south-west') ? c.mean / e : null;
      const rest = cost.map((x, r) => -(x - intervention[r]!));
      const spends = intervention.some((x) => x !== 0) && summarise(intervention).mean > 0;
      const out: PerspectiveEconomics = {
        label: p.label,
        description: p.description,
        net_present_cost: c,
        icer: { value, ...q },
        net_monetary_benefit: effect ? thresholds.map((t) => ({ threshold: t, ...summarise(effect.map((x, r) => t * x - cost[r]!)) })) : [],
        return_per_pound: spends ? ratioOfMeans(rest, intervention) : null,
      };
      return [p.name, out];
    }),
  );
  return { discounted_effects: Object.fromEntries(Object.entries(v.effects).map(([k, xs]) => [k, summarise(xs)])), perspectives };
}
