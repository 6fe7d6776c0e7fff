import type { DeclaredParameter, Scenario, Table } from '../scenario/loadScenario.js';
import { FormulaError, parseFormula } from './formula.js';
import { convertValue, isMoney, priceFactor } from './prices.js';
import { checkUnitRange } from './units.js';

export interface ResolvedParameter {
  name: string;
  /** Money is in the scenario's price year. */
  value: number | Table;
  unit: string;
  formula?: string;
  declared: DeclaredParameter;
  /** Money only: the value as stated (the file's, an analysis's or a lever's) and its price year, before conversion. */
  stated?: { value: number | Table; priceYear: string; convertedTo: string };
}

export type ResolvedParameters = Map<string, ResolvedParameter>;

/**
 * Evaluates every parameter of a scenario: values as given, formulas in
 * dependency order. Unknown names, cycles, forbidden functions, values
 * outside their unit's range and money without a usable price year are errors
 * located in the file that declared them.
 *
 * Money is converted to the scenario's price year exactly once, here: a value
 * and an `overrides` value (an analysis's: a draw, a sweep point, a fitted
 * value) are in the parameter's own price year, as its `value` would be
 * written; `leverValues` (planPolicy's) are already in the scenario's price
 * year and win over both; formulas compute from converted parameters.
 */
export function resolveParameters(scenario: Scenario, overrides?: ReadonlyMap<string, number>, leverValues?: ReadonlyMap<string, number>, from?: ResolvedFrom): ResolvedParameters {
  const declared = scenario.parameters;
  const resolved: ResolvedParameters = new Map();
  const kept = from ? unaffected(scenario, from, leverValues) : null;
  const parsed = new Map<string, ReturnType<typeof parseFormula>>();

  for (const [name, d] of declared) {
    if (d.entry.formula === undefined) continue;
    try {
      parsed.set(name, parseFormula(d.entry.formula));
    } catch (e) {
      throw d.origin.error(['parameters', name, 'formula'], (e as Error).message);
    }
    for (const sym of parsed.get(name)!.symbols) {
      if (!declared.has(sym)) throw d.origin.error(['parameters', name, 'formula'], `unknown parameter '${sym}' in formula`);
    }
  }

  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    const s = state.get(name);
    if (s === 'done') return;
    const same = kept?.(name);
    if (same) {
      resolved.set(name, same);
      state.set(name, 'done');
      return;
    }
    const d = declared.get(name)!;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(name)), name].join(' -> ');
      throw d.origin.error(['parameters', name, 'formula'], `cyclic formula: ${cycle}`);
    }
    state.set(name, 'visiting');
    const factor = priceFactor(scenario, d);
    let value: number | Table;
    const lever = leverValues?.get(name);
    const override = lever ?? overrides?.get(name);
    const f = override === undefined ? parsed.get(name) : undefined;
    let stated: number | Table;
    if (lever !== undefined) {
      value = stated = lever;
    } else if (override !== undefined) {
      stated = override;
      value = override * factor;
    } else if (f) {
      for (const sym of f.symbols) visit(sym, [...path, name]);
      const scope = new Map<string, number>();
      for (const sym of f.symbols) {
        const v = resolved.get(sym)!.value;
        if (typeof v !== 'number') throw d.origin.error(['parameters', name, 'formula'], `parameter '${sym}' is a table and cannot be used in a formula`);
        scope.set(sym, v);
      }
      try {
        value = f.evaluate(scope);
      } catch (e) {
        throw d.origin.error(['parameters', name, 'formula'], e instanceof FormulaError ? e.message : `cannot evaluate formula: ${(e as Error).message}`);
      }
      if (!Number.isFinite(value)) throw d.origin.error(['parameters', name, 'formula'], `formula gives ${value}, expected a finite number`);
      stated = value;
    } else {
      stated = d.entry.value!;
      value = convertValue(stated, factor);
    }
    if (typeof stated === 'number') {
      // Checked as stated, so a message shows the number the user wrote (conversion keeps the sign).
      const problem = checkUnitRange(d.entry.unit, stated);
      if (problem && override !== undefined) throw new LeverValueError(name, stated, problem);
      const asWritten = d.entry.statedAs && override === undefined ? ` (${d.entry.statedAs.value} ${d.entry.statedAs.unit} as written)` : '';
      if (problem) throw d.origin.error(['parameters', name, f ? 'formula' : 'value'], f ? `formula gives ${stated}: ${problem}` : `${problem}${asWritten}`);
    }
    const money = isMoney(d.entry.unit) ? { stated: { value: stated, priceYear: lever !== undefined || d.entry.formula !== undefined ? scenario.prices!.priceYear : d.entry.priceYear!, convertedTo: scenario.prices!.priceYear } } : {};
    resolved.set(name, { name, value, unit: d.entry.unit, formula: d.entry.formula, declared: d, ...money });
    state.set(name, 'done');
  };
  for (const name of declared.keys()) visit(name, []);

  // Keep declaration order for reproducible manifests.
  return new Map([...declared.keys()].map((k) => [k, resolved.get(k)!]));
}

