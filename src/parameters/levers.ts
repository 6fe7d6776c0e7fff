import type { DeclaredLever, Scenario } from '../scenario/loadScenario.js';
import { convertUnit } from '../scenario/units.js';
import { isMoney, priceFactor } from './prices.js';
import { LeverValueError, resolveParameters, type ResolvedParameters } from './resolveParameters.js';

const DAY_MS = 86_400_000;

/** A period during which every parameter is constant: from `start` (day relative to the calendar start). */
export interface ParameterEpoch {
  start: number;
  overrides: Map<string, number>;
  parameters: ResolvedParameters;
}

/** What a lever does, for levers.csv. */
export interface LeverPlan {
  lever: DeclaredLever;
  /** The area this plan is for (absent: a run without areas). */
  area?: string;
  /** Whether the lever changes anything here (in a run without areas a lever that changes nothing is an error). */
  changed: boolean;
  fromDay: number;
  /** Value just before the lever starts, and once fully in force (at the end of any ramp). */
  oldValue: number;
  newValue: number;
}

export interface PolicyPlan {
  epochs: ParameterEpoch[];
  levers: LeverPlan[];
}

/** Planning for one area: which levers apply there, what its parameters are and how amounts are shared. */
export interface AreaPlanning {
  code: string;
  /** The area's own values (scenario price year) before any lever: they replace the national ones. */
  values: ReadonlyMap<string, number>;
  /** Levers that apply in this area (the others are skipped). */
  applies: (l: DeclaredLever) => boolean;
  /** What a national `set` or `add` amount of this lever is multiplied by here (its allocation). */
  allocation: (l: DeclaredLever) => number;
  /** Turns a parameter's value into the area's own per 10,000 children on `day`. */
  per10k: (value: number, day: number) => number;
  /** Whether a lever whose condition tests a metric is in force on `day` (decided year by year as the run goes). */
  metricHolds: (l: DeclaredLever, day: number) => boolean;
  /** The days each reported year starts (a metric's condition is decided there). */
  yearStarts: readonly number[];
}

function dayOf(start: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS);
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/**
 * Turns a scenario's levers into epochs of constant parameters. A ramp over
 * Y years moves in monthly steps, each at the value the straight line takes at
 * the middle of that month. Levers apply in order, so two levers on one
 * parameter compose. Formulas are re-evaluated once per epoch, never per event.
 *
 * Values here are in the scenario's price year: `base` is resolved, a parameter named as an
 * amount is resolved, and a number given to `set`, `add`, `onlyIfBelow` or `onlyIfAbove` on a
 * money parameter is in that parameter's own price year (its `priceYear`), so it is converted
 * here, once, with the parameter's factor (`scale` is a ratio and is not converted).
 */
