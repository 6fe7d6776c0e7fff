import { makeSampler, type Sampler } from '../kernel/distributions.js';
import { DAYS_PER_YEAR, type PopulationArrival } from './compiledModel.js';

/** Where a reported year's population came from. */
export type PopulationKind = 'observed' | 'projected' | 'held';

/** Children by single year of age in each reported year of a run. */
export interface YearPopulations {
  /** byYear[i][a]: children aged a in reported year i. */
  byYear: number[][];
  kind: PopulationKind[];
  /** The projection's assumptions, as used. */
  births: number;
  netMigration: number;
}

/**
 * The population in each of `labels` (consecutive financial years): observed rows as given; years
 * after the last observed row aged forward one year at a time (everyone a year older, `births`
 * children aged 0, `netMigration` a year spread evenly over the ages, deaths in childhood ignored);
 * years before the first observed row held at it.
 */
export function populationByYear(labels: string[], observedYears: string[], observed: number[][], births: number, netMigration: number): YearPopulations {
  const ages = observed[0]!.length;
  const perAge = netMigration / ages;
  const first = Number(observedYears[0]!.slice(0, 4));
  const byYear: number[][] = [];
  const kind: PopulationKind[] = [];
  let last = observed.at(-1)!;
  let lastYear = Number(observedYears.at(-1)!.slice(0, 4));
  for (const label of labels) {
    const y = Number(label.slice(0, 4));
    const at = observedYears.indexOf(label);
    if (at >= 0) {
      byYear.push(observed[at]!.slice());
      kind.push('observed');
    } else if (y < first) {
      byYear.push(observed[0]!.slice());
      kind.push('held');
    } else {
      while (lastYear < y) {
        last = last.map((_, a) => Math.max(0, (a === 0 ? births : last[a - 1]!) + perAge));
        lastYear++;
      }
      byYear.push(last.slice());
      kind.push('projected');
    }
  }
  return { byYear, kind, births, netMigration };
}

/** Arrivals already worked out for a population: every epoch of a ramp compiles the same ones again. */
const arrivalsFor = new WeakMap<YearPopulations, Map<string, PopulationArrival>>();

/**
 * Keeps the rate per child at each single year of age fixed at the first reported year's. The
 * age distribution (piecewise uniform, in days) is split at whole years; each piece's weight is
 * scaled by that age's population in the year over the first year's. Ages beyond the population
 * rows keep their weight.
 */
export function populationArrival(breaks: number[], weights: number[], ratePerYear: number, pop: YearPopulations): PopulationArrival {
  let known = arrivalsFor.get(pop);
  if (!known) arrivalsFor.set(pop, (known = new Map()));
  const key = JSON.stringify([breaks, weights, ratePerYear]);
  let arrival = known.get(key);
  if (!arrival) {
    if (known.size >= 256) known.clear();
    known.set(key, (arrival = workOutArrival(breaks, weights, ratePerYear, pop)));
  }
  return arrival;
}

function workOutArrival(breaks: number[], weights: number[], ratePerYear: number, pop: YearPopulations): PopulationArrival {
  const base = pop.byYear[0]!;
  const segBreaks: number[] = [breaks[0]!];
  const segWeights: number[] = [];
  const segAge: number[] = [];
  for (let i = 0; i < weights.length; i++) {
    const lo = breaks[i]!, hi = breaks[i + 1]!;
    let s = lo;
    while (s < hi) {
      const a = Math.floor(s / DAYS_PER_YEAR + 1e-9);
      const e = Math.min(hi, (a + 1) * DAYS_PER_YEAR);
      segBreaks.push(e);
      segWeights.push((weights[i]! * (e - s)) / (hi - lo));
      segAge.push(a);
      s = e;
    }
  }
  const total = segWeights.reduce((x, w) => x + w, 0);
  const ratio = (year: number[], a: number) => (a < base.length && base[a]! > 0 ? year[a]! / base[a]! : 1);
  const factor: number[] = [];
  const age: Sampler[] = [];
  for (const year of pop.byYear) {
    const w = segWeights.map((x, k) => x * ratio(year, segAge[k]!));
    const sum = w.reduce((x, v) => x + v, 0);
    factor.push(total > 0 ? sum / total : 1);
    age.push(makeSampler({ type: 'empirical', breaks: segBreaks, weights: sum > 0 ? w : segWeights }));
  }
  const perTenThousand = base.map((n, a) => {
    const share = segWeights.reduce((x, v, k) => x + (segAge[k] === a ? v : 0), 0) / (total || 1);
    return n > 0 ? (1e4 * ratePerYear * share) / n : 0;
  });
  return { factor, age, perTenThousand };
}