/**
 * A resolution of the same scenario with the same overrides and other lever values (`leverValues`),
 * to start from: parameters whose lever value is the same, and whose formulas read only such
 * parameters, are taken from it as they are. (An area's parameters from the national ones, an
 * epoch's from the epoch before the levers: each changes a few values of hundreds.)
 */
export interface ResolvedFrom {
  parameters: ResolvedParameters;
  leverValues?: ReadonlyMap<string, number>;
}

/** The entries of `from` still right under `leverValues` (undefined for a parameter to resolve again). */
function unaffected(scenario: Scenario, from: ResolvedFrom, leverValues?: ReadonlyMap<string, number>): (name: string) => ResolvedParameter | undefined {
  const before = from.leverValues ?? new Map<string, number>();
  const now = leverValues ?? new Map<string, number>();
  const dependents = dependentsOf(scenario);
  const affected = new Set<string>();
  const mark = (name: string): void => {
    if (affected.has(name)) return;
    affected.add(name);
    for (const d of dependents.get(name) ?? []) mark(d);
  };
  for (const name of new Set([...before.keys(), ...now.keys()])) if (before.get(name) !== now.get(name)) mark(name);
  return (name) => (affected.has(name) ? undefined : from.parameters.get(name));
}

const dependentsByScenario = new WeakMap<Scenario, Map<string, string[]>>();

function dependentsOf(scenario: Scenario): Map<string, string[]> {
  let d = dependentsByScenario.get(scenario);
  if (!d) dependentsByScenario.set(scenario, (d = formulaDependents(scenario)));
  return d;
}

/** A lever pushed a parameter outside its unit's range (the caller names the lever). */
export class LeverValueError extends Error {
  constructor(
    readonly parameter: string,
    readonly value: number,
    readonly problem: string,
  ) {
    super(`${parameter} = ${value}: ${problem}`);
  }
}

/** For each parameter, the formula parameters that use it directly. */
export function formulaDependents(scenario: Scenario): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, d] of scenario.parameters) {
    if (d.entry.formula === undefined) continue;
    for (const sym of parseFormula(d.entry.formula).symbols) out.set(sym, [...(out.get(sym) ?? []), name]);
  }
  return out;
}

/**
 * Plain-data view of resolved parameters, for the manifest: money as stated with its price year,
 * and `converted`, its value in the scenario's price year.
 */
export function parametersForManifest(params: ResolvedParameters): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of params) {
    const e = p.declared.entry;
    out[name] = {
      value: p.stated ? p.stated.value : p.value,
      unit: p.unit,
      ...(p.formula ? { formula: p.formula } : {}),
      ...(p.stated ? { priceYear: p.stated.priceYear, converted: { value: p.value, priceYear: p.stated.convertedTo } } : {}),
      source: e.source,
      ...(e.distribution ? { distribution: e.distribution } : {}),
      file: p.declared.origin.file,
    };
  }
  return out;
}