export function planPolicy(
  scenario: Scenario,
  base: ResolvedParameters,
  horizonEndDay: number,
  readBy: (parameter: string) => boolean,
  /** Values an analysis fixed for the whole run (levers still change them from their dates). */
  fixed: ReadonlyMap<string, number> = new Map(),
  area?: AreaPlanning,
): PolicyPlan {
  const start = scenario.calendar.start;
  const fail = (l: DeclaredLever, field: string | null, message: string) =>
    l.origin.error(field ? ['policy', l.index, field] : ['policy', l.index], `lever '${l.entry.name}': ${message}`);

  interface Step {
    day: number;
    fraction: number;
  }
  const steps = new Map<DeclaredLever, Step[]>();
  /** A number stated in the parameter's own price year, in the scenario's. */
  const factorOf = (name: string): number => priceFactor(scenario, scenario.parameters.get(name)!);
  const amount = (l: DeclaredLever): number => {
    const raw = l.entry.set ?? l.entry.add ?? l.entry.scale!;
    const field = l.entry.set !== undefined ? 'set' : l.entry.add !== undefined ? 'add' : 'scale';
    const shared = field === 'scale' || !area ? 1 : area.allocation(l);
    if (typeof raw === 'number') return field === 'scale' ? raw : inParameterUnit(l, field, raw) * factorOf(l.entry.parameter) * shared;
    const p = base.get(raw);
    if (!p) throw fail(l, field, `unknown parameter '${raw}'`);
    if (typeof p.value !== 'number') throw fail(l, field, `parameter '${raw}' is a table, expected a number`);
    return p.value * shared;
  };
  /** A number given to set or add, in the parameter's unit: converted from the lever's `unit`; money needs one. */
  const inParameterUnit = (l: DeclaredLever, field: string, n: number): number => {
    const unit = scenario.parameters.get(l.entry.parameter)!.entry.unit;
    if (l.entry.unit === undefined) {
      if (isMoney(unit) && n !== 0) throw fail(l, field, `${n} of what? Give the lever a unit (e.g. unit: GBP million per year): ${l.entry.parameter} is in '${unit}'`);
      return n;
    }
    const converted = convertUnit(n, l.entry.unit, unit);
    if (typeof converted === 'string') throw fail(l, 'unit', `${converted}: ${l.entry.parameter} is in '${unit}'`);
    return converted;
  };
  const levers = scenario.levers.filter((l) => !area || area.applies(l));

  for (const l of levers) {
    const e = l.entry;
    const p = base.get(e.parameter);
    if (!p) throw fail(l, 'parameter', `unknown parameter '${e.parameter}', so this lever would change nothing`);
    if (typeof p.value !== 'number') throw fail(l, 'parameter', `'${e.parameter}' is a table; levers change numbers`);
    if (!readBy(e.parameter)) throw fail(l, 'parameter', `'${e.parameter}' is not used by the model, so this lever would change nothing`);
    const fromDay = dayOf(start, e.from);
    if (fromDay < 0) throw fail(l, 'from', `starts ${e.from}, before the scenario's first year (${start})`);
    if (fromDay >= horizonEndDay) throw fail(l, 'from', `starts ${e.from}, after the horizon ends, so it would change nothing`);
    const months = Math.round((e.rampYears ?? 0) * 12);
    const list: Step[] =
      months <= 0
        ? [{ day: fromDay, fraction: 1 }]
        : Array.from({ length: months + 1 }, (_, k) => ({ day: dayOf(start, addMonths(e.from, k)), fraction: k < months ? (k + 0.5) / months : 1 }));
    if (l.entry.when?.metric !== undefined && area) {
      // Decided at each year's start: the lever's value there is the ramp's so far.
      for (const y of area.yearStarts) {
        if (y <= fromDay || list.some((s) => s.day === y)) continue;
        const before = list.filter((s) => s.day < y).at(-1);
        list.push({ day: y, fraction: before ? before.fraction : 0 });
      }
      list.sort((a, b) => a.day - b.day);
    }
    steps.set(l, list.filter((s) => s.day < horizonEndDay));
  }

  const changeDays = [...new Set([...steps.values()].flatMap((list) => list.map((s) => s.day)))].sort((a, b) => a - b);
  const plans: LeverPlan[] = [];
  const changed = new Set<DeclaredLever>();
  const resolvedAt = new Map<string, ResolvedParameters>();
  // Each epoch's parameters are the base's but for what its levers change (base has the area's values as lever values).
  const from = { parameters: base, leverValues: area?.values ?? new Map<string, number>() };
  /** A parameter's value on `day` given the values set so far (formulas resolved with them). */
  const valueOf = (name: string, values: Map<string, number>): number => {
    const direct = values.get(name);
    if (direct !== undefined) return direct;
    const p = base.get(name)!;
    if (p.formula === undefined) return p.value as number;
    const key = JSON.stringify([...values]);
    let r = resolvedAt.get(key);
    if (!r) resolvedAt.set(key, (r = resolveParameters(scenario, fixed, values, from)));
    return r.get(name)!.value as number;
  };
  /** Whether a lever's `when` holds on `day` (a metric's is decided by the run, year by year). */
  const holds = (l: DeclaredLever, day: number, values: Map<string, number>): boolean => {
    const w = l.entry.when;
    if (!w) return true;
    if (w.metric !== undefined) return area ? area.metricHolds(l, day) : true;
    const raw = valueOf(w.parameter!, values);
    const v = w.per10k && area ? area.per10k(raw, day) : raw;
    const bound = w.below ?? w.above!;
    const limit = typeof bound === 'string' ? valueOf(bound, values) : bound;
    return w.below !== undefined ? v < limit : v > limit;
  };

  /** Parameter overrides in force on `day`, applying every lever in order (an area's own values first). */
  const overridesAt = (day: number): Map<string, number> => {
    const values = new Map<string, number>(area?.values ?? []);
    for (const l of levers) {
      const e = l.entry;
      const list = steps.get(l)!;
      let fraction = 0;
      for (const s of list) if (s.day <= day) fraction = s.fraction;
      if (fraction === 0) continue;
      const current = values.get(e.parameter) ?? (base.get(e.parameter)!.value as number);
      if (e.onlyIfBelow !== undefined && !(current < e.onlyIfBelow * factorOf(e.parameter))) continue;
      if (e.onlyIfAbove !== undefined && !(current > e.onlyIfAbove * factorOf(e.parameter))) continue;
      if (!holds(l, day, values)) continue;
      const a = amount(l);
      const target = e.set !== undefined ? a : e.add !== undefined ? current + a : current * a;
      const next = current + fraction * (target - current);
      if (next !== current) changed.add(l);
      values.set(e.parameter, next);
    }
    return values;
  };

  const epochs: ParameterEpoch[] = [{ start: -Infinity, overrides: new Map(area?.values ?? []), parameters: base }];
  for (const day of changeDays) {
    const overrides = overridesAt(day);
    let parameters: ResolvedParameters;
    try {
      parameters = resolveParameters(scenario, fixed, overrides, from);
    } catch (e) {
      if (e instanceof LeverValueError) {
        const culprit = [...levers].reverse().find((l) => l.entry.parameter === e.parameter) ?? levers[0]!;
        throw fail(culprit, null, `makes ${e.parameter} = ${e.value} from day ${day}: ${e.problem}`);
      }
      throw e;
    }
    epochs.push({ start: day, overrides, parameters });
  }

  for (const l of levers) {
    if (!area && !changed.has(l)) throw fail(l, null, `changes nothing (${whyUnchanged(l)})`);
    const fromDay = dayOf(start, l.entry.from);
    const before = overridesAt(fromDay - 1).get(l.entry.parameter) ?? (base.get(l.entry.parameter)!.value as number);
    const lastDay = steps.get(l)!.at(-1)!.day;
    const after = overridesAt(lastDay).get(l.entry.parameter) ?? before;
    plans.push({ lever: l, ...(area ? { area: area.code } : {}), changed: changed.has(l), fromDay, oldValue: before, newValue: after });
  }
  return { epochs, levers: plans };
}

/** Why a lever changed nothing, for the error. */
export function whyUnchanged(l: DeclaredLever): string {
  return l.entry.onlyIfBelow !== undefined || l.entry.onlyIfAbove !== undefined || l.entry.when ? 'its condition never holds' : 'the new value equals the old';
}
