import type { DeclaredLever, Scenario } from '../scenario/loadScenario.js';
import { priceFactor } from './prices.js';
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
  fromDay: number;
  /** Value just before the lever starts, and once fully in force (at the end of any ramp). */
  oldValue: number;
  newValue: number;
}

export interface PolicyPlan {
  epochs: ParameterEpoch[];
  levers: LeverPlan[];
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
    if (typeof raw === 'number') return field === 'scale' ? raw : raw * factorOf(l.entry.parameter);
    const p = base.get(raw);
    if (!p) throw fail(l, field, `unknown parameter '${raw}'`);
    if (typeof p.value !== 'number') throw fail(l, field, `parameter '${raw}' is a table, expected a number`);
    return p.value;
  };

  for (const l of scenario.levers) {
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
    steps.set(l, list.filter((s) => s.day < horizonEndDay));
  }

  const changeDays = [...new Set([...steps.values()].flatMap((list) => list.map((s) => s.day)))].sort((a, b) => a - b);
  const levers: LeverPlan[] = [];
  const changed = new Set<DeclaredLever>();

  /** Parameter overrides in force on `day`, applying every lever in order. */
  const overridesAt = (day: number): Map<string, number> => {
    const values = new Map<string, number>();
    for (const l of scenario.levers) {
      const e = l.entry;
      const list = steps.get(l)!;
      let fraction = 0;
      for (const s of list) if (s.day <= day) fraction = s.fraction;
      if (fraction === 0) continue;
      const current = values.get(e.parameter) ?? (base.get(e.parameter)!.value as number);
      if (e.onlyIfBelow !== undefined && !(current < e.onlyIfBelow * factorOf(e.parameter))) continue;
      if (e.onlyIfAbove !== undefined && !(current > e.onlyIfAbove * factorOf(e.parameter))) continue;
      const a = amount(l);
      const target = e.set !== undefined ? a : e.add !== undefined ? current + a : current * a;
      const next = current + fraction * (target - current);
      if (next !== current) changed.add(l);
      values.set(e.parameter, next);
    }
    return values;
  };

  const epochs: ParameterEpoch[] = [{ start: -Infinity, overrides: new Map(), parameters: base }];
  for (const day of changeDays) {
    const overrides = overridesAt(day);
    let parameters: ResolvedParameters;
    try {
      parameters = resolveParameters(scenario, fixed, overrides);
    } catch (e) {
      if (e instanceof LeverValueError) {
        const culprit = [...scenario.levers].reverse().find((l) => l.entry.parameter === e.parameter) ?? scenario.levers[0]!;
        throw fail(culprit, null, `makes ${e.parameter} = ${e.value} from day ${day}: ${e.problem}`);
      }
      throw e;
    }
    epochs.push({ start: day, overrides, parameters });
  }

  for (const l of scenario.levers) {
    if (!changed.has(l)) {
      const why = l.entry.onlyIfBelow !== undefined || l.entry.onlyIfAbove !== undefined ? 'its condition never holds' : 'the new value equals the old';
      throw fail(l, null, `changes nothing (${why})`);
    }
    const fromDay = dayOf(start, l.entry.from);
    const before = overridesAt(fromDay - 1).get(l.entry.parameter) ?? (base.get(l.entry.parameter)!.value as number);
    const lastDay = steps.get(l)!.at(-1)!.day;
    const after = overridesAt(lastDay).get(l.entry.parameter)!;
    levers.push({ lever: l, fromDay, oldValue: before, newValue: after });
  }
  return { epochs, levers };
}
