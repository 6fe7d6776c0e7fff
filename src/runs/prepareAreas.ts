import type { YearGrid } from '../model/calendar.js';
import { compileModel, type CompiledModel } from '../model/compileModel.js';
import type { ModelFile } from '../model/modelFile.js';
import { populationByYear, type YearPopulations } from '../model/population.js';
import { planPolicy, whyUnchanged, type AreaPlanning, type LeverPlan } from '../parameters/levers.js';
import { LeverValueError, resolveParameters, type ResolvedParameters } from '../parameters/resolveParameters.js';
import { readAreasFile, type AreasFile, type DeclaredArea } from '../scenario/loadAreas.js';
import type { DeclaredLever, Scenario } from '../scenario/loadScenario.js';
import { nearest } from '../scenario/loadTargets.js';
import { InputError } from '../scenario/inputError.js';
import type { ModelEpoch } from '../simulation/simulateReplicate.js';
import type { EpochControl } from '../simulation/replicate.js';

/** One area of a scenario, ready to simulate: its share of the national model, population, parameters and epochs. */
export interface PreparedArea {
  code: string;
  name: string;
  /** Its share of the national model (children in the areas file's first year over the country's). */
  share: number;
  population: YearPopulations;
  /** Its parameters before any lever (national values where it names none). */
  parameters: ResolvedParameters;
  /** Its periods of constant parameters, with every metric condition taken to hold. */
  epochs: ModelEpoch[];
  levers: LeverPlan[];
  /** For levers whose condition tests a metric: a fresh controller for each run (null without such levers). */
  control: (() => EpochControl) | null;
}

export interface PreparedAreas {
  file: AreasFile;
  areas: PreparedArea[];
}

/** What areas need from the national preparation. */
export interface AreaInputs {
  scenario: Scenario;
  national: ResolvedParameters;
  modelFile: ModelFile;
  grid: YearGrid;
  metrics: string[];
  fixed: ReadonlyMap<string, number>;
  readBy: (parameter: string) => boolean;
  /** The national population (births and net migration are shared by children aged 0 and by children). */
  nationalPopulation: YearPopulations | null;
}

/** Scale-only units: amounts counted over the whole country (children, places, money). */
const COUNTED = /^(children|families|places|count|GBP|£)/i;

/** Whether a parameter of this unit is an amount counted over the country (children, places, money), which an area has its share of. */
export const isCounted = (unit: string): boolean => COUNTED.test(unit.trim());

/** Reads the scenario's areas file and prepares each area; levers naming unknown areas, metrics or parameters are errors at the lever. */
export function prepareAreas(inputs: AreaInputs): PreparedAreas | null {
  const { scenario } = inputs;
  checkConditionParameters(scenario, inputs);
  if (!scenario.areasFile) {
    checkNationalLevers(scenario);
    return null;
  }
  const file = readAreasFile(scenario.areasFile);
  checkAreaLevers(scenario, file, inputs);
  const values = file.areas.map((a) => areaValues(a, file, inputs));
  const weightOf = (l: DeclaredLever, k: number): number => {
    const w = l.entry.allocate?.weight;
    return w === undefined ? 1 : (values[k]!.get(w) ?? (inputs.national.get(w)!.value as number));
  };
  const weightedShare = (l: DeclaredLever): number => file.areas.reduce((acc, a, k) => acc + a.share * weightOf(l, k), 0);
  const areas = file.areas.map((a, k) => prepareArea(a, file, values[k]!, inputs, (l) => weightOf(l, k) / weightedShare(l)));
  for (const l of scenario.levers) {
    const plans = areas.flatMap((a) => a.levers.filter((p) => p.lever === l));
    if (plans.length > 0 && !plans.some((p) => p.changed)) throw l.origin.error(['policy', l.index], `lever '${l.entry.name}': changes nothing in any area (${whyUnchanged(l)})`);
  }
  return { file, areas };
}

/** An area's own parameter values (in the scenario's price year): `set` as given, `scale` times the national value. */
function areaValues(a: DeclaredArea, file: AreasFile, inputs: AreaInputs): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of a.overrides) {
    const at = ['areas', a.index, 'parameters', o.parameter];
    const p = inputs.national.get(o.parameter);
    if (!p) {
      const near = nearest(o.parameter, [...inputs.national.keys()]);
      throw file.origin.error(at, `unknown parameter '${o.parameter}'${near ? ` (did you mean '${near}'?)` : ''}`, true);
    }
    if (typeof p.value !== 'number') throw file.origin.error(at, `'${o.parameter}' is a table; an area can only change numbers`, true);
    if (p.formula !== undefined) throw file.origin.error(at, `'${o.parameter}' is a formula; give the area its inputs instead`, true);
    if (o.set !== undefined && COUNTED.test(p.unit.trim())) throw file.origin.error(at, `'${o.parameter}' (${p.unit}) is counted over the whole country: give it relative to England with 'scale'`, true);
    out.set(o.parameter, o.set ?? p.value * o.scale!);
  }
  return out;
}

