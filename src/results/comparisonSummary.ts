import type { UncertaintySummary } from './psaIntervals.js';
import type { ScenarioResults } from './annualTables.js';
import { cumulativeByYear, horizonSummary, yearWeights, type HorizonSummary } from './comparison.js';
import { appraisalFactors, discountingStatement, type Appraisal, type DiscountSchedule } from './discounting.js';
import type { OutcomeDeclarations } from '../model/outcomeDeclarations.js';
import { economicsDefinitions, summaryDefinitions } from './summaryDefinitions.js';
import { economicValues, perspectivesOf, summariseEconomics, type ScenarioEconomics } from './economics.js';
import { periodWeights, policyPeriod, type PolicyPeriod } from './years.js';

/** How the comparison is appraised: the schedule, the appraisal year and each scenario's policy start (null: it changes no lever), baseline first. */
export interface AppraisalSettings {
  schedule: DiscountSchedule;
  appraisal: Appraisal;
  starts: (string | null)[];
}

/**
 * summary.json of a comparison: every scenario's totals against the baseline over its policy's
 * years, with present values discounted to the appraisal year, and their definitions.
 */
export function comparisonSummary(results: ScenarioResults[], replicates: number, crn: boolean, a: AppraisalSettings, declared: OutcomeDeclarations, priceYear: string) {
  const [base, ...others] = results as [ScenarioResults, ...ScenarioResults[]];
  const { schedule, appraisal } = a;
  const years = base.years;
  const factors = appraisalFactors(schedule, years, appraisal);
  const policies: Record<string, PolicyPeriod> = {};
  const scenarios: Record<string, HorizonSummary> = {};
  const economics: Record<string, ScenarioEconomics> = {};
  others.forEach((res, k) => {
    const period = policyPeriod(years, a.starts[k + 1] ?? null);
    policies[res.scenario] = period;
    const w = yearWeights(periodWeights(years, period), factors);
    scenarios[res.scenario] = horizonSummary(base, res, w, declared);
    economics[res.scenario] = summariseEconomics(economicValues(base, res, w.discount, declared), declared);
  });
  const sunk = years.filter((_, i) => i < years.indexOf(appraisal.year));
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
      base_year: appraisal.year,
      factors: Object.fromEntries(years.map((y, i) => [y, factors[i]])),
    },
    appraisal: {
      year: appraisal.year,
      default: appraisal.default,
      sunk_years: sunk,
      statement: discountingStatement(schedule, years, appraisal),
    },
    policies,
    definitions: summaryDefinitions(declared, appraisal.year, `${schedule.source.short ?? schedule.name}, ${schedule.source.year}`),
    scenarios,
    economics: {
      perspectives: perspectivesOf(declared).map(({ name, label, description }) => ({ name, label, description })),
      thresholds: declared.costEffectiveness?.thresholds ?? null,
      uncertainty: `Monte Carlo only: the spread over ${replicates} paired replicates with every parameter at its central value (see uncertainty for intervals that also carry parameter uncertainty, when the comparison ran a PSA)`,
      definitions: economicsDefinitions(appraisal.year),
      scenarios: economics,
    },
    cumulative_by_year: Object.fromEntries(others.map((res) => [res.scenario, cumulativeByYear(base, res, factors, declared)])),
  };
}

export type ComparisonSummary = ReturnType<typeof comparisonSummary> & { uncertainty?: UncertaintySummary };
