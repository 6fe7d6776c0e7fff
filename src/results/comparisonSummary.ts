import type { ScenarioResults } from './annualTables.js';
import { cumulativeByYear, horizonSummary, type HorizonSummary } from './comparison.js';
import { discountFactors, type DiscountSchedule } from './discounting.js';
import type { OutcomeDeclarations } from '../model/outcomeDeclarations.js';
import { summaryDefinitions } from './summaryDefinitions.js';

/** summary.json of a comparison: every scenario's horizon totals against the baseline, with their definitions. */
export function comparisonSummary(results: ScenarioResults[], replicates: number, crn: boolean, schedule: DiscountSchedule, declared: OutcomeDeclarations, priceYear: string) {
  const [base, ...others] = results as [ScenarioResults, ...ScenarioResults[]];
  const years = base.years;
  const factors = discountFactors(schedule, years.length);
  const scenarios: Record<string, HorizonSummary> = {};
  for (const res of others) scenarios[res.scenario] = horizonSummary(base, res, factors, declared);
  return {
    baseline: base.scenario,
    horizon: `${years[0]} to ${years.at(-1)}`,
    replicates,
    common_random_numbers: crn,
    price_year: priceYear,
    discounting: {
      schedule: schedule.name,
      version: schedule.version,
      source: schedule.source,
      rates: schedule.schedule,
      base_year: years[0],
      factors: Object.fromEntries(years.map((y, i) => [y, factors[i]])),
    },
    definitions: summaryDefinitions(declared),
    scenarios,
    cumulative_by_year: Object.fromEntries(others.map((res) => [res.scenario, cumulativeByYear(base, res, factors, declared)])),
  };
}

export type ComparisonSummary = ReturnType<typeof comparisonSummary>;