function prepareArea(a: DeclaredArea, file: AreasFile, values: Map<string, number>, inputs: AreaInputs, allocation: (l: DeclaredLever) => number): PreparedArea {
  const { scenario, grid, modelFile } = inputs;
  const { shareYear } = file;
  const parameters = inArea(a, () => {
    try {
      return resolveParameters(scenario, inputs.fixed, values, { parameters: inputs.national });
    } catch (e) {
      // An area's own value out of its unit's range (a scale that takes a probability above 1): at the area's entry.
      if (e instanceof LeverValueError) throw file.origin.error(['areas', a.index, 'parameters', e.parameter], `${e.parameter} would be ${e.value} in this area: ${e.problem}`, true);
      throw e;
    }
  });
  const nat = inputs.nationalPopulation;
  // Births are shared by each area's children aged 0, in the year its share is measured.
  const row = a.population.years.indexOf(shareYear);
  const natRow = Math.max(0, grid.labels.indexOf(shareYear));
  const births = nat ? nat.births * (a.population.counts[row]![0]! / nat.byYear[natRow]![0]!) : 0;
  const population = populationByYear(grid.labels, a.population.years, a.population.counts, births, nat ? nat.netMigration * a.share : 0);
  const children = population.byYear.map((row) => row.reduce((x, y) => x + y, 0));
  const yearAt = (day: number): number => Math.max(0, Math.min(grid.labels.length - 1, grid.bounds.findIndex((b) => b > day) - 1));
  const compiled = new Map<string, CompiledModel>();
  let last: CompiledModel | undefined;
  // Each epoch's model is made from the one before where only some states read what changed.
  const compile = (e: { overrides: Map<string, number>; parameters: ResolvedParameters }): CompiledModel => {
    const key = JSON.stringify([...e.overrides]);
    let m = compiled.get(key);
    if (!m) compiled.set(key, (m = last = inArea(a, () => compileModel(modelFile, e.parameters, population, last))));
    return m;
  };
  const planning = (metricHolds: AreaPlanning['metricHolds']): AreaPlanning => ({
    code: a.code,
    values,
    applies: (l) => !l.entry.areas || l.entry.areas.includes(a.code) || l.entry.areas.includes(a.name),
    allocation,
    per10k: (v, day) => (v * a.share * 10_000) / children[yearAt(day)]!,
    metricHolds,
    yearStarts: grid.bounds.slice(0, -1),
  });
  const plan = planPolicy(scenario, parameters, grid.bounds.at(-1)!, inputs.readBy, inputs.fixed, planning(() => true));
  const epochs = plan.epochs.map((e) => ({ start: e.start, model: compile(e) }));
  const dynamic = scenario.levers.filter((l) => l.entry.when?.metric !== undefined && planning(() => true).applies(l));
  const control = dynamic.length === 0 ? null : () => metricControl(dynamic, inputs, (holds) => planPolicy(scenario, parameters, grid.bounds.at(-1)!, inputs.readBy, inputs.fixed, planning(holds)).epochs.map((e) => ({ start: e.start, model: compile(e) })), children, parameters);
  return { code: a.code, name: a.name, share: a.share, population, parameters, epochs, levers: plan.levers, control };
}

/**
 * Decides each metric condition at the lever's start and at each later year's start, from the
 * area's previous financial year in this run; the epochs from then on follow the decisions (a year
 * not yet decided is taken to continue the last decision).
 */
