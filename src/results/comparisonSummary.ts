import type { ScenarioResults } from './annualTables.js';
import { cumulativeByYear, horizonSummary, type HorizonSummary } from './comparison.js';
import { discountFactors, type DiscountSchedule } from './discounting.js';

/** summary.json of a comparison: every scenario's horizon totals against the baseline, with their definitions. */
export function comparisonSummary(results: ScenarioResults[], replicates: number, crn: boolean, schedule: DiscountSchedule) {
  const [base, ...others] = results as [ScenarioResults, ...ScenarioResults[]];
  const years = base.years;
  const factors = discountFactors(schedule, years.length);
  const scenarios: Record<string, HorizonSummary> = {};
  for (const res of others) scenarios[res.scenario] = horizonSummary(base, res, factors);
  return {
    baseline: base.scenario,
    horizon: `${years[0]} to ${years.at(-1)}`,
    replicates,
    common_random_numbers: crn,
    price_year: 'as sourced: each unit cost keeps the price year stated in its parameter (see manifest.json); no deflation is applied',
    discounting: {
      schedule: schedule.name,
      version: schedule.version,
      source: schedule.source,
      rates: schedule.schedule,
      base_year: years[0],
      factors: Object.fromEntries(years.map((y, i) => [y, factors[i]])),
    },
    definitions: {
      rereferrals_avoided: 'baseline minus scenario re-referrals within 12 months, summed over the horizon',
      early_help_extra_cost: 'scenario minus baseline spending in the cost_early_* categories, summed over the horizon (GBP)',
      social_care_cost_change: 'scenario minus baseline spending in every other cost category (GBP)',
      net_cost: 'scenario minus baseline total cost over the horizon (GBP, undiscounted)',
      net_present_cost: 'net_cost discounted to the first year with the schedule above',
      cost_per_rereferral_avoided: 'net_cost / rereferrals_avoided, per replicate (null when some replicate avoids none)',
      return_per_pound: 'social care savings per £ of extra early help: -social_care_cost_change / early_help_extra_cost (null when some replicate spends nothing extra)',
      cumulative_by_year: 'for each year, the same differences summed from the first year to that year (re-referrals, CP plans and care entries avoided, net cost, net present cost)',
    },
    scenarios,
    cumulative_by_year: Object.fromEntries(others.map((res) => [res.scenario, cumulativeByYear(base, res, factors)])),
  };
}

export type ComparisonSummary = ReturnType<typeof comparisonSummary>;
