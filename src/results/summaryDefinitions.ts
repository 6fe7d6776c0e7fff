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
    out[`cost_per_${main.perName}`] = `mean(net_present_cost) / mean(${d}): a ratio of means of discounted sums (null when the mean of ${d} is not positive); lo95 and hi95 are the 2.5th and 97.5th percentiles of the per-replicate ratios, mcse by the delta method`;
  }
  if (spending) {
    const [i, r] = [discountedName(spending.intervention.name), discountedName(spending.rest.name)];
    out[i] = `present value of ${spending.intervention.name}: each year's difference ${discounted} (GBP)`;
    out[r] = `present value of ${spending.rest.name}: each year's difference ${discounted} (GBP)`;
    out.return_per_pound = `${spending.rest.savings} per £ of extra ${spending.intervention.perPound}: -mean(${r}) / mean(${i}), a ratio of means of discounted sums (null when the mean extra spending is not positive); lo95 and hi95 are the percentiles of the per-replicate ratios`;
  }
  const cumulative = [...(headlineEffects(o).length ? [listOfLabels(headlineEffects(o).map((e) => e.headline.label))] : []), 'net cost', 'net present cost'];
  out.cumulative_by_year = `for each year, the same differences summed from the first reported year to that year (${cumulative.join(', ')}; the net present cost counts nothing before ${year})`;
  return out;
}

/** summary.json's definitions of the economics block (see docs/analysis.md for the formulas). */
export function economicsDefinitions(year: string): Record<string, string> {
  const pv = `each year's paired difference times its discount factor, summed over the scenario's policy years (discounted to ${year}; sunk years left out)`;
  return {
    discounted_effects: `every declared effect, ${pv}: effects are discounted at the same rates as costs`,
    net_present_cost: `the perspective's cost categories (its payers'), scenario minus baseline, ${pv} (GBP)`,
    icer: 'incremental cost-effectiveness ratio: mean(net_present_cost) / mean(discounted cost-effectiveness effect), a ratio of means; value null in the north-west (dominated) and south-east (dominant) quadrants, where a ratio misleads',
    quadrant: 'where the means sit on the cost-effectiveness plane: north-east (more effect, more cost), south-east (more effect, less cost), north-west (less effect, more cost), south-west (less effect, less cost)',
    net_monetary_benefit: 'threshold x discounted effect - net present cost, per replicate (or PSA draw), at each threshold (GBP per unit of effect); positive: worth it at that threshold',
    return_per_pound: "-mean(net present cost other than the intervention's spending) / mean(the intervention's net present spending): what the perspective gets back per £ of extra spending, a ratio of means",
  };
}