function metricControl(levers: DeclaredLever[], inputs: AreaInputs, epochsFor: (holds: AreaPlanning['metricHolds']) => ModelEpoch[], children: number[], parameters: ResolvedParameters): EpochControl {
  const { grid, metrics } = inputs;
  const fromDay = (l: DeclaredLever) => Math.round((Date.parse(`${l.entry.from}T00:00:00Z`) - Date.parse(`${grid.start}T00:00:00Z`)) / 86_400_000);
  const days = [...new Set(levers.flatMap((l) => [fromDay(l), ...grid.bounds.slice(0, -1).filter((b) => b > fromDay(l))]))].sort((x, y) => x - y);
  const decisions = new Map<DeclaredLever, { day: number; holds: boolean }[]>(levers.map((l) => [l, []]));
  const holds = (l: DeclaredLever, day: number): boolean => {
    const made = decisions.get(l)!.filter((d) => d.day <= day);
    return made.length === 0 ? (decisions.get(l)!.at(-1)?.holds ?? true) : made.at(-1)!.holds;
  };
  return {
    days,
    decide(day, values) {
      let changed = false;
      for (const l of levers) {
        if (day < fromDay(l)) continue;
        const w = l.entry.when!;
        const row = values.at(-1);
        const year = values.length - 1;
        const raw = row ? row[metrics.indexOf(w.metric!)]! : NaN;
        const v = w.per10k ? (raw * 10_000) / children[Math.max(0, year)]! : raw;
        const bound = w.below ?? w.above!;
        const limit = typeof bound === 'string' ? (parameters.get(bound)!.value as number) : bound;
        const now = Number.isFinite(v) && (w.below !== undefined ? v < limit : v > limit);
        const list = decisions.get(l)!;
        if (list.at(-1)?.holds !== now || list.length === 0) changed = true;
        list.push({ day, holds: now });
      }
      return changed ? epochsFor(holds) : null;
    },
  };
}

/** Runs `f`, naming the area in any input error it meets (its parameters differ from the file's). */
function inArea<T>(a: DeclaredArea, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.file, `in area ${a.code} (${a.name}), with its own parameters: ${e.detail}`, e.line, e.col, e.impossible);
    throw e;
  }
}

/** Levers' place-related fields need areas; a metric must be one the model reports. */
function checkNationalLevers(scenario: Scenario): void {
  for (const l of scenario.levers) {
    const e = l.entry;
    const at = (f: string) => ['policy', l.index, f];
    if (e.areas) throw l.origin.error(at('areas'), `lever '${e.name}' names areas, but the scenario has no areas file (its 'areas' key)`);
    if (e.allocate) throw l.origin.error(at('allocate'), `lever '${e.name}' allocates between areas, but the scenario has no areas file (its 'areas' key)`);
    if (e.when?.metric !== undefined || e.when?.per10k) throw l.origin.error(at('when'), `lever '${e.name}': a condition on a metric or per 10,000 children is tested in each area, but the scenario has no areas file (its 'areas' key)`);
  }
}

/** A parameter a lever names in its condition or allocation must exist. */
function checkConditionParameters(scenario: Scenario, inputs: AreaInputs): void {
  for (const l of scenario.levers) {
    const e = l.entry;
    const names: [(string | number)[], string | number | undefined][] = [
      [['when', 'parameter'], e.when?.parameter],
      [['when', 'below'], e.when?.below],
      [['when', 'above'], e.when?.above],
      [['allocate', 'weight'], e.allocate?.weight],
    ];
    for (const [at, name] of names) {
      if (typeof name !== 'string' || inputs.national.has(name)) continue;
      const near = nearest(name, [...inputs.national.keys()]);
      throw l.origin.error(['policy', l.index, ...at], `lever '${e.name}': unknown parameter '${name}'${near ? ` (did you mean '${near}'?)` : ''}`);
    }
  }
}

function checkAreaLevers(scenario: Scenario, file: AreasFile, inputs: AreaInputs): void {
  const known = file.areas.flatMap((a) => [a.code, a.name]);
  for (const l of scenario.levers) {
    const e = l.entry;
    (e.areas ?? []).forEach((name, i) => {
      if (known.includes(name)) return;
      const near = nearest(name, known);
      throw l.origin.error(['policy', l.index, 'areas', i], `lever '${e.name}': unknown area '${name}'${near ? ` (did you mean '${near}'?)` : ''}; ${file.file} has ${file.areas.map((a) => `${a.code} (${a.name})`).join(', ')}`);
    });
    if (e.when?.metric !== undefined && !inputs.metrics.includes(e.when.metric)) {
      const near = nearest(e.when.metric, inputs.metrics);
      throw l.origin.error(['policy', l.index, 'when', 'metric'], `lever '${e.name}': unknown metric '${e.when.metric}'${near ? ` (did you mean '${near}'?)` : ''}; annual.csv's metric column lists them`);
    }
    if (e.allocate) {
      const unit = inputs.national.get(e.parameter)?.unit ?? '';
      if (!COUNTED.test(unit.trim())) throw l.origin.error(['policy', l.index, 'allocate'], `lever '${e.name}': ${e.parameter} (${unit}) is not an amount counted over the country, so there is nothing to allocate`);
    }
  }
}
