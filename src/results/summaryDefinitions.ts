import type { OutcomeDeclarations } from '../model/outcomeDeclarations.js';
import { headlineEffects, listOfLabels, mainEffect } from './outcomes.js';

/** summary.json's definitions of the horizon outcomes the model declares, and of the generic ones. */
export function summaryDefinitions(o: OutcomeDeclarations): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of o.effects) if (e.definition) out[e.name] = e.definition;
  const spending = o.spending;
  if (spending) {
    const { intervention, rest } = spending;
    out[intervention.name] = intervention.definition ?? `scenario minus baseline spending in the ${intervention.categories.join(', ')} categories, summed over the horizon (GBP)`;
    out[rest.name] = 'scenario minus baseline spending in every other cost category (GBP)';
  }
  if (o.elasticity) {
    const e = o.elasticity;
    out[e.name] = `${e.label}: the % change in ${e.metric} for a 1% change in ${o.spending?.intervention.spending ?? 'spending'}, both summed over the horizon, per replicate; an emergent check, not an input (null when a scenario changes that spending by less than 1%)${e.comparator ? `; published range ${e.comparator.low} to ${e.comparator.high} (${e.comparator.source})` : ''}`;
  }
  out.net_cost = 'scenario minus baseline total cost over the horizon (GBP, undiscounted)';
  out.net_present_cost = 'net_cost discounted to the first year with the schedule above';
  const main = mainEffect(o);
  if (main) out[`cost_per_${main.perName}`] = `net_cost / ${main.effect.name}, per replicate (null when some replicate ${main.effect.fewerIsBetter ? 'avoids' : 'gains'} none)`;
  if (spending) {
    out.return_per_pound = `${spending.rest.savings} per £ of extra ${spending.intervention.perPound}: -${spending.rest.name} / ${spending.intervention.name} (null when some replicate spends nothing extra)`;
  }
  const cumulative = [...(headlineEffects(o).length ? [listOfLabels(headlineEffects(o).map((e) => e.headline.label))] : []), 'net cost', 'net present cost'];
  out.cumulative_by_year = `for each year, the same differences summed from the first year to that year (${cumulative.join(', ')})`;
  return out;
}
