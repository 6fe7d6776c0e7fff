import type { OutcomeDeclarations } from '../model/outcomeDeclarations.js';
import { discountedName } from './comparison.js';
import { headlineEffects, listOfLabels, mainEffect } from './outcomes.js';

/** A model file's definition, with "over the horizon" meaning the scenario's policy years (what the totals now sum over). */
const overPolicyYears = (d: string) => (d.includes('over the horizon') ? d.replace('over the horizon', "over the scenario's policy years (see policies)") : `${d}, over the scenario's policy years (see policies)`);

/**
 * summary.json's definitions of the horizon outcomes the model declares, and of the generic ones;
 * `year` is the appraisal year and `cite` the discount schedule's source ("HM Treasury Green Book, 2022").
 */
export function summaryDefinitions(o: OutcomeDeclarations, year: string, cite: string): Record<string, string> {
  const discounted = `discounted to ${year} (the appraisal year, factor 1) at the rates of 'discounting' (${cite}); years before ${year} are sunk and left out`;
  const out: Record<string, string> = {
    policies:
      "for each scenario, the years its totals are summed over: from the financial year holding its earliest lever's date (start) to the end of the horizon, and its first full year (the first year whose 1 April is on or after start; null beyond the horizon); a scenario that changes no lever has start null and the whole horizon",
    appraisal: `the year present values are discounted to: the current financial year when the comparison ran (default true) or --appraisal-year (default false); sunk_years are reported in annual.csv and comparison.csv but left out of every present value`,
  };
  for (const e of o.effects) if (e.definition) out[e.name] = `${overPolicyYears(e.definition)}; undiscounted`;
  const spending = o.spending;
  if (spending) {
    const { intervention, rest } = spending;
    out[intervention.name] = intervention.definition ? `${overPolicyYears(intervention.definition)}; undiscounted` : `scenario minus baseline spending in the ${intervention.categories.join(', ')} categories, summed over the scenario's policy years (GBP, undiscounted)`;
    out[rest.name] = "scenario minus baseline spending in every other cost category, summed over the scenario's policy years (GBP, undiscounted)";
  }
  if (o.elasticity) {
    const e = o.elasticity;
    out[e.name] = `${e.label}: the % change in ${e.metric} for a 1% change in ${o.spending?.intervention.spending ?? 'spending'}, both summed over the scenario's policy years (undiscounted), per replicate; an emergent check, not an input (null when a scenario changes that spending by less than 1%)${e.comparator ? `; published range ${e.comparator.low} to ${e.comparator.high} (${e.comparator.source})` : ''}`;
  }
  out.net_cost = "scenario minus baseline total cost over the scenario's policy years (GBP, undiscounted)";
  out.net_present_cost = `scenario minus baseline total cost, each year's difference ${discounted} (GBP)`;
  const main = mainEffect(o);
  if (main) {
    const d = discountedName(main.effect.name);
    out[d] = `${main.effect.name} with each year's difference ${discounted}: the denominator of cost_per_${main.perName}`;
    out[`cost_per_${main.perName}`] = `net_present_cost / ${d}, per replicate: a ratio of discounted sums (null when some replicate's ${d} is not positive)`;
  }
  if (spending) {
    const [i, r] = [discountedName(spending.intervention.name), discountedName(spending.rest.name)];
    out[i] = `present value of ${spending.intervention.name}: each year's difference ${discounted} (GBP)`;
    out[r] = `present value of ${spending.rest.name}: each year's difference ${discounted} (GBP)`;
    out.return_per_pound = `${spending.rest.savings} per £ of extra ${spending.intervention.perPound}: -${r} / ${i}, per replicate: a ratio of discounted sums (null when some replicate spends nothing extra)`;
  }
  const cumulative = [...(headlineEffects(o).length ? [listOfLabels(headlineEffects(o).map((e) => e.headline.label))] : []), 'net cost', 'net present cost'];
  out.cumulative_by_year = `for each year, the same differences summed from the first reported year to that year (${cumulative.join(', ')}; the net present cost counts nothing before ${year})`;
  return out;
}
